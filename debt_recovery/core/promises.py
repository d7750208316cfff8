"""Promises to pay: states and checks on what may be promised."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

PROMISE_STATES = [
    ("open", "Open"),
    ("kept", "Kept"),
    ("partial", "Partially kept"),
    ("broken", "Broken"),
    ("cancelled", "Cancelled"),
]
CLOSED_PROMISE_STATES = ("kept", "partial", "broken", "cancelled")
CADENCES = [
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("month_end", "At the end of each month"),
]


def promise_holds_until(promised_date: date, tolerance_days: int) -> date:
    """The last day an open promise holds its invoices: its date plus tolerance.

    The day after, its grace is over: the promise is decided from the money
    received, and the daily run escalates its invoices again.
    """
    return promised_date + timedelta(days=tolerance_days)


# SQL twin of ``promise_holds_until`` on a ``debt_promise`` row aliased
# ``%(pr)s`` (date + integer is a date in PostgreSQL).
PROMISE_HOLDS_UNTIL_SQL = "(%(pr)s.promised_date + %(pr)s.tolerance_days)"


def grace_over(promised_date: date, tolerance_days: int, day: date) -> bool:
    """Whether a promise's date plus tolerance has passed on ``day``."""
    return day > promise_holds_until(promised_date, tolerance_days)


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


def promise_outcome(
    *, amount: float, received: float, grace_over: bool, precision: float
) -> str | None:
    """The state money received gives a promise, or None while it stays open.

    Kept as soon as the promised amount has come in, even before the date;
    once the date plus tolerance has passed: partially kept if some of it
    came, broken if nothing did.
    """
    if received - amount > -precision / 2:
        return "kept"
    if not grace_over:
        return None
    return "partial" if received > precision / 2 else "broken"


def installment_plan(
    total_units: int, count: int, first_date: date, cadence: str
) -> list[tuple[date, int]]:
    """Split ``total_units`` (in the currency's smallest unit, e.g. cents) into
    ``count`` installments: equal amounts, the last one taking the remainder,
    on dates that follow ``cadence`` from ``first_date``."""
    if count < 1 or total_units < count:
        raise ValueError("a plan needs at least one unit per installment")
    share = total_units // count
    amounts = [share] * (count - 1) + [total_units - share * (count - 1)]
    steps = {
        "weekly": lambda i: first_date + relativedelta(weeks=i),
        "monthly": lambda i: first_date + relativedelta(months=i),
        "month_end": lambda i: first_date + relativedelta(months=i, day=31),
    }
    return [(steps[cadence](i), amount) for i, amount in enumerate(amounts)]
