from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from debt_core.contact_policy import Debtor
from debt_core.reminders import (
    Contact,
    OpenInvoice,
    Recipient,
    StageRule,
    choose_recipient,
    drop_reason,
    failed_key,
    group_by_debtor,
    make_policy,
    plan_reminders,
    policy_history,
    quiet_run_hour,
    quiet_run_key,
    remaining,
    reminder_due,
    reminder_key,
    shorten_sms,
    skip_key,
)

TODAY = date(2026, 3, 10)
# Tuesday 10:00 UTC: 11:00 in Berlin, 05:00 in New York.
NOW = datetime(2026, 3, 10, 10, 0)
REM1 = StageRule(1, 20, ("email", "sms"), repeat_interval_days=7, max_repeats=1)
REM2 = StageRule(stage_id=2, sequence=30, channels=("email", "sms", "phone"))
STAGES = {1: REM1, 2: REM2}
DEBTOR = Debtor(email="ap@debtor.example", mobile="+49 151 5550 1234", tz="Europe/Berlin")


def inv(move_id, debtor_id=7, stage_id=1, **kw):
    return OpenInvoice(
        move_id=move_id, debtor_id=debtor_id, stage_id=stage_id, residual=100.0, **kw
    )


def plan(stage=REM1, since=TODAY, contacts=(), debtor=DEBTOR, now=NOW, policy=None):
    return plan_reminders(
        debtor_id=7,
        stage=stage,
        since=since,
        move_ids=[1, 2],
        debtor=debtor,
        policy=policy or make_policy(),
        contacts=list(contacts),
        now_utc=now,
        today=now.date(),
    )


def test_keys():
    key = reminder_key(7, 1, "email", TODAY)
    assert key == "7:1:email:2026-03-10"
    assert key != reminder_key(7, 1, "sms", TODAY) != reminder_key(7, 1, "email", date(2026, 3, 11))
    assert skip_key(key, "quiet_hours").startswith(key) and failed_key(key) != key


def test_drop_reasons_at_send_time():
    assert drop_reason(inv(1)) is None
    assert drop_reason(inv(1, payment_state="in_payment")) == "paid"
    assert drop_reason(inv(1, payment_state="paid")) == "paid"
    assert drop_reason(OpenInvoice(1, 7, 1, residual=0.001)) == "paid"
    assert drop_reason(inv(1, payment_state="partial")) is None
    assert drop_reason(inv(1, hold_reason="dispute")) == "dispute"
    assert drop_reason(inv(1, hold_reason="promise")) == "promise"
    assert drop_reason(inv(1, hold_reason="placement")) == "hold"
    rows = [inv(1), inv(2, payment_state="paid"), inv(3, hold_reason="promise"), inv(4)]
    assert remaining(rows) == [1, 4]
    assert remaining([inv(2, payment_state="in_payment")]) == []


def test_group_by_debtor_uses_the_worst_stage_and_lists_everything():
    rows = [
        inv(1, stage_id=1, stage_date=TODAY - timedelta(days=5)),
        inv(2, stage_id=2, stage_date=TODAY - timedelta(days=1)),
        inv(3, stage_id=2, stage_date=TODAY),
        inv(4, stage_id=None),  # not in collection
        inv(5, hold_reason="dispute"),
        inv(6, debtor_id=8, stage_id=1, stage_date=TODAY),
        inv(7, debtor_id=9, hold_reason="promise"),
    ]
    grouped = group_by_debtor(rows, STAGES)
    assert grouped == {7: (2, TODAY, [1, 2, 3]), 8: (1, TODAY, [6])}


def test_cadence():
    since = TODAY - timedelta(days=10)
    assert reminder_due(stage=REM1, since=since, today=TODAY, sent_days=[])
    # Sent in an earlier stay does not count.
    assert reminder_due(stage=REM1, since=since, today=TODAY, sent_days=[since - timedelta(1)])
    sent = [TODAY - timedelta(days=6)]
    assert not reminder_due(stage=REM1, since=since, today=TODAY, sent_days=sent)
    assert reminder_due(stage=REM1, since=since, today=TODAY + timedelta(1), sent_days=sent)
    # max_repeats = 0: sent once, never repeated.
    once = StageRule(1, 20, ("email",), repeat_interval_days=7, max_repeats=0)
    assert not reminder_due(stage=once, since=since, today=TODAY, sent_days=[since])
    twice = StageRule(1, 20, ("email",), repeat_interval_days=2, max_repeats=1)
    assert reminder_due(stage=twice, since=since, today=TODAY, sent_days=[since])
    assert not reminder_due(stage=twice, since=since, today=TODAY, sent_days=[since, since])
    assert not reminder_due(stage=REM2, since=since, today=TODAY, sent_days=[since])


def test_recipient_choice():
    company = Recipient(1, "contact", is_commercial=True)
    invoicing = Recipient(5, "invoice")
    assert choose_recipient([company, invoicing]) == invoicing
    assert choose_recipient([company, Recipient(5, "invoice", do_not_contact=True)]) == company
    assert choose_recipient([company, Recipient(6, "contact")]) == company
    assert choose_recipient([Recipient(1, is_commercial=True, do_not_contact=True)]) is None
    assert (
        choose_recipient([company, Recipient(9, "invoice"), Recipient(5, "invoice")]).partner_id
        == 5
    )


