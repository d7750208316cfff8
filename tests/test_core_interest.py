"""Statutory interest, checked against calculations done by hand with each
jurisdiction's method (simple interest, days / 365, the rate of each
half-year or, in the UK, the rate of the half-year the debt fell late in)."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from debt_core.interest import (
    FIXED,
    PROFILES,
    MissingRate,
    Rate,
    compensation,
    compensation_owed,
    custom_profile,
    interest_segments,
    profile_for,
    statutory_interest,
)

# Reference rates as published for these half-years.
BOE = [  # Bank of England base rate on 30 June / 31 December before each half-year
    Rate(date(2023, 7, 1), date(2023, 12, 31), D("5.00")),
    Rate(date(2024, 1, 1), date(2024, 6, 30), D("5.25")),
]
DE_BASE = [  # Basiszinssatz (Deutsche Bundesbank)
    Rate(date(2023, 1, 1), date(2023, 6, 30), D("1.62")),
    Rate(date(2023, 7, 1), date(2023, 12, 31), D("3.12")),
    Rate(date(2024, 1, 1), date(2024, 6, 30), D("3.62")),
]
ECB = [  # main refinancing operations rate on 1 January / 1 July
    Rate(date(2024, 1, 1), date(2024, 6, 30), D("4.50")),
    Rate(date(2024, 7, 1), date(2024, 12, 31), D("4.25")),
]


def interest(profile, principal, due, calc, rates, payments=()):
    return statutory_interest(
        principal=D(principal),
        due_date=due,
        calc_date=calc,
        payments=[(day, D(amount)) for day, amount in payments],
        rates=rates,
        profile=PROFILES[profile],
    ).amount


def test_uk_thirty_days_at_twelve_percent():
    # Published example (Daniels Silverman, "Statutory Interest calculator",
    # danielssilverman.co.uk/interest.php): a £1,000 debt 30 days late with a
    # 4 % base rate: 1000 x 12 % = £120 a year, 32.9p a day, £9.86.
    rates = [Rate(date(2008, 1, 1), date(2008, 6, 30), D("4.00"))]
    assert interest("uk", "1000", date(2008, 2, 1), date(2008, 3, 2), rates) == D("9.86")


def test_uk_small_debt_at_base_rate_half_a_percent():
    # Published example (payontime.co.uk forum, thread "8 1/2 % statutory
    # interest"): £262.25, 139 days late at 0.5 % + 8 % = 8.5 %: interest
    # £8.49, compensation £40, total owed £310.74.
    rates = [Rate(date(2013, 1, 1), date(2013, 6, 30), D("0.50"))]
    rates.append(Rate(date(2013, 7, 1), date(2013, 12, 31), D("0.50")))
    due = date(2013, 3, 1)
    owed = interest("uk", "262.25", due, due + timedelta(days=139), rates)
    assert owed == D("8.49")
    fee = compensation(PROFILES["uk"], D("262.25"))
    assert fee == D(40)
    assert D("262.25") + owed + fee == D("310.74")


def test_germany_consumer_twenty_five_days():
    # Published example (anleiter.de, "Wie berechnet man Verzugszinsen?"): a
    # consumer debt of 1,000.00 EUR, 25 days late at 5.12 % (base rate 0.12 %
    # + 5 points): 3.51 EUR.
    rates = [Rate(date(2012, 1, 1), date(2012, 6, 30), D("0.12"))]
    due = date(2012, 3, 1)
    owed = interest("de_b2c", "1000.00", due, due + timedelta(days=25), rates)
    assert owed == D("3.51")
    assert compensation(PROFILES["de_b2c"], D("1000")) == 0  # no EUR 40 for consumers


def test_uk_rate_is_fixed_when_the_debt_falls_late():
    # Late from 2 Dec 2023 (reference 5.00%): 13% for 100 days, although
    # the reference rate is 5.25% from January.
    assert interest("uk", "5000", date(2023, 12, 1), date(2024, 3, 10), BOE) == D("178.08")


def test_germany_b2b_rate_change_inside_the_period():
    # €10,000 late all of 2023: 181 days at 10.62% + 184 days at 12.12%
    segments = interest_segments(
        principal=D(10000),
        due_date=date(2022, 12, 31),
        calc_date=date(2023, 12, 31),
        payments=[],
        rates=DE_BASE,
        profile=PROFILES["de_b2b"],
    )
    assert [(s.days, s.rate) for s in segments] == [(181, D("10.62")), (184, D("12.12"))]
    assert interest("de_b2b", "10000", date(2022, 12, 31), date(2023, 12, 31), DE_BASE) == D(
        "1137.62"
    )


def test_partial_payment_lowers_the_base_from_its_date():
    # Consumer, base + 5 = 8.62%: 29 days on 2,000, then 31 days on 1,500
    got = interest(
        "de_b2c", "2000", date(2024, 1, 31), date(2024, 3, 31), DE_BASE, [(date(2024, 3, 1), "500")]
    )
    assert got == D("24.68")


def test_france_rate_change_on_first_of_july():
    # 15 days at 14.50% + 15 days at 14.25% on €1,000
    assert interest("fr", "1000", date(2024, 6, 15), date(2024, 7, 15), ECB) == D("11.82")


def test_no_interest_before_or_on_the_due_date_and_for_none():
    assert interest("eu", "1000", date(2024, 3, 1), date(2024, 3, 1), ECB) == D("0.00")
    assert interest("none", "1000", date(2024, 3, 1), date(2024, 6, 1), []) == D("0.00")


def test_missing_rate_names_the_day():
    with pytest.raises(MissingRate) as missing:
        interest("de_b2b", "1000", date(2024, 6, 1), date(2024, 8, 1), DE_BASE)
    assert (missing.value.source, missing.value.day) == ("de_base", date(2024, 7, 1))


def test_compensation():
    uk = PROFILES["uk"]
    assert [compensation(uk, D(x)) for x in ("999.99", "1000", "9999.99", "10000")] == [
        D(40),
        D(70),
        D(70),
        D(100),
    ]
    assert compensation(PROFILES["eu"], D("5")) == D(40)
    assert compensation(PROFILES["de_b2c"], D("5000")) == D(0)


RATES = [
    Rate(
        date(2000, 1, 1) + timedelta(days=182 * i),
        date(2000, 1, 1) + timedelta(days=182 * i + 181),
        D(i % 7),
    )
    for i in range(60)
]
profile_st = st.sampled_from(["eu", "uk", "de_b2b", "de_b2c", "fr"])
day_st = st.integers(0, 8000)


@given(
    profile=profile_st,
    principal=st.integers(1, 10**8),
    due=day_st,
    length=st.integers(0, 2000),
    more=st.integers(1, 500),
)
def test_never_negative_and_grows_with_time(profile, principal, due, length, more):
    due_date = date(2000, 6, 1) + timedelta(days=due)
    calc = due_date + timedelta(days=length)
    now = interest(profile, principal, due_date, calc, RATES)
    later = interest(profile, principal, due_date, calc + timedelta(days=more), RATES)
    assert D(0) <= now <= later


@given(
    profile=profile_st,
    principal=st.integers(100, 10**8),
    due=day_st,
    paid_after=st.integers(1, 300),
)
def test_payments_never_add_interest(profile, principal, due, paid_after):
    due_date = date(2000, 6, 1) + timedelta(days=due)
    calc = due_date + timedelta(days=400)
    payment = [(due_date + timedelta(days=paid_after), str(principal // 2))]
    assert interest(profile, principal, due_date, calc, RATES, payment) <= interest(
        profile, principal, due_date, calc, RATES
    )


# --- Custom terms and consumers ---------------------------------------------


def test_custom_fixed_rate_needs_no_reference_rate():
    """A contractual 12 % a year, fixed: 1,000.00 for 30 days is 9.86."""
    profile = custom_profile(FIXED, D(12), fee=D(25))
    amount = statutory_interest(
        principal=D("1000.00"),
        due_date=date(2024, 3, 31),
        calc_date=date(2024, 4, 30),
        payments=[],
        rates=[],
        profile=profile,
    ).amount
    assert amount == D("9.86")  # 1000 * 12% * 30 / 365 = 9.863
    assert compensation(profile, D("1000")) == D(25)


def test_custom_reference_rate_plus_margin():
    profile = custom_profile("de_base", D(4))
    amount = statutory_interest(
        principal=D("10000.00"),
        due_date=date(2023, 6, 15),
        calc_date=date(2023, 7, 15),
        payments=[],
        rates=DE_BASE,
        profile=profile,
    ).amount
    # 15 days of June at 1.62 + 4, 15 days of July at 3.12 + 4
    expected = D(10000) * (D("5.62") * 15 + D("7.12") * 15) / 100 / 365
    assert amount == expected.quantize(D("0.01"))
    assert compensation(profile, D("10000")) == 0


def test_consumers_fall_under_consumer_law():
    assert profile_for("de_b2b", consumer=True) is PROFILES["de_b2c"]
    assert profile_for("de_b2b", consumer=False) is PROFILES["de_b2b"]
    for business_only in ("eu", "uk", "fr"):
        assert profile_for(business_only, consumer=True) is PROFILES["none"]
    custom = custom_profile(FIXED, D(5))
    assert profile_for("custom", consumer=True, custom=custom) is custom
    with pytest.raises(ValueError):
        profile_for("custom", consumer=False)


# --- What was charged before -------------------------------------------------


def test_second_charge_covers_only_the_new_days():
    """Charged up to 30 April, the next charge on 31 May counts May's 31 days only,
    and the two charges add up to one charge over both months."""
    kwargs = dict(
        principal=D("10000.00"),
        due_date=date(2024, 3, 31),
        payments=[],
        rates=ECB,
        profile=PROFILES["eu"],
    )
    first = statutory_interest(calc_date=date(2024, 4, 30), **kwargs)
    second = statutory_interest(calc_date=date(2024, 5, 31), charged_until=first.end, **kwargs)
    whole = statutory_interest(calc_date=date(2024, 5, 31), **kwargs)
    assert (first.start, first.end) == (date(2024, 4, 1), date(2024, 4, 30))
    assert (second.start, second.end, second.rate) == (
        date(2024, 5, 1),
        date(2024, 5, 31),
        D("12.50"),
    )
    assert second.amount == (D(10000) * D("12.50") / 100 * 31 / 365).quantize(D("0.01"))
    assert abs(first.amount + second.amount - whole.amount) <= D("0.01")
    again = statutory_interest(calc_date=date(2024, 5, 31), charged_until=second.end, **kwargs)
    assert (again.amount, again.segments) == (0, ())


def test_uk_rate_stays_fixed_at_the_due_date_after_a_charge():
    """The Late Payment Act's rate is the one of the day the debt fell late,
    also for the days charged later."""
    accrual = statutory_interest(
        principal=D("1000.00"),
        due_date=date(2023, 12, 1),
        calc_date=date(2024, 2, 29),
        payments=[],
        rates=BOE,
        profile=PROFILES["uk"],
        charged_until=date(2024, 1, 31),
    )
    assert accrual.start == date(2024, 2, 1)
    assert accrual.rate == D("13.00")  # 5.00 of 2023H2 + 8


def test_compensation_is_owed_only_once_late():
    due = date(2026, 12, 9)
    assert not compensation_owed(due, date(2026, 12, 1))  # not yet due
    assert not compensation_owed(due, date(2026, 12, 9))  # due today
    assert compensation_owed(due, date(2026, 12, 10))
    assert not compensation_owed(due, date(2027, 1, 31), settled_on=date(2026, 12, 8))  # on time
    assert compensation_owed(due, date(2027, 1, 31), settled_on=date(2026, 12, 20))  # paid late
    assert not compensation_owed(None, date(2026, 12, 10))


def test_a_credit_note_corrects_the_invoice_from_its_first_late_day():
    """What a credit note takes off was never owed: unlike a payment, it
    lowers the base from the first late day, whatever its date (EUR 1,000
    due 31 Jan, EUR 400 credited on 31 Mar, ECB 4.50 + 8 = 12.50 %)."""
    kwargs = dict(
        principal=D("1000.00"),
        due_date=date(2024, 1, 31),
        calc_date=date(2024, 4, 30),
        rates=ECB,
        profile=PROFILES["eu"],
    )
    corrected = statutory_interest(payments=[], credited=D("400.00"), **kwargs)
    assert corrected.amount == D("18.49")  # 600 * 12.5 % * 90 / 365
    assert [s.base for s in corrected.segments] == [D("600.00")]
    paid = statutory_interest(payments=[(date(2024, 3, 31), D("400.00"))], **kwargs)
    assert paid.amount == D("26.58")  # 1,000 for 59 days, then 600 from 31 Mar: 31
    credited_in_full = statutory_interest(payments=[], credited=D("1000.00"), **kwargs)
    assert (credited_in_full.amount, credited_in_full.segments) == (0, ())


def test_no_compensation_on_what_was_never_owed():
    """An invoice credited in full owes no fixed compensation, however late
    the credit note; what was paid is judged by the date it was paid."""
    due = date(2026, 12, 9)
    assert not compensation_owed(due, date(2027, 1, 31), owed=D(0))
    assert not compensation_owed(due, date(2027, 1, 31), settled_on=date(2026, 12, 8), owed=D(600))
    assert compensation_owed(due, date(2027, 1, 31), owed=D("0.01"))


def test_days_with_nothing_owed_need_no_rate():
    """A settled or credited invoice computed today needs no reference rate
    for the days since (the shipped table ends in 2025)."""
    kwargs = dict(due_date=date(2024, 1, 31), calc_date=date(2026, 12, 31), rates=ECB)
    paid = statutory_interest(
        principal=D("1000.00"),
        payments=[(date(2024, 3, 1), D("1000.00"))],
        profile=PROFILES["eu"],
        **kwargs,
    )
    assert paid.amount == D("9.93")  # 29 days at 12.50 %
    credited = statutory_interest(
        principal=D("500.00"), payments=[], credited=D("500.00"), profile=PROFILES["fr"], **kwargs
    )
    assert credited.segments == ()
    with pytest.raises(MissingRate):
        statutory_interest(principal=D("1.00"), payments=[], profile=PROFILES["eu"], **kwargs)
