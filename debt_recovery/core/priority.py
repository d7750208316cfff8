"""The clerk's worklist order: which debtor to work on first.

A priority from 0 to 100 adds up points for what makes a call worth making
now: how much is overdue (on a log scale, so one large debtor does not bury
all the others), how late it is, how unlikely the debtor is to pay on its
own, promises it broke, and a callback or other task due today. Debtors on
hold (every overdue invoice promised or disputed) sink to the bottom: there is
nothing to do but wait.

Each row also says why it is there (its top reasons, as codes with a figure)
and what to do next; debtors held, placed, written off or insolvent have their
own lists instead of "to do".
"""

import math
from dataclasses import dataclass

# Most points each factor can give; they add up to 100.
WEIGHTS = {
    "amount": 35,
    "lateness": 25,
    "risk": 15,
    "broken_promises": 10,
    "due_today": 15,
}
AMOUNT_CAP = 100_000.0  # in company currency: from here on, amount gives all its points
LATENESS_CAP = 120  # days: from here on, lateness gives all its points
BROKEN_PROMISES_CAP = 2
UNKNOWN_SCORE = 50  # a debtor not segmented yet counts as a coin toss


@dataclass(frozen=True)
class Debtor:
    overdue_amount: float  # company currency
    days_late: int  # of the oldest overdue invoice
    score: int | None  # likelihood to pay, 0-100 (segmentation), None: not scored
    broken_promises: int  # in the last 12 months
    due_today: bool  # a callback or other task on the debtor due today or before
    on_hold: bool  # every overdue invoice is promised or disputed
    placed: bool = False  # every overdue invoice is held, one at least with an agency
    phase: str | None = None  # phase of the furthest stage (core.stages.PHASES)
    stage_days: int | None = None  # days in the furthest stage
    insolvent: bool = False


def priority(debtor: Debtor) -> int:
    """The debtor's place in the worklist, 0 (nothing to do) to 100 (call now)."""
    if debtor.overdue_amount <= 0:
        return 0
    amount = min(math.log10(1 + debtor.overdue_amount) / math.log10(1 + AMOUNT_CAP), 1.0)
    lateness = min(max(debtor.days_late, 0), LATENESS_CAP) / LATENESS_CAP
    score = UNKNOWN_SCORE if debtor.score is None else debtor.score
    risk = (100 - score) / 100
    broken = min(debtor.broken_promises, BROKEN_PROMISES_CAP) / BROKEN_PROMISES_CAP
    points = (
        WEIGHTS["amount"] * amount
        + WEIGHTS["lateness"] * lateness
        + WEIGHTS["risk"] * risk
        + WEIGHTS["broken_promises"] * broken
    )
    state = worklist_state(debtor)
    if state != "todo":
        points /= 4
    # A promised callback is kept, on hold or not; placed or closed, the call waits.
    if debtor.due_today and state in ("todo", "held"):
        points += WEIGHTS["due_today"]
    return max(1, min(100, round(points)))


# Which list the debtor belongs to; "todo" is the clerk's.
WORKLIST_STATES = [
    ("todo", "To do"),
    ("held", "On hold"),
    ("placed", "Placed with an agency"),
    ("written_off", "Written off"),
    ("insolvent", "Insolvent"),
]
# Reason codes, each with its figure (or None); labels live in the model.
REASON_CODES = (
    "insolvent",  # -
    "written_off",  # -
    "placed",  # -
    "on_hold",  # -
    "call_due",  # -
    "broken_promise",  # how many in 12 months
    "in_stage",  # days in the furthest stage
    "unlikely_to_pay",  # likelihood to pay 0-100
    "days_late",  # days late of the oldest invoice
    "large_amount",  # overdue amount, company currency
)
# Next actions, one per debtor.
NEXT_ACTIONS = (
    "none",  # insolvent or written off: the claim is handled outside the worklist
    "follow_placement",  # the agency works it
    "wait",  # wait for the promised payment or the dispute's outcome
    "do_task",  # the call or task due today
    "call",  # call the debtor
    "propose_escalation",  # long in the stage: time to go further
    "remind",  # early on the ladder: a reminder does
)
UNLIKELY_SCORE = 40  # below it, the likelihood to pay is a reason
LARGE_AMOUNT = 10_000.0  # company currency: from here on, the amount is a reason
LONG_IN_STAGE = 30  # days: from here on, the stage is a reason to go further
EARLY_PHASES = ("preventive", "administrative")
MAX_REASONS = 3


def worklist_state(debtor: Debtor) -> str:
    """The list the debtor is on: the first state that applies, "todo" otherwise."""
    if debtor.insolvent:
        return "insolvent"
    if debtor.phase == "closed":
        return "written_off"
    if debtor.placed:
        return "placed"
    if debtor.on_hold:
        return "held"
    return "todo"


def reasons(debtor: Debtor) -> list[tuple[str, float | None]]:
    """The debtor's top reasons to be on the worklist, most telling first."""
    state = worklist_state(debtor)
    found: list[tuple[str, float | None]] = []
    if state == "held":
        found.append(("on_hold", None))
    elif state != "todo":
        found.append((state, None))
    if debtor.due_today:
        found.append(("call_due", None))
    if debtor.broken_promises:
        found.append(("broken_promise", debtor.broken_promises))
    if debtor.stage_days is not None and debtor.phase and debtor.phase not in EARLY_PHASES:
        found.append(("in_stage", debtor.stage_days))
    if debtor.score is not None and debtor.score < UNLIKELY_SCORE:
        found.append(("unlikely_to_pay", debtor.score))
    if debtor.overdue_amount >= LARGE_AMOUNT:
        found.append(("large_amount", debtor.overdue_amount))
    found.append(("days_late", debtor.days_late))
    return found[:MAX_REASONS]


def next_action(debtor: Debtor) -> str:
    """What the clerk does next with the debtor."""
    state = worklist_state(debtor)
    if state in ("insolvent", "written_off"):
        return "none"
    if state == "placed":
        return "follow_placement"
    if debtor.due_today:
        return "do_task"
    if state == "held":
        return "wait"
    if debtor.broken_promises:
        return "call"
    if (
        debtor.phase
        and debtor.phase not in EARLY_PHASES
        and (debtor.stage_days or 0) >= LONG_IN_STAGE
    ):
        return "propose_escalation"
    if debtor.phase in (None, *EARLY_PHASES) and not debtor.overdue_amount >= LARGE_AMOUNT:
        return "remind"
    return "call"
