"""Reference rates from their publishers: what to fetch, how to read it, and
which rate each half-year gets.

The late-payment laws fix the reference rate per half-year from a central
bank's published rate on a given day: the ECB main refinancing rate in force
on 1 January / 1 July (Directive 2011/7/EU, French code), the Bundesbank's
base rate of that half-year (§ 247 BGB), the Bank of England Bank Rate in
force on 31 December / 30 June before it (Late Payment Act 1998). The feeds
publish observations; this module turns them into half-year rates. Fetching
(``requests``) and storing belong to the model; everything here is plain data.
"""

import csv
import io
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

import xmltodict

FIRST_DAY = "first_day"  # the rate in force on the half-year's first day
DAY_BEFORE = "day_before"  # the rate in force on the day before it starts
SDMX = "sdmx"
BOE_CSV = "boe_csv"
# No central bank rate has ever been outside this; a value outside is a parse error.
PLAUSIBLE = (Decimal(-5), Decimal(25))


@dataclass(frozen=True)
class Feed:
    """Where a source is published, in which format, and which day counts."""

    source: str  # core.interest.RATE_SOURCES code
    url: str  # ``{start_month}`` / ``{start_boe}``: the first day wanted
    fmt: str  # SDMX or BOE_CSV
    rule: str  # FIRST_DAY or DAY_BEFORE
    label: str  # what the note of a fetched rate says
    # A series of values per day or month (not of changes only) says nothing
    # about a day later than its last value plus this gap; None: changes only.
    max_gap_days: int | None = None


FEEDS = {
    "ecb": Feed(
        "ecb",
        "https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV"
        "?format=genericdata&detail=dataonly",
        SDMX,
        FIRST_DAY,
        "ECB Data Portal, FM.B.U2.EUR.4F.KR.MRR_FR.LEV (main refinancing operations)",
    ),
    "de_base": Feed(
        "de_base",
        "https://api.statistiken.bundesbank.de/rest/data/BBK01/SU0115"
        "?detail=dataonly&startPeriod={start_month}",
        SDMX,
        FIRST_DAY,
        "Deutsche Bundesbank, BBK01.SU0115 (Basiszinssatz, § 247 BGB)",
        max_gap_days=31,
    ),
    "boe": Feed(
        "boe",
        "https://www.bankofengland.co.uk/boeapps/database/_iadb-fromshowcolumns.asp"
        "?csv.x=yes&Datefrom={start_boe}&Dateto=now&SeriesCodes=IUDBEDR"
        "&CSVF=TN&UsingCodes=Y&VPD=Y&VFD=N",
        BOE_CSV,
        DAY_BEFORE,
        "Bank of England database, IUDBEDR (Bank Rate)",
        max_gap_days=7,
    ),
}


class RateFeedError(ValueError):
    """A response that is not the publisher's format, or holds no usable rate."""


@dataclass(frozen=True)
class HalfYearRate:
    start: date
    end: date
    rate: Decimal
    observed_on: date  # the reference day whose rate it is


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def feed_url(feed: Feed, start: date) -> str:
    """The request for observations from ``start`` on (the ECB's series of
    changes is small and read whole: a window would miss the change in force
    at its start)."""
    return feed.url.format(
        start_month=start.strftime("%Y-%m"),
        start_boe=f"{start.day:02d}/{MONTHS[start.month - 1]}/{start.year}",
    )


def _value(text) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError) as error:
        raise RateFeedError(f"not a number: {text!r}") from error
    if not value.is_finite() or not math.isfinite(float(value)):
        raise RateFeedError(f"not a finite number: {text!r}")
    if not PLAUSIBLE[0] <= value <= PLAUSIBLE[1]:
        raise RateFeedError(f"not a plausible rate: {value}%")
    return value


