"""The claim: what a debtor is asked to pay, decided once for all that goes out.

For one debtor, one company, one currency and one date. Per open invoice:
what is open, less what is held (the first hold that applies, in
``NOT_CLAIMED_REASONS`` order), plus the interest and fees charged on what
is claimed; then the debtor's unapplied credits (open credit notes and
payments not matched yet) are deducted; below the company's minimum,
nothing is claimed at all.

Choices, so that every sender reads the same figure:

- A held invoice is never claimed: a placement, an exclusion, insolvency
  proceedings, an invoice kept out of follow-up or an open promise (until
  its date plus tolerance) hold it whole; an open dispute holds its amount,
  or the whole invoice when the company's hold mode says so.
- Interest of a partly held invoice is claimed on the claimable share only
  (pro rata, rounded once); its fixed fee is claimed as long as something
  of it is claimed. The interest of the held share is not lost: once the
  hold lifts (a dispute rejected), the periods charged on a share only are
  claimed again up to the new share (``Invoice.back``), less what they
  charged; a credit note that upholds the dispute lowers what they accrued,
  so nothing comes back on what was not owed.
- Credits are applied as Odoo's reconciliation would apply them: oldest
  credit first, to the claimable open amount of the oldest invoice first
  (earliest due date, then id); what is left of them then lowers the
  interest and fees, in the same order. The interest of an invoice stops on
  what a credit covers from the credit's date (``credit_allocation``: the
  caller computes the interest with it). They never touch a held amount:
  what is held is not claimed, so there is nothing to deduct from. What no
  claim absorbs stays the debtor's (``credit_left``).
- The minimum applies to the total after credits: a claim under it is not
  made (every claimable line goes to ``not_claimed`` as ``below_minimum``).

Amounts are ``Decimal`` in the claim's currency, already rounded to it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from .interest import round_money
from .letters import CLAIMING_KINDS

ZERO = Decimal(0)

# Why (part of) an invoice is not claimed. Holds in order of precedence: the
# first that applies is the reason shown.
NOT_CLAIMED_REASONS = [
    ("excluded", "Debtor excluded from collection"),
    ("insolvency", "Insolvency proceedings are open"),
    ("no_followup", "Invoice excluded from follow-up"),
    ("placement", "Placed with an agency"),
    ("dispute", "Open dispute"),
    ("promise", "Open promise to pay"),
    ("below_minimum", "Below the minimum amount claimed"),
]
WHOLE_HOLDS = ("excluded", "insolvency", "no_followup", "placement")
# What goes out: the letter kinds (core.letters), the account statement and
# the reminder messages (email, SMS).
STATEMENT = "statement"
MESSAGE = "message"
# The notice of hand-over tells the debtor the placed debt is now the
# agency's to collect: it claims the placed invoices, the others do not.
CLAIMS_PLACED = ("handover",)
# The statement of claim lodged with an insolvency administrator: what was
# owed on the opening date, insolvency not holding it (other holds do).
INSOLVENCY = "insolvency"
CREDIT_KINDS = [("credit_note", "Credit note"), ("payment", "Payment")]
CREDIT_NOTE_MOVE_TYPE = "out_refund"  # Odoo's customer credit note


def credit_kind(move_type: str) -> str:
    """CREDIT_KINDS code of what credits or settles an invoice: a credit note
    corrects it (``core.interest``); anything else (a payment, a write-off)
    pays it."""
    return "credit_note" if move_type == CREDIT_NOTE_MOVE_TYPE else "payment"


def charges_apply(kind: str | None, stage_charges: bool) -> bool:
    """Whether interest and fees are claimed: a formal letter claims them, a
    stage's letter (``kind`` None) when its stage says so, a statement or a
    message never."""
    if kind in (STATEMENT, MESSAGE):
        return False
    return kind in CLAIMING_KINDS or kind == INSOLVENCY or stage_charges


@dataclass(frozen=True)
class Invoice:
    """An open customer invoice with what may hold it, and what it is charged."""

    move_id: int
    residual: Decimal  # open amount, > 0
    due_date: date | None = None
    disputed: Decimal = ZERO  # sum of its open disputes
    dispute_whole: bool = False  # the company's hold mode: a dispute holds the invoice
    promise_until: date | None = None  # open promise: promised date + tolerance
    placed: bool = False  # with an agency (active placement)
    excluded: bool = False  # the debtor is excluded from collection
    insolvent: bool = False
    no_followup: bool = False
    interest: Decimal = ZERO  # not yet charged, on the whole open amount
    fees: Decimal = ZERO
    # Periods charged on a share only (part was held then): (start, end,
    # what the whole open amount accrued over it, what was charged).
    back: tuple[tuple[date, date, Decimal, Decimal], ...] = ()


@dataclass(frozen=True)
class Credit:
    """An unapplied credit of the debtor: open credit note or unmatched payment."""

    ref: int  # the credit note's move id, or the payment's move line id
    amount: Decimal  # positive: what is still unapplied
    kind: str = "payment"  # CREDIT_KINDS code
    when: date | None = None
    name: str = ""


@dataclass(frozen=True)
class InvoiceClaim:
    move_id: int
    open: Decimal
    held: Decimal  # never part of the total
    reason: str | None  # NOT_CLAIMED_REASONS code of the hold, or None
    claimable: Decimal  # what is asked for of the open amount
    interest: Decimal  # the new days', and ``back``'s
    fees: Decimal
    credited: Decimal = ZERO  # the debtor's credits applied to this invoice
    back: tuple[tuple[date, date, Decimal], ...] = ()  # (start, end, amount) of ``interest``

    @property
    def share(self) -> Decimal:
        """The share of the open amount claimed: what its interest is charged on."""
        return self.claimable / self.open if self.open else ZERO

    @property
    def due(self) -> Decimal:
        return self.claimable + self.interest + self.fees - self.credited


@dataclass(frozen=True)
class CreditUse:
    credit: Credit
    applied: Decimal


@dataclass(frozen=True)
class NotClaimed:
    move_id: int
    amount: Decimal  # of the open amount
    reason: str  # NOT_CLAIMED_REASONS code


@dataclass(frozen=True)
class Claim:
    on: date
    lines: tuple[InvoiceClaim, ...]
    credits: tuple[CreditUse, ...]
    not_claimed: tuple[NotClaimed, ...]
    total: Decimal
    minimum: Decimal = ZERO
    below_minimum: bool = False  # there was something to claim, under the minimum
    credit_left: Decimal = ZERO  # credits no claimed amount absorbed

    def _sum(self, name):
        return sum((getattr(line, name) for line in self.lines), ZERO)

    @property
    def open(self) -> Decimal:
        return self._sum("open")

    @property
    def held(self) -> Decimal:
        return self._sum("held")

    @property
    def claimable(self) -> Decimal:
        return self._sum("claimable")

    @property
    def interest(self) -> Decimal:
        return self._sum("interest")

    @property
    def fees(self) -> Decimal:
        return self._sum("fees")

    @property
    def credit_applied(self) -> Decimal:
        return sum((use.applied for use in self.credits), ZERO)

    @property
    def claimed_move_ids(self) -> list[int]:
        """The invoices something is claimed of, oldest first."""
        return [line.move_id for line in self.lines if line.claimable > 0]


def hold_of(
    invoice: Invoice, on: date, *, placement_holds: bool = True, insolvency_holds: bool = True
) -> tuple[Decimal, str]:
    """(held amount, reason code) of one invoice; (0, None) when nothing holds it."""
    whole = {
        "excluded": invoice.excluded,
        "insolvency": invoice.insolvent and insolvency_holds,
        "no_followup": invoice.no_followup,
        "placement": invoice.placed and placement_holds,
    }
    for code in WHOLE_HOLDS:
        if whole[code]:
            return invoice.residual, code
    if invoice.disputed > 0:
        held = (
            invoice.residual if invoice.dispute_whole else min(invoice.disputed, invoice.residual)
        )
        if held >= invoice.residual:
            return invoice.residual, "dispute"
        partial = (held, "dispute")
    else:
        partial = (ZERO, None)
    if invoice.promise_until is not None and on <= invoice.promise_until:
        return invoice.residual, "promise"
    return partial


def _order(invoice: Invoice):
    return (invoice.due_date or date.max, invoice.move_id)


def _pots(credits):
    return [[credit, credit.amount] for credit in sorted(credits, key=_credit_order)]


def _spend(pots, room):
    """Take up to ``room`` from the credit pots, oldest first: [(credit, taken)]."""
    taken = []
    for pot in pots:
        if room <= 0:
            break
        take = min(pot[1], room)
        if take > 0:
            pot[1] -= take
            room -= take
            taken.append((pot[0], take))
    return taken


def _held(invoices, on, holds):
    """(invoice, held amount, reason) of the open invoices, oldest first."""
    return [
        (invoice, *hold_of(invoice, on, **holds))
        for invoice in sorted((i for i in invoices if i.residual > 0), key=_order)
    ]


def _apply_credits(lines, credits):
    """Spend the credits, oldest first, on the lines' principal then charges."""
    pots = _pots(credits)
    credited = [ZERO] * len(lines)
    for index, line in enumerate(lines):
        credited[index] += sum((take for _c, take in _spend(pots, line.claimable)), ZERO)
    for index, line in enumerate(lines):
        room = line.claimable + line.interest + line.fees - credited[index]
        credited[index] += sum((take for _c, take in _spend(pots, room)), ZERO)
    uses = tuple(
        CreditUse(credit, credit.amount - left) for credit, left in pots if credit.amount - left > 0
    )
    left = sum((left for _credit, left in pots), ZERO)
    lines = [replace(line, credited=credited[i]) for i, line in enumerate(lines)]
    return lines, uses, left


