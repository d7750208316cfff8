"""Debtor segments: how a debtor is treated depends on how it has paid.

``classify`` turns a debtor's payment figures of the last twelve months into
a segment, a 0-100 likelihood-to-pay score and the reasons behind both, so a
clerk can see why a debtor is where it is.
"""

from dataclasses import dataclass

SEGMENTS = [
    ("good", "Good payer"),
    ("first_time", "First-time defaulter"),
    ("lethargic", "Lethargic payer"),
    ("bad_debt", "Bad debt"),
    ("no_return", "Point of no return"),
]

# Default pace per segment, in days added to every stage threshold: gentle
# and slow for first-time defaulters, fast for bad debt.
DEFAULT_OFFSETS = {
    "good": 0,
    "first_time": 7,
    "lethargic": 0,
    "bad_debt": -10,
    "no_return": -30,
}

# A share of invoices paid late at or above this makes a habit.
LATE_HABIT_SHARE = 0.3
LATE_HABIT_MIN_INVOICES = 3
LATE_HABIT_AVG_DAYS = 15
BAD_DEBT_DAYS = 90
BAD_DEBT_BROKEN_PROMISES = 2


@dataclass(frozen=True)
class PaymentFigures:
    """What a debtor did over the last twelve months (plain numbers)."""

    invoices: int = 0  # customer invoices issued
    paid_late: int = 0  # of those, paid after their due date
    avg_days_late: float = 0.0  # over invoices that were paid late (the habit)
    max_days_late: int = 0  # worst delay, paid or still open
    open_overdue: int = 0  # invoices overdue now
    oldest_overdue_days: int = 0
    broken_promises: int = 0
    kept_promises: int = 0
    disputes: int = 0
    written_off: int = 0
    insolvent: bool = False

    @property
    def late_share(self) -> float:
        return self.paid_late / self.invoices if self.invoices else 0.0


@dataclass(frozen=True)
class Segmentation:
    segment: str
    score: int
    reasons: tuple[tuple[str, int | float], ...]  # (reason code, its figure)


def score(f: PaymentFigures) -> int:
    """Likelihood to pay, 0 (will not pay) to 100 (certain to pay)."""
    if f.insolvent:
        return 0
    penalty = (
        40 * f.late_share
        + 0.5 * min(f.avg_days_late, 60)
        + 0.2 * min(f.oldest_overdue_days, 100)
        + min(10 * f.broken_promises, 30)
        + min(3 * f.disputes, 9)
        + min(25 * f.written_off, 50)
    )
    bonus = min(2 * f.kept_promises, 6)
    return max(0, min(100, round(100 - penalty + bonus)))


def classify(f: PaymentFigures) -> Segmentation:
    """The segment of a debtor, the first rule that applies winning."""
    if f.insolvent:
        return Segmentation("no_return", score(f), (("insolvent", 1),))
    bad = []
    if f.written_off:
        bad.append(("written_off", f.written_off))
    if f.broken_promises >= BAD_DEBT_BROKEN_PROMISES:
        bad.append(("broken_promises", f.broken_promises))
    if f.max_days_late >= BAD_DEBT_DAYS:
        bad.append(("max_days_late", f.max_days_late))
    if bad:
        return Segmentation("bad_debt", score(f), tuple(bad))
    habit = []
    if f.invoices >= LATE_HABIT_MIN_INVOICES and f.late_share >= LATE_HABIT_SHARE:
        habit.append(("late_share", round(100 * f.late_share)))
    if f.avg_days_late >= LATE_HABIT_AVG_DAYS:
        habit.append(("avg_days_late", round(f.avg_days_late)))
    if habit:
        return Segmentation("lethargic", score(f), tuple(habit))
    if f.open_overdue:
        reasons = [("open_overdue", f.open_overdue), ("late_share", round(100 * f.late_share))]
        return Segmentation("first_time", score(f), tuple(reasons))
    return Segmentation("good", score(f), (("late_share", round(100 * f.late_share)),))
