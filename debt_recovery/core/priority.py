"""The clerk's worklist order: which debtor to work on first.

A priority from 0 to 100 adds up points for what makes a call worth making
now: how much is overdue (on a log scale, so one large debtor does not bury
all the others), how late it is, how unlikely the debtor is to pay on its
own, promises it broke, and a callback or other task due today. Debtors on
hold (every overdue invoice promised or disputed) sink to the bottom: there is
nothing to do but wait.
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
    if debtor.on_hold:
        points /= 4
    if debtor.due_today:  # a promised callback is kept, on hold or not
        points += WEIGHTS["due_today"]
    return max(1, min(100, round(points)))
