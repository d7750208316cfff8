"""May we contact this debtor, on this channel, now? And if not, why not.

Plain data in, a reason code (or None: allowed) out. The reminder run asks
this for each debtor and channel and writes the reason of every skip to the
contact log.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Reasons, in the order they are checked.
SKIP_REASONS = [
    ("do_not_contact", "Debtor marked do-not-contact"),
    ("opted_out", "Debtor opted out of this channel"),
    ("address_bounced", "The address bounced: not used until it changes"),
    ("no_address", "No valid address for this channel"),
    ("quiet_hours", "Outside contact hours in the debtor's time zone"),
    ("weekend", "No contact at weekends"),
    ("too_soon", "Contacted too recently"),
    ("weekly_cap", "Weekly limit for this channel reached"),
]

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# E.164-ish: a plus or digits, 8 to 15 digits once spaces, dots, dashes and
# brackets are removed.
PHONE_RE = re.compile(r"^\+?\d{8,15}$")

DEFAULT_WEEKLY_CAP = {"email": 3, "sms": 2, "letter": 2, "phone": 7}


@dataclass(frozen=True)
class Policy:
    """A company's rules, possibly tightened per debtor."""

    hour_from: float = 8.0  # local time of the debtor, e.g. 8.5 = 08:30
    hour_to: float = 21.0
    no_weekends: bool = False
    min_days_between: int = 3  # between two contacts on any channel
    weekly_cap: dict = field(default_factory=lambda: dict(DEFAULT_WEEKLY_CAP))


@dataclass(frozen=True)
class Debtor:
    do_not_contact: bool = False
    opted_out: frozenset = frozenset()  # channels
    email: str | None = None
    mobile: str | None = None
    has_address: bool = True  # postal address, for letters
    tz: str | None = None  # IANA name, e.g. "Europe/Berlin"
    preferred_channel: str | None = None  # the stage's channels start with it
    bounced: frozenset = frozenset()  # channels whose current address bounced


def valid_email(email: str | None) -> bool:
    return bool(email and EMAIL_RE.match(email.strip()))


def valid_mobile(number: str | None) -> bool:
    return bool(number and PHONE_RE.match(re.sub(r"[\s.\-()/]", "", number)))


def local_time(now_utc: datetime, tz: str | None) -> datetime:
    """``now_utc`` (naive, UTC) in the debtor's zone; UTC when it is unknown."""
    try:
        zone = ZoneInfo(tz) if tz else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return now_utc.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)


def _hour(value: float) -> time:
    hours = int(value)
    return time(min(hours, 23), int(round((value - hours) * 60)) % 60)


def _address_ok(channel: str, debtor: Debtor) -> bool:
    return {
        "email": valid_email(debtor.email),
        "sms": valid_mobile(debtor.mobile),
        "letter": debtor.has_address,
        "phone": valid_mobile(debtor.mobile),
    }.get(channel, True)


def reachable_channels(debtor: Debtor, channels: Sequence[str]) -> frozenset:
    """The ``channels`` the debtor can be reached on at all: not opted out,
    not bounced, with a valid address (hours, gaps and caps aside)."""
    if debtor.do_not_contact:
        return frozenset()
    return frozenset(
        ch
        for ch in channels
        if ch not in debtor.opted_out and ch not in debtor.bounced and _address_ok(ch, debtor)
    )


def skip_reason(
    *,
    channel: str,
    debtor: Debtor,
    policy: Policy,
    now_utc: datetime,
    history: Sequence[tuple[datetime, str]] = (),
) -> str | None:
    """Why ``channel`` may not be used for ``debtor`` at ``now_utc``, or None.

    ``history`` holds (UTC datetime, channel) of earlier contacts that were
    actually made (not skips). Phone tasks and letters are not bound to the
    debtor's clock: quiet hours and weekends apply to email and SMS only.
    """
    if debtor.do_not_contact:
        return "do_not_contact"
    if channel in debtor.opted_out:
        return "opted_out"
    if channel in debtor.bounced:
        return "address_bounced"
    if not _address_ok(channel, debtor):
        return "no_address"
    if channel in ("email", "sms"):
        local = local_time(now_utc, debtor.tz)
        if not _hour(policy.hour_from) <= local.time() < _hour(policy.hour_to):
            return "quiet_hours"
        if policy.no_weekends and local.weekday() >= 5:
            return "weekend"
    if channel != "phone" and any(
        now_utc - when < timedelta(days=policy.min_days_between)
        for when, used in history
        if used != "phone"
    ):
        return "too_soon"
    cap = policy.weekly_cap.get(channel)
    week_ago = now_utc - timedelta(days=7)
    if (
        cap is not None
        and sum(1 for when, used in history if used == channel and when > week_ago) >= cap
    ):
        return "weekly_cap"
    return None


# Refusals a person sending by hand cannot override: the debtor said no, or
# there is nowhere to send to. The others (hours, gaps, caps) are warnings.
HARD_REFUSALS = frozenset({"do_not_contact", "opted_out", "address_bounced", "no_address"})


def is_hard_refusal(reason: str | None) -> bool:
    return reason in HARD_REFUSALS
