"""Promises to pay: states and checks on what may be promised."""

from datetime import date

PROMISE_STATES = [
    ("open", "Open"),
    ("kept", "Kept"),
    ("partial", "Partially kept"),
    ("broken", "Broken"),
    ("cancelled", "Cancelled"),
]
CLOSED_PROMISE_STATES = ("kept", "partial", "broken", "cancelled")


def promise_problems(
    *, amount: float, open_amount: float, promised_date: date, today: date, precision: float
) -> list[str]:
    """Codes of what is wrong with a new promise (empty when it is acceptable).

    ``precision`` is the currency's rounding: amounts are compared to it, not
    with ``==``.
    """
    problems = []
    if amount <= precision / 2:
        problems.append("amount_not_positive")
    if amount - open_amount > precision / 2:
        problems.append("amount_above_open")
    if promised_date < today:
        problems.append("date_in_past")
    return problems
