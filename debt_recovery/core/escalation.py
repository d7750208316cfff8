"""Which stage an invoice belongs in, as a transition table SQL can join on.

The daily run does not decide per invoice in Python. For each company this
module turns the stage ladder and the per-segment day offsets into a small
table of ranges::

    (segment, current stage, days from, days to) -> (new stage, proposed stage)

and one SQL statement joins every invoice of a batch on it. The table has a
few hundred rows however many invoices there are, and every decision rule
(threshold lookup, never moving back, manual stages, approval gating,
segment pace) lives here, where it is tested without a database.

What the run then decides per invoice (paid or held invoices stay, declined
proposals, when a stay starts and ends, closing) is written at the end of
this module as plain functions, each with its SQL twin beside it: the batch
statement (``models/debt_escalation.py``) composes the twins over its
columns, and ``tests/test_rule_twins.py`` checks that both agree.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

# How an invoice entered a stage.
ENTRY_REASONS = [
    ("run", "Daily run"),
    ("approval", "Approved by a manager"),
    ("manual", "Set by hand"),
    ("promise_broken", "Broken promise"),
    ("placement", "Placed with an agency"),
    ("write_off", "Written off as bad debt"),
]

# Days overdue are bounded by these in the table (open-ended ranges).
MIN_DAYS = -(10**6)
MAX_DAYS = 10**6


@dataclass(frozen=True)
class StageRule:
    """One stage of a company's ladder, in ladder order."""

    stage_id: int
    sequence: int
    automatic: bool  # entered by days overdue (False: by decision only)
    min_days_overdue: int  # threshold; ignored when not automatic
    requires_approval: bool = False


@dataclass(frozen=True)
class Transition:
    """Invoices of ``segment`` in ``current_stage_id`` with days overdue in
    ``[days_from, days_to)`` go to ``new_stage_id``; ``proposed_stage_id`` is
    a further move that waits for a manager's approval."""

    segment: str | None
    current_stage_id: int | None
    days_from: int
    days_to: int
    new_stage_id: int | None
    proposed_stage_id: int | None


def ordered(rules: Sequence[StageRule]) -> list[StageRule]:
    return sorted(rules, key=lambda r: (r.sequence, r.stage_id))


def stage_for(days_overdue: int, rules: Sequence[StageRule], offset: int = 0) -> int | None:
    """The automatic stage whose threshold ``days_overdue`` has reached.

    ``offset`` shifts every threshold for a debtor segment: +7 means this
    segment reaches each stage a week later, -10 ten days earlier.
    Returns None before the first threshold.
    """
    reached = [
        rule
        for rule in ordered(rules)
        if rule.automatic and days_overdue >= rule.min_days_overdue + offset
    ]
    return reached[-1].stage_id if reached else None


def gate(
    current_id: int | None, target_id: int | None, rules: Sequence[StageRule]
) -> tuple[int | None, int | None]:
    """Where an invoice in ``current_id`` goes when its days point at ``target_id``.

    Returns ``(new stage, proposed stage)``:
    - an invoice never moves back down the ladder, and never leaves a stage
      entered by decision (court, enforcement, write-off);
    - it never enters or passes a stage that requires approval: it stops on
      the stage before it, and that stage is proposed to a manager instead.
    """
    ladder = ordered(rules)
    position = {rule.stage_id: index for index, rule in enumerate(ladder)}
    if current_id is not None and current_id in position:
        if not ladder[position[current_id]].automatic:
            return current_id, None
    if target_id is None:
        return current_id, None
    start = position[current_id] + 1 if current_id in position else 0
    new = current_id
    for rule in ladder[start : position[target_id] + 1]:
        if not rule.automatic:
            continue  # entered by decision only: the run walks past it
        if rule.requires_approval:
            return new, rule.stage_id
        new = rule.stage_id
    return new, None