def credit_allocation(
    invoices: Iterable[Invoice],
    credits: Iterable[Credit],
    *,
    on: date,
    placement_holds: bool = True,
    insolvency_holds: bool = True,
) -> dict[int, list[tuple[Credit, Decimal]]]:
    """{move id: [(credit, amount)]}: the credits ``claim`` applies to each
    invoice's claimable open amount (the same order, the same amounts).

    What a credit covers was received on the credit's date: the invoice's
    interest on it stops then, as it would for a payment matched with it.
    """
    holds = {"placement_holds": placement_holds, "insolvency_holds": insolvency_holds}
    pots = _pots([credit for credit in credits if credit.amount > 0])
    allocation = {}
    for invoice, held, _reason in _held(invoices, on, holds):
        if taken := _spend(pots, invoice.residual - held):
            allocation[invoice.move_id] = taken
    return allocation


def _credit_order(credit: Credit):
    return (credit.when or date.min, credit.ref)


def claim(
    invoices: Iterable[Invoice],
    credits: Iterable[Credit] = (),
    *,
    on: date,
    rounding: Decimal = Decimal("0.01"),
    minimum: Decimal = ZERO,
    placement_holds: bool = True,
    insolvency_holds: bool = True,
) -> Claim:
    """What one debtor is asked to pay on ``on``, in one currency.

    ``minimum`` is in the claim's currency (0: none). ``placement_holds`` is
    False for the notice of hand-over (``CLAIMS_PLACED``), ``insolvency_holds``
    for the statement of claim (``INSOLVENCY``).
    """
    holds = {"placement_holds": placement_holds, "insolvency_holds": insolvency_holds}
    lines, not_claimed = [], []
    for invoice, held, reason in _held(invoices, on, holds):
        claimable = invoice.residual - held
        back = ()
        if claimable <= 0:
            interest = fees = ZERO
        else:
            share = claimable / invoice.residual
            interest = round_money(invoice.interest * share, rounding) if held else invoice.interest
            fees = invoice.fees
            back = tuple(
                (start, end, owed)
                for start, end, accrued, charged in invoice.back
                if (owed := round_money(accrued * share, rounding) - charged) > 0
            )
            interest += sum((owed for _start, _end, owed in back), ZERO)
        lines.append(
            InvoiceClaim(
                invoice.move_id,
                invoice.residual,
                held,
                reason,
                claimable,
                interest,
                fees,
                back=back,
            )
        )
        if held:
            not_claimed.append(NotClaimed(invoice.move_id, held, reason))
    credits = [credit for credit in credits if credit.amount > 0]
    lines, uses, left = _apply_credits(lines, credits)
    total = sum((line.due for line in lines), ZERO)
    below = ZERO < total < minimum
    if below:
        not_claimed += [
            NotClaimed(line.move_id, line.claimable, "below_minimum")
            for line in lines
            if line.claimable > 0
        ]
        lines = [
            replace(line, claimable=ZERO, interest=ZERO, fees=ZERO, credited=ZERO, back=())
            for line in lines
        ]
        uses, left, total = (), sum((c.amount for c in credits), ZERO), ZERO
    return Claim(
        on=on,
        lines=tuple(lines),
        credits=uses,
        not_claimed=tuple(not_claimed),
        total=total,
        minimum=minimum,
        below_minimum=below,
        credit_left=left,
    )
