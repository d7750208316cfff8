"""Aging buckets of overdue amounts, by days past the due date."""

# code, label, first day, last day (None: open-ended). The codes sort in bucket
# order: pivots and graphs order a selection's groups by code.
AGING_BUCKETS = [
    ("b0_not_due", "Not due", None, 0),
    ("b1_1_30", "1-30 days", 1, 30),
    ("b2_31_60", "31-60 days", 31, 60),
    ("b3_61_90", "61-90 days", 61, 90),
    ("b4_91_120", "91-120 days", 91, 120),
    ("b5_over_120", "Over 120 days", 121, None),
]


def aging_bucket(days_overdue: int) -> str:
    """The bucket code of an invoice ``days_overdue`` days past its due date."""
    for code, _label, first, last in AGING_BUCKETS:
        if (first is None or days_overdue >= first) and (last is None or days_overdue <= last):
            return code
    raise ValueError(days_overdue)