def _period(text: str) -> date:
    """SDMX periods: ``2024-09-18`` (daily, business days) or ``2024-07`` (monthly)."""
    text = str(text).strip()
    for fmt in ("%Y-%m-%d", "%Y-%m"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RateFeedError(f"not a period: {text!r}")


def _local(node):
    """Drop XML namespace prefixes (``generic:Obs`` -> ``Obs``): publishers vary them."""
    if isinstance(node, list):
        return [_local(item) for item in node]
    if isinstance(node, dict):
        return {key.rsplit(":", 1)[-1]: _local(value) for key, value in node.items()}
    return node


def _as_list(node):
    if node is None:
        return []
    return node if isinstance(node, list) else [node]


def parse_sdmx(text: str) -> list[tuple[date, Decimal]]:
    """Observations of an SDMX-ML 2.1 response, generic or structure-specific.

    Generic (ECB ``format=genericdata``, the Bundesbank's default) writes
    ``<generic:Obs><generic:ObsDimension value=".."/><generic:ObsValue value=".."/>``;
    structure-specific writes ``<Obs TIME_PERIOD=".." OBS_VALUE=".."/>``.
    """
    try:
        document = _local(xmltodict.parse(text, disable_entities=True))
    except Exception as error:  # expat raises its own error types
        raise RateFeedError(f"not XML: {error}") from error
    message = next(iter(document.values()), None) if isinstance(document, dict) else None
    if not isinstance(message, dict) or "DataSet" not in message:
        if isinstance(message, dict) and "Error" in message:
            raise RateFeedError("the publisher answered with an error message")
        raise RateFeedError("not an SDMX data message (no DataSet)")
    observations = []
    for dataset in _as_list(message["DataSet"]):
        for series in _as_list((dataset or {}).get("Series")):
            for obs in _as_list((series or {}).get("Obs")):
                if "ObsDimension" in obs:
                    period = obs["ObsDimension"].get("@value")
                    value = (obs.get("ObsValue") or {}).get("@value")
                else:
                    period, value = obs.get("@TIME_PERIOD"), obs.get("@OBS_VALUE")
                if value in (None, "", "NaN"):
                    continue  # a period without a published value (SDMX "missing")
                observations.append((_period(period), _value(value)))
    if not observations:
        raise RateFeedError("the response holds no observation")
    return sorted(observations)


def _boe_date(text: str) -> date:
    """``02 Jan 2025`` (English month names whatever the server's locale)."""
    parts = text.split()
    try:
        return date(int(parts[2]), MONTHS.index(parts[1][:3].title()) + 1, int(parts[0]))
    except (IndexError, ValueError) as error:
        raise RateFeedError(f"not a date: {text!r}") from error


def parse_boe_csv(text: str) -> list[tuple[date, Decimal]]:
    """The Bank of England database's CSV (``CSVF=TN``): ``DATE,IUDBEDR`` then
    ``02 Jan 2025,4.75``."""
    rows = list(csv.reader(io.StringIO(text.strip())))
    if not rows or [cell.strip().upper() for cell in rows[0][:2]] != ["DATE", "IUDBEDR"]:
        raise RateFeedError("not the Bank of England CSV (expected the header DATE,IUDBEDR)")
    observations = []
    for row in rows[1:]:
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2:
            raise RateFeedError(f"a row without a value: {row!r}")
        day = _boe_date(row[0])
        observations.append((day, _value(row[1])))
    if not observations:
        raise RateFeedError("the response holds no observation")
    return sorted(observations)


def parse(feed: Feed, text: str) -> list[tuple[date, Decimal]]:
    return parse_sdmx(text) if feed.fmt == SDMX else parse_boe_csv(text)


def half_year(day: date) -> tuple[date, date]:
    """The half-year ``day`` falls in: (1 Jan, 30 Jun) or (1 Jul, 31 Dec)."""
    if day.month <= 6:
        return date(day.year, 1, 1), date(day.year, 6, 30)
    return date(day.year, 7, 1), date(day.year, 12, 31)


def next_half_year(day: date) -> tuple[date, date]:
    return half_year(half_year(day)[1] + timedelta(days=1))


def reference_day(rule: str, start: date) -> date:
    return start - timedelta(days=1) if rule == DAY_BEFORE else start


def rate_in_force(observations, day: date, max_gap_days: int | None = None) -> Decimal | None:
    """The last published value on or before ``day``; None when there is none,
    or when a per-day/per-month series stopped too long before ``day``."""
    found = None
    for observed, value in observations:
        if observed > day:
            break
        found = (observed, value)
    if found is None:
        return None
    if max_gap_days is not None and (day - found[0]).days > max_gap_days:
        return None
    return found[1]


def half_year_rates(feed: Feed, observations, first: date, today: date) -> list[HalfYearRate]:
    """The rate of each half-year from ``first``'s up to the latest whose
    reference day is known: passed by ``today``, or already published (the
    Bundesbank announces a half-year's base rate before it starts).

    A half-year whose reference day precedes the first observation is left
    out: the feed does not say what was in force then.
    """
    if not observations:
        return []
    known_until = max(today, observations[-1][0])
    rates = []
    start, end = half_year(first)
    while reference_day(feed.rule, start) <= known_until:
        day = reference_day(feed.rule, start)
        value = rate_in_force(observations, day, feed.max_gap_days)
        if value is not None and observations[0][0] <= day:
            rates.append(HalfYearRate(start, end, value, day))
        start, end = next_half_year(start)
    return rates


def periods_missing(covered: list[tuple[date, date]], today: date, horizon_days: int):
    """Half-years that need a rate and have none: the current one, and the next
    when it starts within ``horizon_days``. ``covered``: (start, end) of the
    rates on file."""
    wanted = [half_year(today)]
    upcoming = next_half_year(today)
    if (upcoming[0] - today).days <= horizon_days:
        wanted.append(upcoming)
    return [
        (start, end)
        for start, end in wanted
        if not any(c_start <= start and end <= c_end for c_start, c_end in covered)
    ]


def compare_with_table(published, on_file):
    """What a fetch does with the table: ``(new, conflicts)``.

    ``published``: HalfYearRate; ``on_file``: the source's rows as Rate-like
    ``(start, end, rate)``. A half-year nothing on file touches is new; one
    covered by exactly that period at the same rate (to 0.001) is known; any
    other overlap is a conflict ``(published, [rows it overlaps])``: the table
    is kept, a person decides.
    """
    new, conflicts = [], []
    for rate in published:
        overlapping = [row for row in on_file if row[0] <= rate.end and row[1] >= rate.start]
        if not overlapping:
            new.append(rate)
            continue
        [(start, end, value), *others] = overlapping
        same = not others and (start, end) == (rate.start, rate.end)
        if same and abs(Decimal(str(value)) - rate.rate) < Decimal("0.0005"):
            continue
        conflicts.append((rate, overlapping))
    return new, conflicts
