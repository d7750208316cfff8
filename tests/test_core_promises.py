from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from debt_core import promises
from debt_core.promises import installment_plan, promise_outcome, promise_problems

TODAY = date(2026, 3, 15)  # a fixed day: the function is given "today", it never reads the clock
CENT = 0.01


def problems(amount, open_amount=100.0, promised_date=TODAY):
    return promise_problems(
        amount=amount,
        open_amount=open_amount,
        promised_date=promised_date,
        today=TODAY,
        precision=CENT,
    )


def test_acceptable_promise():
    assert problems(100.0) == []
    assert problems(0.01) == []


def test_rounding_noise_is_not_above_open():
    # 0.1 + 0.2 != 0.3 in floats; at cent precision it is the same amount.
    assert problems(0.1 + 0.2, open_amount=0.3) == []


def test_amount_checks():
    assert problems(0.0) == ["amount_not_positive"]
    assert problems(-5.0) == ["amount_not_positive"]
    assert problems(100.01) == ["amount_above_open"]


def test_date_in_past():
    assert problems(10.0, promised_date=TODAY - timedelta(days=1)) == ["date_in_past"]
    assert problems(10.0, promised_date=TODAY + timedelta(days=400)) == []


@given(
    cents=st.integers(min_value=1, max_value=10**9),
    open_cents=st.integers(min_value=1, max_value=10**9),
)
def test_above_open_iff_more_cents(cents, open_cents):
    found = problems(cents / 100, open_amount=open_cents / 100)
    assert ("amount_above_open" in found) == (cents > open_cents)


def outcome(amount, received, grace_over):
    return promise_outcome(amount=amount, received=received, grace_over=grace_over, precision=CENT)


def test_outcomes():
    assert outcome(100.0, 100.0, False) == "kept"  # paid early: kept at once
    assert outcome(100.0, 120.0, True) == "kept"
    assert outcome(100.0, 99.999, False) == "kept"  # within the currency's rounding
    assert outcome(100.0, 60.0, False) is None  # still time
    assert outcome(100.0, 60.0, True) == "partial"
    assert outcome(100.0, 0.0, True) == "broken"
    assert outcome(100.0, 0.004, True) == "broken"


@given(
    amount=st.integers(1, 10**7),
    received=st.integers(0, 10**7),
    grace_over=st.booleans(),
)
def test_more_money_never_worsens_a_promise(amount, received, grace_over):
    rank = {"broken": 0, "partial": 1, None: 1, "kept": 2}
    before = outcome(amount / 100, received / 100, grace_over)
    after = outcome(amount / 100, (received + 1) / 100, grace_over)
    assert rank[after] >= rank[before]


def test_monthly_plan():
    plan = installment_plan(100000, 3, date(2026, 1, 31), "monthly")
    assert plan == [
        (date(2026, 1, 31), 33333),
        (date(2026, 2, 28), 33333),  # dateutil clips to the month's last day
        (date(2026, 3, 31), 33334),  # the last one takes the remainder
    ]


def test_weekly_and_month_end_plans():
    assert [d for d, _ in installment_plan(300, 3, date(2026, 3, 2), "weekly")] == [
        date(2026, 3, 2),
        date(2026, 3, 9),
        date(2026, 3, 16),
    ]
    assert [d for d, _ in installment_plan(300, 2, date(2026, 1, 10), "month_end")] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
    ]


@given(
    total=st.integers(1, 10**9),
    count=st.integers(1, 36),
    cadence=st.sampled_from(["weekly", "monthly", "month_end"]),
    offset=st.integers(0, 3000),
)
def test_plan_adds_up_and_moves_forward(total, count, cadence, offset):
    if total < count:
        return
    plan = installment_plan(total, count, TODAY + timedelta(days=offset), cadence)
    assert len(plan) == count
    assert sum(amount for _, amount in plan) == total
    assert all(amount > 0 for _, amount in plan)
    dates = [d for d, _ in plan]
    assert dates == sorted(dates) and len(set(dates)) == count


def test_grace_is_over_the_day_after_date_plus_tolerance():
    promised = date(2026, 2, 27)
    assert promises.promise_holds_until(promised, 3) == date(2026, 3, 2)
    assert not promises.grace_over(promised, 3, date(2026, 3, 2))
    assert promises.grace_over(promised, 3, date(2026, 3, 3))