def test_policy_per_company_and_debtor():
    policy = make_policy(hour_from=7, hour_to=20, debtor_hour_from=9, debtor_hour_to=22)
    assert (policy.hour_from, policy.hour_to) == (9, 20)
    # No overlap: the debtor's own hours win.
    policy = make_policy(hour_from=8, hour_to=12, debtor_hour_from=14, debtor_hour_to=18)
    assert (policy.hour_from, policy.hour_to) == (14, 18)
    policy = make_policy(caps={"email": 1, "phone": 30}, min_days_between=-2)
    assert policy.weekly_cap["email"] == 1 and policy.weekly_cap["phone"] == 7
    assert policy.min_days_between == 0


def test_plan_one_reminder_per_channel():
    planned = plan(REM2)
    assert [(r.channel, r.skip) for r in planned] == [
        ("email", None),
        ("sms", None),
        ("phone", None),
    ]
    assert {r.key for r in planned} == {
        reminder_key(7, 2, c, TODAY) for c in ("email", "sms", "phone")
    }
    assert all(r.move_ids == (1, 2) for r in planned)


def test_plan_is_idempotent_per_day():
    key = reminder_key(7, 1, "email", TODAY)
    sent = Contact(NOW - timedelta(hours=1), "email", "sent", 1, key)
    # Email done today; the SMS of the same reminder is not "too soon".
    assert [(r.channel, r.skip) for r in plan(contacts=[sent])] == [("sms", None)]
    failed = Contact(NOW, "sms", "failed", 1, failed_key(reminder_key(7, 1, "sms", TODAY)))
    assert plan(contacts=[sent, failed]) == []
    # A logged skip does not block a later send the same day.
    skipped = Contact(NOW, "email", "skipped", 1, skip_key(key, "quiet_hours"))
    assert [r.channel for r in plan(contacts=[skipped])] == ["email", "sms"]
    # ... and the same skip is logged once a day.
    ny = Debtor(email="a@b.example", mobile="+12125550123", tz="America/New_York")
    assert [r.channel for r in plan(contacts=[skipped], debtor=ny)] == ["sms"]


def test_plan_policy_reasons():
    # 05:00 in New York: email and SMS wait, the call does not.
    ny = Debtor(email="a@b.example", mobile="+12125550123", tz="America/New_York")
    assert [(r.channel, r.skip) for r in plan(REM2, debtor=ny)] == [
        ("email", "quiet_hours"),
        ("sms", "quiet_hours"),
        ("phone", None),
    ]
    # An email of another stage two days ago: too soon, except for the call.
    other = Contact(
        NOW - timedelta(days=2),
        "email",
        "sent",
        1,
        reminder_key(7, 1, "email", TODAY - timedelta(2)),
    )
    assert [r.skip for r in plan(REM2, contacts=[other])] == ["too_soon", "too_soon", None]
    opted = Debtor(
        email="a@b.example",
        mobile="+4915155501234",
        tz="Europe/Berlin",
        opted_out=frozenset({"sms"}),
    )
    assert [r.skip for r in plan(debtor=opted)] == [None, "opted_out"]
    assert [r.skip for r in plan(debtor=Debtor(do_not_contact=True))] == ["do_not_contact"] * 2
    assert [r.skip for r in plan(debtor=Debtor(email="x", tz="Europe/Berlin"))] == [
        "no_address"
    ] * 2


def test_weekly_cap_on_calls():
    calls = [
        Contact(NOW - timedelta(days=d, hours=1), "phone", "scheduled", 9, f"7:9:phone:{d}")
        for d in range(7)
    ]
    assert [r.skip for r in plan(REM2, contacts=calls, policy=make_policy(min_days_between=0))][
        2
    ] == "weekly_cap"
    assert [r.skip for r in plan(REM2, contacts=calls[:6], policy=make_policy(min_days_between=0))][
        2
    ] is None


def test_policy_history_ignores_skips_and_exempt_keys():
    key = reminder_key(7, 1, "email", TODAY)
    contacts = [
        Contact(NOW, "email", "sent", 1, key),
        Contact(NOW, "sms", "skipped", 1, skip_key(key, "quiet_hours")),
        Contact(NOW, "phone", "scheduled", 1, None),
    ]
    assert policy_history(contacts) == [(NOW, "email"), (NOW, "phone")]
    assert policy_history(contacts, exempt_keys=[key]) == [(NOW, "phone")]


def test_shorten_sms_keeps_the_link():
    link = "https://erp.example.com/my/invoices/42?access_token=abc123"
    assert shorten_sms("Hello   world") == "Hello world"
    text = "ACME: " + "you owe us a lot of money " * 10 + link
    short = shorten_sms(text)
    assert len(short) <= 160 and short.endswith(" " + link) and "…" in short
    assert shorten_sms("x" * 200, 20) == "x" * 19 + "…"


@given(st.text(min_size=0, max_size=400), st.integers(min_value=30, max_value=320))
def test_shorten_sms_never_exceeds(text, limit):
    assert len(shorten_sms(text + " https://e.example/p?t=1", limit)) <= limit


def test_quiet_run_keys_name_their_hour():
    key = quiet_run_key(datetime(2026, 3, 10, 5, 40))
    assert quiet_run_hour(key) == "05"
    assert quiet_run_hour("daily") is None