def transition_table(
    rules: Sequence[StageRule], offsets: dict[str | None, int]
) -> list[Transition]:
    """Every (segment, current stage, days range) -> (new, proposed) of a company.

    ``offsets`` maps each segment (None for debtors without one) to its day
    offset; segments missing from it move at the ladder's own pace.
    Adjacent ranges with the same outcome are merged.
    """
    automatic = [r for r in ordered(rules) if r.automatic]
    currents: list[int | None] = [None] + [r.stage_id for r in ordered(rules)]
    table = []
    for segment, offset in sorted(offsets.items(), key=lambda kv: (kv[0] is not None, kv[0])):
        bounds = sorted({rule.min_days_overdue + offset for rule in automatic})
        edges = [MIN_DAYS, *bounds, MAX_DAYS]
        for current in currents:
            merged: list[Transition] = []
            for days_from, days_to in zip(edges, edges[1:], strict=False):
                if days_from >= days_to:
                    continue
                new, proposed = gate(current, stage_for(days_from, rules, offset), rules)
                if merged and (merged[-1].new_stage_id, merged[-1].proposed_stage_id) == (
                    new,
                    proposed,
                ):
                    last = merged.pop()
                    days_from = last.days_from
                merged.append(Transition(segment, current, days_from, days_to, new, proposed))
            table += [t for t in merged if (t.new_stage_id, t.proposed_stage_id) != (current, None)]
    return table


def next_stage(current_id: int | None, rules: Sequence[StageRule]) -> tuple[int | None, int | None]:
    """One step up the automatic ladder from ``current_id``, as ``(new, proposed)``.

    Used when a debtor breaks a promise: the invoice moves on without waiting
    for its days overdue, but still never enters an approval stage by itself.
    """
    ladder = [rule for rule in ordered(rules) if rule.automatic]
    ids = [rule.stage_id for rule in ladder]
    if current_id is not None and current_id not in ids:
        return current_id, None  # a stage entered by decision: stay
    position = ids.index(current_id) + 1 if current_id is not None else 0
    if position >= len(ladder):
        return current_id, None
    step = ladder[position]
    return (current_id, step.stage_id) if step.requires_approval else (step.stage_id, None)


# ------------------------------------------------------------------
# Per invoice, once its transition is known. The SQL twins name their
# inputs as %(...)s: the batch statement passes its columns.
# ------------------------------------------------------------------


def run_stage(
    *, is_open: bool, held: bool, current_stage_id: int | None, target_stage_id: int | None
) -> int | None:
    """The stage the run leaves an invoice in: the transition's target, unless
    the invoice is paid or held (then it stays where it is)."""
    if is_open and not held and target_stage_id is not None:
        return target_stage_id
    return current_stage_id


RUN_STAGE_SQL = (
    "CASE WHEN %(is_open)s AND NOT %(held)s THEN COALESCE(%(target)s, %(current)s)"
    " ELSE %(current)s END"
)


def run_proposal(
    *, is_open: bool, held: bool, proposed_stage_id: int | None, declined_stage_id: int | None
) -> int | None:
    """The stage proposed to a manager: the transition's proposal, unless the
    invoice is paid or held, or a manager declined that very stage during
    this stay."""
    if is_open and not held and proposed_stage_id != declined_stage_id:
        return proposed_stage_id
    return None


RUN_PROPOSAL_SQL = (
    "CASE WHEN %(is_open)s AND NOT %(held)s AND %(proposed)s IS DISTINCT FROM %(declined)s"
    " THEN %(proposed)s END"
)


def starts_stay(
    *, old_stage_id: int | None, new_stage_id: int | None, is_open: bool, closed_date: date | None
) -> bool:
    """Whether a new stay starts: on a stage change, or when a paid invoice
    reopens. Its date, days and amount restart; a declined proposal is
    forgotten."""
    return new_stage_id != old_stage_id or (is_open and closed_date is not None)


STARTS_STAY_SQL = "(%(new)s IS DISTINCT FROM %(old)s OR (%(is_open)s AND %(closed)s IS NOT NULL))"


def ends_stay(
    *, old_stage_id: int | None, new_stage_id: int | None, is_open: bool, closed_date: date | None
) -> bool:
    """Whether the stay so far goes to the stage history: the invoice had a
    stage, was not closed yet, and changed stage or got paid."""
    return (
        old_stage_id is not None
        and closed_date is None
        and (new_stage_id != old_stage_id or not is_open)
    )


ENDS_STAY_SQL = (
    "(%(old)s IS NOT NULL AND %(closed)s IS NULL"
    " AND (%(new)s IS DISTINCT FROM %(old)s OR NOT %(is_open)s))"
)


def closed_on(
    *, is_open: bool, new_stage_id: int | None, closed_date: date | None, day: date
) -> date | None:
    """The day an invoice left collection: the first run that saw it paid
    (kept from then on); none while it is open or if it never had a stage."""
    if is_open or new_stage_id is None:
        return None
    return closed_date or day


CLOSED_ON_SQL = (
    "CASE WHEN %(is_open)s THEN NULL"
    " WHEN %(new)s IS NOT NULL THEN COALESCE(%(closed)s, %(day)s) END"
)
