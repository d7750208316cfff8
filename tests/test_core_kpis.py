"""DSO, CEI, promise kept rate and the stage funnel on figures worked by hand."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from debt_core.kpis import Period, cei, dso, funnel, kept_rate


def test_dso_standard_method():
    # 60,000 owed at month end on 90,000 sold in a 30-day month: 20 days.
    assert dso(D(60000), D(90000), 30) == D(20)
    assert dso(D(1000), D(0), 30) is None


def test_cei_worked_example():
    # Begin 100,000; sold 50,000; end 70,000 of which 20,000 not yet due:
    # collected 80,000 of 130,000 collectible = 61.54 %.
    period = Period(days=30, begin=D(100000), sales=D(50000), end=D(70000), current=D(20000))
    assert round(cei(period), 2) == D("61.54")


def test_cei_everything_collected_is_100():
    period = Period(days=31, begin=D(500), sales=D(300), end=D(200), current=D(200))
    assert cei(period) == 100


def test_cei_nothing_collectible():
    assert cei(Period(days=30, begin=D(0), sales=D(0), end=D(0), current=D(0))) is None


@given(
    begin=st.integers(0, 10**6),
    sales=st.integers(0, 10**6),
    collected_share=st.floats(0, 1),
    current_share=st.floats(0, 1),
)
def test_cei_between_0_and_100(begin, sales, collected_share, current_share):
    """Whatever is collected of what was owed, CEI stays within 0-100 %."""
    owed = begin + sales
    collected = int(owed * collected_share)
    end = owed - collected
    current = min(int(sales * current_share), end)
    value = cei(Period(30, D(begin), D(sales), D(end), D(current)))
    if value is not None:
        assert 0 <= value <= 100


def test_kept_rate():
    assert kept_rate(3, 1, 0) == 75
    assert kept_rate(0, 0, 0) is None


def test_funnel():
    rows = funnel({10: 100, 20: 40, 30: 10}, [10, 20, 30, 40])
    assert rows == [(10, 100, None), (20, 40, D(40)), (30, 10, D(25)), (40, 0, D(0))]
