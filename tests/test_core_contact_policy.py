from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from debt_core.contact_policy import Debtor, Policy, skip_reason, valid_email, valid_mobile

# Tuesday 10 March 2026, 06:30 UTC: 07:30 in Berlin, 01:30 in New York, 15:30 in Tokyo.
NOW = datetime(2026, 3, 10, 6, 30)
POLICY = Policy()
DEBTOR = Debtor(email="ap@debtor.example", mobile="+49 151 5550 1234", tz="Asia/Tokyo")


def reason(channel="email", debtor=DEBTOR, policy=POLICY, now=NOW, history=()):
    return skip_reason(
        channel=channel, debtor=debtor, policy=policy, now_utc=now, history=list(history)
    )


def test_allowed():
    assert reason() is None
    assert reason("sms") is None


def test_do_not_contact_and_opt_out():
    assert reason(debtor=Debtor(do_not_contact=True, email="a@b.example")) == "do_not_contact"
    opted = Debtor(
        email="a@b.example", mobile="+4915155501234", opted_out=frozenset({"sms"}), tz="Asia/Tokyo"
    )
    assert reason("sms", debtor=opted) == "opted_out"
    assert reason("email", debtor=opted) is None


def test_addresses():
    assert valid_email("ap@debtor.example") and not valid_email("ap@debtor") and not valid_email("")
    assert (
        valid_mobile("+44 (20) 7946-0101") and not valid_mobile("12345") and not valid_mobile(None)
    )
    assert reason(debtor=Debtor(email="not-an-email", tz="Asia/Tokyo")) == "no_address"
    assert reason("sms", debtor=Debtor(email="a@b.example", tz="Asia/Tokyo")) == "no_address"
    assert reason("letter", debtor=Debtor(has_address=False)) == "no_address"


def test_quiet_hours_follow_the_debtors_time_zone():
    for tz, expected in (
        ("Asia/Tokyo", None),
        ("Europe/Berlin", "quiet_hours"),
        ("America/New_York", "quiet_hours"),
    ):
        debtor = Debtor(email="a@b.example", tz=tz)
        assert reason(debtor=debtor) == expected, tz
    # Calls and letters are not sent at the debtor's clock.
    assert reason("phone", debtor=Debtor(mobile="+4915155501234", tz="Europe/Berlin")) is None
    # Daylight saving: 06:30 UTC is 08:30 in Berlin in July.
    assert (
        reason(
            debtor=Debtor(email="a@b.example", tz="Europe/Berlin"), now=datetime(2026, 7, 7, 6, 30)
        )
        is None
    )


def test_weekends():
    saturday_in_tokyo = datetime(2026, 3, 14, 2, 0)  # 11:00 Saturday in Tokyo
    no_weekends = Policy(no_weekends=True)
    assert reason(policy=no_weekends, now=saturday_in_tokyo) == "weekend"
    assert reason(now=saturday_in_tokyo) is None


def test_gap_and_weekly_caps():
    assert reason(history=[(NOW - timedelta(days=1), "sms")]) == "too_soon"
    assert reason(history=[(NOW - timedelta(days=3), "sms")]) is None
    calls = [(NOW - timedelta(hours=h), "phone") for h in range(1, 8)]
    assert reason("phone", history=calls) == "weekly_cap"  # 7 calls in 7 days
    assert reason("phone", history=calls[:6]) is None
    emails = [(NOW - timedelta(days=d), "email") for d in (3, 4, 5)]
    assert reason(history=emails) == "weekly_cap"
    assert reason(history=[(NOW - timedelta(days=d), "email") for d in (3, 4, 8)]) is None


@given(
    minutes=st.integers(0, 60 * 24 * 366),
    tz=st.sampled_from(
        ["Asia/Tokyo", "Europe/Berlin", "America/New_York", "UTC", "Bogus/Zone", None]
    ),
    channel=st.sampled_from(["email", "sms", "letter", "phone"]),
)
def test_more_history_never_allows_more(minutes, tz, channel):
    now = datetime(2026, 1, 1) + timedelta(minutes=minutes)
    debtor = Debtor(email="a@b.example", mobile="+4915155501234", tz=tz)
    before = reason(channel, debtor=debtor, now=now)
    after = reason(channel, debtor=debtor, now=now, history=[(now - timedelta(hours=1), channel)])
    assert before is None or after is not None
