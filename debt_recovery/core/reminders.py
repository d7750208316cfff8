"""Reminders of the daily run: what to send to whom, and what is left at send time.

Plain data in, plain data out. The ORM layer reads a batch of debtors in a
few queries, asks these functions which reminders are due, who receives them
and which invoices they may still mention, and writes the contact log.

One reminder per debtor and channel and day: its stage is the debtor's worst
stage (the highest on the ladder among its invoices in collection), and it
lists every invoice of the debtor in collection that is not on hold, so a
debtor gets one message listing all it owes instead of one per stage.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .contact_policy import (
    DEFAULT_WEEKLY_CAP,
    SKIP_REASONS,
    Debtor,
    Policy,
    reachable_channels,
    skip_reason,
)
from .contacts import STAGE_CHANNELS, order_channels
from .stages import stage_rank

# Payment states of an invoice that a reminder may still mention.
REMINDABLE_PAYMENT_STATES = ("not_paid", "partial")
# Outcomes that count as a contact made (for cadence, gaps and caps).
MADE_OUTCOMES = ("sent", "scheduled")
# Why an invoice is left out of a reminder at send time.
DROP_REASONS = [
    ("paid", "Paid in full or in payment"),
    ("dispute", "Disputed"),
    ("promise", "Promised"),
    ("hold", "Held out of collection"),
]
# Why a whole reminder is not sent, beyond the contact policy's reasons.
NOTHING_LEFT = "nothing_left"
# Every reason the contact log can give for a skip or a failure.
CONTACT_REASONS = [
    *SKIP_REASONS,
    (NOTHING_LEFT, "Nothing left to remind: paid, disputed or promised since"),
    ("no_template", "No template for this channel"),
    ("render_failed", "The template could not be rendered"),
    ("provider_error", "The provider could not deliver"),
    ("error", "Unexpected error"),
]
SMS_LIMIT = 160  # one GSM-7 segment
# The run key's prefix of an hourly pass of what quiet hours held back.
QUIET_RUN = "quiet"
URL_RE = re.compile(r"\s*(https?://\S+)\s*$")


@dataclass(frozen=True)
class StageRule:
    """A stage as the reminder run reads it."""

    stage_id: int
    sequence: int
    channels: tuple = ()  # subset of STAGE_CHANNELS, in their order
    repeat_interval_days: int = 0
    max_repeats: int = 0


@dataclass(frozen=True)
class OpenInvoice:
    """An invoice in collection, as read at preparation or at send time."""

    move_id: int
    debtor_id: int
    stage_id: int | None
    stage_date: date | None = None
    residual: float = 0.0  # in the invoice currency; > 0 while open
    payment_state: str = "not_paid"
    hold_reason: str | None = None  # core.holds code


@dataclass(frozen=True)
class Contact:
    """An earlier row of the contact log of a debtor."""

    when: datetime  # UTC, naive
    channel: str
    outcome: str
    stage_id: int | None = None
    key: str | None = None


@dataclass(frozen=True)
class Recipient:
    partner_id: int
    type: str = "contact"  # res.partner type: 'invoice' is the invoicing contact
    do_not_contact: bool = False
    is_commercial: bool = False


@dataclass(frozen=True)
class Reminder:
    """One reminder to prepare: a debtor, a stage, a channel, its invoices."""

    debtor_id: int
    stage_id: int
    channel: str
    move_ids: tuple
    key: str
    skip: str | None = None  # policy reason: logged instead of sent
    extra: dict = field(default_factory=dict, compare=False)


def reminder_key(debtor_id: int, stage_id: int, channel: str, day: date) -> str:
    """The idempotency key of a reminder: one per (debtor, stage, channel, day)."""
    return f"{debtor_id}:{stage_id}:{channel}:{day.isoformat()}"


def skip_key(key: str, reason: str) -> str:
    """Key of a logged skip: one row per reason and day, and it does not block a send."""
    return f"{key}/skip/{reason}"


def quiet_run_key(now_utc: datetime) -> str:
    """The run key of the hourly pass that sends what quiet hours held back:
    one pass an hour, resumed where it stopped within that hour."""
    return f"{QUIET_RUN} {now_utc:%H}"


def quiet_run_hour(run_key: str) -> str | None:
    """The hour ("05") of an hourly pass's run key; None for another run's."""
    kind, _sep, hour = run_key.partition(" ")
    return hour if kind == QUIET_RUN else None


def held_skips_like(day: date) -> str:
    """A LIKE pattern matching the keys of ``day``'s quiet-hours skips: the
    debtors the hourly pass looks at again."""
    held = skip_key(f":{day.isoformat()}", "quiet_hours")
    return "%" + held.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def failed_key(key: str) -> str:
    """Key of a failed attempt: it blocks retries that day (a task was made)."""
    return f"{key}/failed"


def drop_reason(invoice: OpenInvoice, *, precision: float = 0.01) -> str | None:
    """Why ``invoice`` may no longer be mentioned in a reminder, or None."""
    if invoice.payment_state not in REMINDABLE_PAYMENT_STATES or invoice.residual < precision / 2:
        return "paid"
    if invoice.hold_reason == "dispute":
        return "dispute"
    if invoice.hold_reason == "promise":
        return "promise"
    if invoice.hold_reason:
        return "hold"
    return None


def remaining(invoices: Iterable[OpenInvoice], *, precision: float = 0.01) -> list[int]:
    """The move ids a reminder may still mention, in the given order."""
    return [inv.move_id for inv in invoices if drop_reason(inv, precision=precision) is None]


def group_by_debtor(
    invoices: Iterable[OpenInvoice], stages: dict
) -> dict[int, tuple[int, date | None, list[int]]]:
    """Per debtor: (worst stage id, date that stage was last entered, move ids).

    ``stages`` maps stage id to ``StageRule``. Invoices without a stage or that
    may not be mentioned are left out; debtors with nothing left are absent.
    """
    grouped: dict[int, tuple[int, date | None, list[int]]] = {}
    for inv in invoices:
        if inv.stage_id not in stages or drop_reason(inv) is not None:
            continue
        worst, since, moves = grouped.get(inv.debtor_id, (inv.stage_id, inv.stage_date, []))
        moves.append(inv.move_id)
        rank = stage_rank(stages[inv.stage_id].sequence, inv.stage_id)
        if rank > stage_rank(stages[worst].sequence, worst):
            worst, since = inv.stage_id, inv.stage_date
        elif inv.stage_id == worst and inv.stage_date and (not since or inv.stage_date > since):
            since = inv.stage_date
        grouped[inv.debtor_id] = (worst, since, moves)
    return grouped


def reminder_due(
    *, stage: StageRule, since: date | None, today: date, sent_days: Sequence[date]
) -> bool:
    """Is the stage's reminder due on ``today``?

    Once when the debtor entered the stage (``since``), then every
    ``repeat_interval_days`` at most ``max_repeats`` more times. ``sent_days``
    are the days this stage's reminder was sent on this channel.
    """
    in_stay = sorted(day for day in sent_days if since is None or day >= since)
    if not in_stay:
        return True
    if stage.repeat_interval_days <= 0 or len(in_stay) > stage.max_repeats:
        return False
    return today >= in_stay[-1] + timedelta(days=stage.repeat_interval_days)


def policy_history(contacts: Iterable[Contact], *, exempt_keys: Iterable[str] = ()):
    """Contacts made, as ``skip_reason`` reads them: [(UTC datetime, channel)].

    Contacts whose key is one of ``exempt_keys`` (the other channels of the
    same reminder today) do not count: an SMS sent with today's email is one
    reminder, not a second contact "too soon".
    """
    exempt = set(exempt_keys)
    return [
        (c.when, c.channel)
        for c in contacts
        if c.outcome in MADE_OUTCOMES and (c.key or "").split("/")[0] not in exempt
    ]


def choose_recipient(candidates: Sequence[Recipient]) -> Recipient | None:
    """The debtor's invoicing contact if there is one, else the commercial partner.

    A contact marked do-not-contact is never chosen; None when nobody is left.
    """
    usable = [c for c in candidates if not c.do_not_contact]
    invoicing = sorted((c for c in usable if c.type == "invoice"), key=lambda c: c.partner_id)
    if invoicing:
        return invoicing[0]
    return next((c for c in usable if c.is_commercial), None)


def make_policy(
    *,
    hour_from: float = 8.0,
    hour_to: float = 21.0,
    no_weekends: bool = False,
    min_days_between: int = 3,
    caps: dict | None = None,
    debtor_hour_from: float | None = None,
    debtor_hour_to: float | None = None,
) -> Policy:
    """The company's policy, narrowed to the debtor's contact hours.

    The debtor's hours tighten the company's window; if the two do not
    overlap, the debtor's own hours win (it told us when it can be reached).
    Calls are never capped above 7 in 7 days.
    """
    start, end = hour_from, hour_to
    if debtor_hour_from is not None and debtor_hour_to is not None:
        start, end = max(hour_from, debtor_hour_from), min(hour_to, debtor_hour_to)
        if start >= end:
            start, end = debtor_hour_from, debtor_hour_to
    weekly = dict(DEFAULT_WEEKLY_CAP)
    weekly.update({k: v for k, v in (caps or {}).items() if v is not None and v >= 0})
    weekly["phone"] = min(weekly.get("phone", 7), 7)
    return Policy(
        hour_from=start,
        hour_to=end,
        no_weekends=no_weekends,
        min_days_between=max(min_days_between, 0),
        weekly_cap=weekly,
    )


def plan_reminders(
    *,
    debtor_id: int,
    stage: StageRule,
    since: date | None,
    move_ids: Sequence[int],
    debtor: Debtor,
    policy: Policy,
    contacts: Sequence[Contact],
    now_utc: datetime,
    today: date,
) -> list[Reminder]:
    """The reminders of one debtor for today, one per channel of its stage.

    The channels come in the debtor's order (``contacts.order_channels``:
    preferred first, a bounced address handing over to the next channel).
    Channels already done today (sent, or failed and turned into a task) and
    channels whose cadence is not due are left out; the others come with a
    ``skip`` reason when the contact policy forbids them now.
    """
    keys = {ch: reminder_key(debtor_id, stage.stage_id, ch, today) for ch in STAGE_CHANNELS}
    history = policy_history(contacts, exempt_keys=keys.values())
    planned = []
    channels = order_channels(
        stage.channels,
        debtor.preferred_channel,
        bounced=debtor.bounced,
        reachable=reachable_channels(debtor, STAGE_CHANNELS),
    )
    for channel in channels:
        key = keys[channel]
        done_keys = {key, failed_key(key)}
        if any(c.key in done_keys for c in contacts):
            continue
        sent_days = [
            c.when.date()
            for c in contacts
            if c.channel == channel and c.stage_id == stage.stage_id and c.outcome in MADE_OUTCOMES
        ]
        if not reminder_due(stage=stage, since=since, today=today, sent_days=sent_days):
            continue
        reason = skip_reason(
            channel=channel, debtor=debtor, policy=policy, now_utc=now_utc, history=history
        )
        if reason and any(c.key == skip_key(key, reason) for c in contacts):
            continue  # this skip is already in today's log
        planned.append(
            Reminder(
                debtor_id=debtor_id,
                stage_id=stage.stage_id,
                channel=channel,
                move_ids=tuple(move_ids),
                key=key,
                skip=reason,
            )
        )
    return planned


def shorten_sms(text: str, limit: int = SMS_LIMIT) -> str:
    """``text`` in at most ``limit`` characters, keeping a trailing link whole.

    Whitespace is collapsed; the words before the link are cut with an
    ellipsis when needed.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    match = URL_RE.search(text)
    link = match.group(1) if match else ""
    head = text[: match.start()] if match else text
    room = limit - (len(link) + 1 if link else 0) - 1  # the ellipsis
    if room <= 0:
        return link[:limit] if link else text[:limit]
    cut = head[:room].rstrip()
    if " " in cut and not head[room : room + 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    shortened = cut.rstrip(" ,;:.") + "…"
    return f"{shortened} {link}" if link else shortened
