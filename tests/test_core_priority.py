"""The worklist priority: bounds, order between typical debtors, monotony."""

from hypothesis import given
from hypothesis import strategies as st

from debt_core.priority import Debtor, priority


def debtor(**kw):
    base = dict(
        overdue_amount=5000.0,
        days_late=30,
        score=50,
        broken_promises=0,
        due_today=False,
        on_hold=False,
    )
    return Debtor(**{**base, **kw})


def test_nothing_overdue_is_zero():
    assert priority(debtor(overdue_amount=0)) == 0


def test_typical_order():
    big_old_risky = debtor(overdue_amount=80000, days_late=150, score=10, broken_promises=2)
    medium = debtor()
    small_fresh_good = debtor(overdue_amount=120, days_late=3, score=95)
    assert priority(big_old_risky) > priority(medium) > priority(small_fresh_good) > 0
    assert priority(big_old_risky) >= 80  # all it can get without a task due today: 85


def test_callback_due_today_lifts_the_debtor():
    assert priority(debtor(due_today=True)) - priority(debtor()) == 15


def test_debtor_on_hold_sinks():
    assert priority(debtor(on_hold=True)) < priority(debtor(overdue_amount=200, days_late=5))


def test_unscored_debtor_counts_as_average():
    assert priority(debtor(score=None)) == priority(debtor(score=50))


amounts = st.floats(1, 10**7, allow_nan=False)
days = st.integers(0, 1000)
scores = st.integers(0, 100)


@given(amounts, days, scores, st.integers(0, 5), st.booleans(), st.booleans())
def test_bounds(amount, late, score, broken, due, hold):
    value = priority(
        debtor(
            overdue_amount=amount,
            days_late=late,
            score=score,
            broken_promises=broken,
            due_today=due,
            on_hold=hold,
        )
    )
    assert 1 <= value <= 100


@given(amounts, amounts, days, days, scores)
def test_more_owed_for_longer_never_ranks_lower(a1, a2, d1, d2, score):
    low = debtor(overdue_amount=min(a1, a2), days_late=min(d1, d2), score=score)
    high = debtor(overdue_amount=max(a1, a2), days_late=max(d1, d2), score=score)
    assert priority(high) >= priority(low)
