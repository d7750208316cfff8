"""Aging buckets of overdue amounts, by days past the due date."""

# code, label, first day, last day (None: open-ended)
AGING_BUCKETS = [
    ("not_due", "Not due", None, 0),
    ("1_30", "1-30 days", 1, 30),
    ("31_60", "31-60 days", 31, 60),
    ("61_90", "61-90 days", 61, 90),
    ("91_120", "91-120 days", 91, 120),
    ("120_plus", "Over 120 days", 121, None),
]


def aging_bucket(days_overdue: int) -> str:
    """The bucket code of an invoice ``days_overdue`` days past its due date."""
    for code, _label, first, last in AGING_BUCKETS:
        if (first is None or days_overdue >= first) and (last is None or days_overdue <= last):
            return code
    raise ValueError(days_overdue)
