"""Statutory late-payment interest and fixed compensation, per jurisdiction.

Simple interest on the open amount of an invoice, day by day from the day
after its due date up to and including the calculation date: a payment
lowers the base from its own date. A credit note corrects the invoice (what
it credits was never owed), so it lowers the base from the first late day,
whatever its date, and an invoice credited in full owes nothing. The
annual rate is a reference rate plus the jurisdiction's margin; reference
rates are data with validity periods, passed in, never constants here.
Amounts are computed exactly and rounded once, to the currency's precision,
by the caller's ``rounding``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

JURISDICTIONS = [
    ("eu", "EU default (Directive 2011/7/EU)"),
    ("uk", "United Kingdom (Late Payment Act 1998)"),
    ("de_b2b", "Germany, business (§ 288 BGB)"),
    ("de_b2c", "Germany, consumer (§ 288 BGB)"),
    ("fr", "France (Code de commerce L441-10)"),
    ("custom", "Custom terms (company settings)"),
    ("none", "No statutory interest"),
]
RATE_SOURCES = [
    ("ecb", "ECB main refinancing operations rate"),
    ("boe", "Bank of England base rate"),
    ("de_base", "German base rate (Basiszinssatz)"),
]
# A custom rate may also be fixed: the margin is then the whole annual rate.
FIXED = "fixed"
# The business-to-business laws do not reach consumers: what applies instead.
# German law has its own consumer rate; the Late Payment Directive, the UK
# Act and the French commercial code only cover businesses, so a consumer
# owes no statutory interest under them (contractual terms: use "custom").
CONSUMER_JURISDICTION = {
    "eu": "none",
    "uk": "none",
    "de_b2b": "de_b2c",
    "de_b2c": "de_b2c",
    "fr": "none",
    "custom": "custom",
    "none": "none",
}


@dataclass(frozen=True)
class Profile:
    """How a jurisdiction computes: reference rate, margin, rate changes, fees."""

    source: str | None  # RATE_SOURCES code; None: no interest
    margin: Decimal  # percentage points added to the reference rate
    # True: the rate of the period the debt fell late in applies throughout
    # (UK); False: each half-year's rate applies to its own days (EU, DE, FR).
    fixed_at_due: bool
    # Fixed compensation: [(minimum debt, amount)], the highest minimum reached wins.
    fee_tiers: tuple[tuple[Decimal, Decimal], ...] = ()
    fee_currency: str = "EUR"  # the currency the law states the fees in
    days_in_year: int = 365


PROFILES = {
    "eu": Profile("ecb", Decimal(8), False, ((Decimal(0), Decimal(40)),)),
    "uk": Profile(
        "boe",
        Decimal(8),
        True,
        ((Decimal(0), Decimal(40)), (Decimal(1000), Decimal(70)), (Decimal(10000), Decimal(100))),
        fee_currency="GBP",
    ),
    "de_b2b": Profile("de_base", Decimal(9), False, ((Decimal(0), Decimal(40)),)),
    "de_b2c": Profile("de_base", Decimal(5), False),
    "fr": Profile("ecb", Decimal(10), False, ((Decimal(0), Decimal(40)),)),
    "none": Profile(None, Decimal(0), False),
}


@dataclass(frozen=True)
class Rate:
    """A reference rate (in %) valid from ``start`` to ``end`` (inclusive)."""

    start: date
    end: date
    rate: Decimal


@dataclass(frozen=True)
class Segment:
    """Interest on a constant base at a constant rate over some days."""

    start: date
    end: date
    base: Decimal
    rate: Decimal  # annual rate in %, reference + margin
    days: int
    amount: Decimal  # not rounded


class MissingRate(LookupError):
    """No reference rate covers ``day``: the rate table must be completed."""

    def __init__(self, source: str, day: date):
        super().__init__(f"no {source} reference rate for {day.isoformat()}")
        self.source = source
        self.day = day


def _rate_on(day: date, rates: Sequence[Rate], source: str) -> Rate:
    if source == FIXED:
        return Rate(day, day, Decimal(0))
    for rate in rates:
        if rate.start <= day <= rate.end:
            return rate
    raise MissingRate(source, day)


def interest_segments(
    *,
    principal: Decimal,
    due_date: date,
    calc_date: date,
    payments: Sequence[tuple[date, Decimal]],
    rates: Sequence[Rate],
    profile: Profile,
    charged_until: date | None = None,
    credited: Decimal = Decimal(0),
) -> list[Segment]:
    """Interest of one invoice, split where the base or the rate changes.

    ``principal`` is the invoice's total; ``payments`` are (date, amount)
    received after it, each lowering the base from its date; ``credited``
    is what its credit notes took off, never owed.
    ``charged_until``: the last day already charged; only later days count.
    """
    principal -= credited
    late = due_date + timedelta(days=1)
    first = max(late, charged_until + timedelta(days=1)) if charged_until else late
    if profile.source is None or calc_date < first:
        return []
    changes = {first, calc_date + timedelta(days=1)}
    changes |= {day for day, _amount in payments if first < day <= calc_date}
    if not profile.fixed_at_due:
        changes |= {r.start for r in rates if first < r.start <= calc_date}
        changes |= {r.end + timedelta(days=1) for r in rates if first <= r.end < calc_date}
    bounds = sorted(changes)
    segments = []
    for start, stop in zip(bounds, bounds[1:], strict=False):
        paid = sum((amount for day, amount in payments if day <= start), Decimal(0))
        base = max(principal - paid, Decimal(0))
        days = (stop - start).days
        if not base or not days:
            continue  # nothing owed on these days: no rate is needed for them
        reference = _rate_on(late if profile.fixed_at_due else start, rates, profile.source)
        annual = reference.rate + profile.margin
        amount = base * annual / Decimal(100) * days / profile.days_in_year
        segments.append(Segment(start, stop - timedelta(days=1), base, annual, days, amount))
    return segments


def custom_profile(
    source: str | None,
    margin: Decimal,
    fee: Decimal = Decimal(0),
    fee_currency: str = "EUR",
    days_in_year: int = 365,
) -> Profile:
    """Terms set by the company: a reference rate (or ``FIXED``) plus a
    margin, each rate applying to its own days, and one flat fee per invoice."""
    tiers = ((Decimal(0), fee),) if fee > 0 else ()
    return Profile(source, margin, False, tiers, fee_currency, days_in_year)


def profile_for(code: str, consumer: bool, custom: Profile | None = None) -> Profile:
    """The profile that applies to a debtor under jurisdiction ``code``."""
    if consumer:
        code = CONSUMER_JURISDICTION[code]
    if code == "custom":
        if custom is None:
            raise ValueError("custom terms are not configured")
        return custom
    return PROFILES[code]


def round_money(amount: Decimal, rounding: Decimal) -> Decimal:
    """Half-up to the currency's precision (e.g. Decimal('0.01'))."""
    return (amount / rounding).quantize(Decimal(1), rounding=ROUND_HALF_UP) * rounding


