from hypothesis import given
from hypothesis import strategies as st

from debt_core.aging import AGING_BUCKETS, aging_bucket


def test_bucket_boundaries():
    cases = {
        -5: "b0_not_due",
        0: "b0_not_due",
        1: "b1_1_30",
        30: "b1_1_30",
        31: "b2_31_60",
        60: "b2_31_60",
        61: "b3_61_90",
        90: "b3_61_90",
        91: "b4_91_120",
        120: "b4_91_120",
        121: "b5_over_120",
        900: "b5_over_120",
    }
    assert {days: aging_bucket(days) for days in cases} == cases


@given(st.integers(-1000, 10000), st.integers(0, 1000))
def test_buckets_are_ordered(days, more):
    order = [code for code, *_ in AGING_BUCKETS]
    assert order.index(aging_bucket(days + more)) >= order.index(aging_bucket(days))
