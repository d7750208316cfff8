"""Credit management: may new business go to this debtor, and if not, why not.

A company's credit policy is a list of rules; each rule looks at one fact of
the debtor in that company (exposure against its limit, the collection stage
its invoices reached, a recently broken promise, its segment, an active
placement, insolvency) and either blocks new business or only warns. A
manager's release lets blocked business through: for one document (an order
and its deliveries), or for the debtor until a date and/or while its exposure
stays under an amount.

Amounts are in the company currency; ``digits`` is its number of decimals.
The functions return codes and figures, never text: the ORM layer words them.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

RULE_KINDS = [
    ("credit_limit", "Credit limit exceeded"),
    ("stage_reached", "Collection stage reached"),
    ("broken_promise", "Promise to pay broken recently"),
    ("segment", "Debtor segment"),
    ("placed", "Placed with an agency"),
    ("insolvent", "Insolvent"),
]
RULE_ACTIONS = [
    ("block", "Block"),
    ("warn", "Warn only"),
]


@dataclass(frozen=True)
class CreditRule:
    rule_id: int
    kind: str
    action: str = "block"
    stage_sequence: int | None = None  # stage_reached: the chosen stage's position
    days: int = 0  # broken_promise: broken within this many days
    segments: frozenset = frozenset()  # segment: the codes that fire


@dataclass(frozen=True)
class DebtorCredit:
    """What the company knows about one debtor, in company currency."""

    receivables: float = 0.0  # open invoices less open credit notes
    orders: float = 0.0  # confirmed orders not yet invoiced
    limit: float = 0.0  # 0: no limit
    exempt: bool = False
    worst_stage_id: int | None = None
    worst_stage_sequence: int | None = None
    last_broken_promise: date | None = None
    segment: str | None = None
    placed: bool = False
    insolvent: bool = False

    @property
    def exposure(self) -> float:
        return self.receivables + self.orders


@dataclass(frozen=True)
class Release:
    """A manager's release: for the documents it names, or for the debtor."""

    release_id: int
    documents: frozenset = frozenset()  # e.g. {"sale.order,12"}
    debtor_wide: bool = False
    until: date | None = None
    up_to: float | None = None  # exposure ceiling


@dataclass(frozen=True)
class Finding:
    rule_id: int
    kind: str
    action: str
    figures: dict = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True)
class CreditDecision:
    findings: tuple = ()
    exposure: float = 0.0  # with the new amount
    new_amount: float = 0.0
    release_id: int | None = None  # the release that lets blocked business through

    @property
    def blocking(self) -> tuple:
        return tuple(f for f in self.findings if f.action == "block")

    @property
    def warnings(self) -> tuple:
        return tuple(f for f in self.findings if f.action == "warn")

    @property
    def blocked(self) -> bool:
        return bool(self.blocking) and self.release_id is None


def _greater(a: float, b: float, digits: int) -> bool:
    return round(a - b, digits) > 0


def _finding(rule: CreditRule, debtor: DebtorCredit, today: date, exposure: float, digits: int):
    """The figures of ``rule`` when it fires for ``debtor``, else None."""
    kind = rule.kind
    if kind == "credit_limit":
        if debtor.limit > 0 and _greater(exposure, debtor.limit, digits):
            return {
                "exposure": round(exposure, digits),
                "limit": round(debtor.limit, digits),
                "excess": round(exposure - debtor.limit, digits),
                "receivables": round(debtor.receivables, digits),
                "orders": round(debtor.orders, digits),
                "new_amount": round(exposure - debtor.exposure, digits),
            }
    elif kind == "stage_reached":
        if (
            rule.stage_sequence is not None
            and debtor.worst_stage_sequence is not None
            and debtor.worst_stage_sequence >= rule.stage_sequence
        ):
            return {"stage_id": debtor.worst_stage_id}
    elif kind == "broken_promise":
        since = today - timedelta(days=rule.days)
        if debtor.last_broken_promise and debtor.last_broken_promise >= since:
            return {"date": debtor.last_broken_promise.isoformat(), "days": rule.days}
    elif kind == "segment":
        if debtor.segment and debtor.segment in rule.segments:
            return {"segment": debtor.segment}
    elif kind == "placed":
        if debtor.placed:
            return {}
    elif kind == "insolvent":
        if debtor.insolvent:
            return {}
    else:
        raise ValueError(f"unknown credit rule kind: {kind}")
    return None


def release_applies(
    release: Release, *, today: date, exposure: float, documents: frozenset, digits: int = 2
) -> bool:
    """Whether ``release`` covers business on ``documents`` at ``exposure`` today."""
    if release.documents & documents:
        return True
    if not release.debtor_wide:
        return False
    if release.until is not None and today > release.until:
        return False
    return release.up_to is None or not _greater(exposure, release.up_to, digits)


def evaluate(
    debtor: DebtorCredit,
    rules,
    *,
    today: date,
    new_amount: float = 0.0,
    releases=(),
    documents: frozenset = frozenset(),
    digits: int = 2,
) -> CreditDecision:
    """Which of ``rules`` fire for ``debtor`` taking on ``new_amount`` more.

    An exempt debtor fires nothing. Blocking findings are lifted by the first
    release that covers ``documents`` or the debtor at the resulting exposure;
    warnings stay.
    """
    exposure = debtor.exposure + new_amount
    if debtor.exempt:
        return CreditDecision(exposure=exposure, new_amount=new_amount)
    findings = []
    for rule in rules:
        figures = _finding(rule, debtor, today, exposure, digits)
        if figures is not None:
            findings.append(Finding(rule.rule_id, rule.kind, rule.action, figures))
    release_id = None
    if any(f.action == "block" for f in findings):
        release_id = next(
            (
                r.release_id
                for r in releases
                if release_applies(
                    r, today=today, exposure=exposure, documents=documents, digits=digits
                )
            ),
            None,
        )
    return CreditDecision(tuple(findings), exposure, new_amount, release_id)