@dataclass(frozen=True)
class Accrual:
    """The interest of one invoice over the days not charged yet."""

    segments: tuple[Segment, ...]
    amount: Decimal  # rounded once

    @property
    def start(self) -> date | None:
        return self.segments[0].start if self.segments else None

    @property
    def end(self) -> date | None:
        return self.segments[-1].end if self.segments else None

    @property
    def rate(self) -> Decimal:
        """The annual rate of the last day (a period over a rate change has several)."""
        return self.segments[-1].rate if self.segments else Decimal(0)


def statutory_interest(rounding: Decimal = Decimal("0.01"), **kwargs) -> Accrual:
    """The interest of :func:`interest_segments`, summed then rounded once."""
    segments = tuple(interest_segments(**kwargs))
    return Accrual(segments, round_money(sum((s.amount for s in segments), Decimal(0)), rounding))


def compensation(profile: Profile, debt: Decimal) -> Decimal:
    """The fixed recovery compensation for one invoice of ``debt``."""
    reached = [fee for minimum, fee in profile.fee_tiers if debt >= minimum]
    return reached[-1] if reached else Decimal(0)


def compensation_owed(
    due_date: date | None,
    calc_date: date,
    settled_on: date | None = None,
    owed: Decimal | None = None,
) -> bool:
    """The fixed compensation is owed once a payment is late: an open invoice
    due before ``calc_date``, or a settled one paid after its due date
    (``settled_on``: its last payment). A letter never asks it on an invoice
    not yet due, nor on one paid on time, nor when nothing was ``owed`` (the
    total less its credit notes: credited in full)."""
    if due_date is None or (owed is not None and owed <= 0):
        return False
    return due_date < (settled_on or calc_date)
