from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from debt_core.segments import PaymentFigures, classify, score

figures_st = st.builds(
    PaymentFigures,
    invoices=st.integers(0, 200),
    paid_late=st.integers(0, 200),
    avg_days_late=st.floats(0, 400),
    max_days_late=st.integers(0, 400),
    open_overdue=st.integers(0, 50),
    oldest_overdue_days=st.integers(0, 400),
    broken_promises=st.integers(0, 10),
    kept_promises=st.integers(0, 10),
    disputes=st.integers(0, 10),
    written_off=st.integers(0, 5),
    insolvent=st.booleans(),
).filter(lambda f: f.paid_late <= f.invoices)


def test_good_payer():
    result = classify(PaymentFigures(invoices=12, paid_late=1, avg_days_late=3, max_days_late=3))
    assert result.segment == "good"
    assert result.score > 90
    assert result.reasons == (("late_share", 8),)


def test_first_time_defaulter():
    f = PaymentFigures(invoices=12, open_overdue=1, oldest_overdue_days=10, max_days_late=10)
    assert classify(f).segment == "first_time"


def test_lethargic_payer():
    f = PaymentFigures(invoices=10, paid_late=6, avg_days_late=12, max_days_late=25)
    result = classify(f)
    assert result.segment == "lethargic"
    assert result.reasons == (("late_share", 60),)
    # Few invoices but always very late is a habit too.
    assert classify(PaymentFigures(invoices=2, paid_late=2, avg_days_late=20)).segment == (
        "lethargic"
    )


def test_bad_debt():
    assert classify(PaymentFigures(invoices=5, broken_promises=2)).segment == "bad_debt"
    assert classify(PaymentFigures(invoices=5, max_days_late=90)).segment == "bad_debt"
    assert classify(PaymentFigures(invoices=5, max_days_late=89)).segment != "bad_debt"
    assert classify(PaymentFigures(invoices=5, written_off=1)).reasons == (("written_off", 1),)


def test_insolvent_is_point_of_no_return():
    result = classify(PaymentFigures(invoices=50, insolvent=True))
    assert (result.segment, result.score) == ("no_return", 0)


@given(figures_st)
def test_score_in_range(f):
    assert 0 <= score(f) <= 100
    assert classify(f).score == score(f)
    assert classify(f).reasons  # a segment always comes with its reasons


@given(figures_st, st.integers(1, 5))
def test_breaking_promises_never_helps(f, more):
    worse = replace(f, broken_promises=f.broken_promises + more)
    assert score(worse) <= score(f)


@given(figures_st, st.integers(1, 200))
def test_older_debt_never_helps(f, more):
    worse = replace(f, oldest_overdue_days=f.oldest_overdue_days + more)
    assert score(worse) <= score(f)
