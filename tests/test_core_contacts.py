from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from debt_core.contact_policy import Debtor, Policy, reachable_channels, skip_reason
from debt_core.contacts import (
    STAGE_CHANNELS,
    address_bounced,
    order_channels,
    permanent_refusals,
)
from debt_core.reminders import StageRule, make_policy, plan_reminders

NOW = datetime(2026, 3, 10, 10, 0)  # Tuesday, 11:00 in Berlin
FULL = Debtor(email="ap@debtor.example", mobile="+4915155501234", tz="Europe/Berlin")


def test_preferred_channel_first_the_others_in_ladder_order():
    assert order_channels(("email", "sms", "letter")) == ("email", "sms", "letter")
    assert order_channels(("email", "sms", "letter"), "letter") == ("letter", "email", "sms")
    assert order_channels(("email", "sms"), "sms") == ("sms", "email")
    # A preference the stage does not use changes nothing and adds nothing.
    assert order_channels(("email", "sms"), "phone") == ("email", "sms")
    assert order_channels((), "sms") == ()


def test_bounced_email_hands_over_to_sms_then_letter():
    everything = frozenset(STAGE_CHANNELS)
    assert order_channels(("email",), bounced={"email"}, reachable=everything) == (
        "email",
        "sms",
    )
    no_mobile = everything - {"sms", "phone"}
    assert order_channels(("email",), bounced={"email"}, reachable=no_mobile) == (
        "email",
        "letter",
    )
    assert order_channels(("email",), bounced={"email"}, reachable=frozenset()) == ("email",)
    # The stage sends an SMS anyway: nothing is added.
    assert order_channels(("email", "sms"), bounced={"email"}, reachable=everything) == (
        "email",
        "sms",
    )
    # The stage's SMS cannot reach the debtor: the letter takes over.
    assert order_channels(("email", "sms"), bounced={"email"}, reachable=no_mobile) == (
        "email",
        "letter",
        "sms",
    )
    # A call is not a written reminder: the SMS still takes over.
    assert order_channels(("email", "phone"), "phone", bounced={"email"}, reachable=everything) == (
        "phone",
        "email",
        "sms",
    )


def test_address_bounced_only_while_it_is_the_current_address():
    assert address_bounced("ap@debtor.example", "ap@debtor.example")
    assert not address_bounced("new@debtor.example", "ap@debtor.example")
    assert not address_bounced("ap@debtor.example", None)
    assert not address_bounced(None, None)


def test_bounced_address_is_a_hard_refusal_and_not_reachable():
    bounced = Debtor(email=FULL.email, mobile=FULL.mobile, tz=FULL.tz, bounced=frozenset({"email"}))
    reason = skip_reason(channel="email", debtor=bounced, policy=Policy(), now_utc=NOW)
    assert reason == "address_bounced"
    assert skip_reason(channel="sms", debtor=bounced, policy=Policy(), now_utc=NOW) is None
    assert reachable_channels(bounced, STAGE_CHANNELS) == {"sms", "letter", "phone"}
    assert reachable_channels(Debtor(do_not_contact=True), STAGE_CHANNELS) == frozenset()


def test_plan_follows_the_debtor_order_and_fallback():
    stage = StageRule(1, 20, ("email", "letter"))

    def plan(debtor):
        return [
            (r.channel, r.skip)
            for r in plan_reminders(
                debtor_id=7,
                stage=stage,
                since=NOW.date(),
                move_ids=[1],
                debtor=debtor,
                policy=make_policy(),
                contacts=[],
                now_utc=NOW,
                today=NOW.date(),
            )
        ]

    assert plan(FULL) == [("email", None), ("letter", None)]
    prefers_letter = Debtor(email=FULL.email, tz=FULL.tz, preferred_channel="letter")
    assert plan(prefers_letter) == [("letter", None), ("email", None)]
    # The stage's letter reaches the debtor: no SMS added, the email skip is logged.
    bounced = Debtor(email=FULL.email, mobile=FULL.mobile, tz=FULL.tz, bounced=frozenset({"email"}))
    assert plan(bounced) == [("email", "address_bounced"), ("letter", None)]
    email_only = StageRule(1, 20, ("email",))
    stage = email_only
    assert plan(bounced) == [("email", "address_bounced"), ("sms", None)]


@given(
    st.lists(st.sampled_from(STAGE_CHANNELS), unique=True),
    st.one_of(st.none(), st.sampled_from(STAGE_CHANNELS)),
    st.frozensets(st.sampled_from(STAGE_CHANNELS)),
)
def test_order_keeps_every_stage_channel_once(channels, preferred, reachable):
    ordered = order_channels(channels, preferred, bounced={"email"}, reachable=reachable)
    assert len(set(ordered)) == len(ordered)
    assert set(channels) <= set(ordered)
    assert len(ordered) <= len(channels) + 1
    if preferred in channels:
        assert ordered[0] == preferred


def test_only_a_permanent_smtp_refusal_is_a_bounce():
    refused = permanent_refusals(
        {
            "gone@example.com": (550, b"5.1.1 User unknown"),
            "busy@example.com": (451, b"4.7.1 Try later"),
            "odd@example.com": (553, b"\xff mailbox name not allowed"),
        }
    )
    assert refused == {
        "gone@example.com": "550 5.1.1 User unknown",
        "odd@example.com": "553 \ufffd mailbox name not allowed",
    }
