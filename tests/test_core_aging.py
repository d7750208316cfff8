from hypothesis import given
from hypothesis import strategies as st

from debt_core.aging import AGING_BUCKETS, aging_bucket


def test_bucket_boundaries():
    cases = {
        -5: "not_due",
        0: "not_due",
        1: "1_30",
        30: "1_30",
        31: "31_60",
        60: "31_60",
        61: "61_90",
        90: "61_90",
        91: "91_120",
        120: "91_120",
        121: "120_plus",
        900: "120_plus",
    }
    assert {days: aging_bucket(days) for days in cases} == cases


@given(st.integers(-1000, 10000), st.integers(0, 1000))
def test_buckets_are_ordered(days, more):
    order = [code for code, *_ in AGING_BUCKETS]
    assert order.index(aging_bucket(days + more)) >= order.index(aging_bucket(days))
