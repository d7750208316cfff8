"""Reading the publishers' responses and deriving each half-year's rate: the
recorded responses must give the rates the addon ships for 2023-2025 (checked
against the published half-year tables), and anything else is refused."""

import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from debt_core.reference_rates import (
    FEEDS,
    RateFeedError,
    feed_url,
    half_year_rates,
    parse,
    parse_boe_csv,
    parse_sdmx,
    periods_missing,
    rate_in_force,
)

ADDON = Path(__file__).resolve().parent.parent / "debt_recovery"
RECORDED = ADDON / "tests" / "data" / "rates"
SHIPPED = ADDON / "data" / "debt_interest_rate_data.xml"


def recorded(name):
    return (RECORDED / name).read_text()


def shipped_rates(source):
    """{date_from: rate} of the rates shipped in the addon's data file."""
    text = SHIPPED.read_text()
    found = {}
    for block in re.findall(r"<record .*?</record>", text, re.S):
        if f'<field name="source">{source}</field>' in block:
            start = re.search(r'"date_from">([\d-]+)<', block).group(1)
            found[date.fromisoformat(start)] = D(re.search(r'"rate">([-\d.]+)<', block).group(1))
    return found


@pytest.mark.parametrize(
    "source, name, first",
    [
        ("ecb", "ecb_mro_genericdata.xml", date(2019, 1, 1)),
        ("de_base", "bbk_su0115_genericdata.xml", date(2019, 1, 1)),
        ("boe", "boe_iudbedr.csv", date(2024, 1, 1)),
    ],
)
def test_recorded_responses_give_the_published_half_year_rates(source, name, first):
    feed = FEEDS[source]
    observations = parse(feed, recorded(name))
    rates = half_year_rates(feed, observations, first, date(2025, 7, 15))
    shipped = shipped_rates(source)
    assert rates, "the recorded response yields rates"
    for rate in rates:
        assert rate.start in shipped, rate
        assert rate.rate == shipped[rate.start], (rate, shipped[rate.start])
    assert rates[-1].start == date(2025, 7, 1)


def test_ecb_rate_is_the_one_in_force_on_the_first_day():
    observations = parse_sdmx(recorded("ecb_mro_genericdata.xml"))
    # 4.50 from 20 Sep 2023, 4.25 from 12 Jun 2024: H2 2024 starts at 4.25.
    assert rate_in_force(observations, date(2024, 7, 1)) == D("4.25")
    assert rate_in_force(observations, date(2024, 6, 11)) == D("4.5")
    # A series of changes: the last change still holds a year later.
    later = half_year_rates(FEEDS["ecb"], observations, date(2026, 1, 1), date(2026, 12, 1))
    assert [(r.start, r.rate) for r in later] == [
        (date(2026, 1, 1), D("2.15")),
        (date(2026, 7, 1), D("2.15")),
    ]


def test_bank_rate_is_the_one_in_force_the_day_before():
    observations = parse_boe_csv(recorded("boe_iudbedr.csv"))
    rates = half_year_rates(FEEDS["boe"], observations, date(2025, 1, 1), date(2025, 7, 15))
    # 31 Dec 2024 (4.75, cut to 4.50 only on 6 Feb) and 30 Jun 2025 (4.25).
    assert [(r.observed_on, r.rate) for r in rates] == [
        (date(2024, 12, 31), D("4.75")),
        (date(2025, 6, 30), D("4.25")),
    ]


def test_a_daily_series_says_nothing_after_it_stops():
    """The recording ends in July 2025: H1 2026 (Bank Rate of 31 Dec 2025) is unknown."""
    observations = parse_boe_csv(recorded("boe_iudbedr.csv"))
    rates = half_year_rates(FEEDS["boe"], observations, date(2025, 7, 1), date(2026, 12, 1))
    assert [r.start for r in rates] == [date(2025, 7, 1)]


def test_bundesbank_rate_is_taken_when_published_before_its_half_year():
    text = recorded("bbk_su0115_genericdata.xml").replace(
        "</generic:Series>",
        '<generic:Obs><generic:ObsDimension value="2026-01"/>'
        '<generic:ObsValue value="1.27"/></generic:Obs></generic:Series>',
    )
    observations = parse_sdmx(text)
    rates = half_year_rates(FEEDS["de_base"], observations, date(2026, 1, 1), date(2025, 12, 28))
    assert [(r.start, r.rate) for r in rates] == [(date(2026, 1, 1), D("1.27"))]


def test_structure_specific_sdmx_is_read_too():
    text = (
        '<message:StructureSpecificData xmlns:message="m"><message:DataSet>'
        '<Series FREQ="B"><Obs TIME_PERIOD="2025-06-11" OBS_VALUE="2.15"/>'
        '<Obs TIME_PERIOD="2025-04-23" OBS_VALUE="2.40"/></Series>'
        "</message:DataSet></message:StructureSpecificData>"
    )
    assert parse_sdmx(text) == [(date(2025, 4, 23), D("2.40")), (date(2025, 6, 11), D("2.15"))]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "<html><body>Service unavailable</body></html>",
        "not xml at all",
        '<message:Error xmlns:message="m"><message:ErrorMessage code="100"/></message:Error>',
        '<message:GenericData xmlns:message="m"><message:DataSet/></message:GenericData>',
        # NaN, a huge number, an implausible rate, a bad period
        '<m:GenericData xmlns:m="m" xmlns:g="g"><m:DataSet><g:Series><g:Obs>'
        '<g:ObsDimension value="2025-01-01"/><g:ObsValue value="1e400"/></g:Obs>'
        "</g:Series></m:DataSet></m:GenericData>",
        '<m:GenericData xmlns:m="m" xmlns:g="g"><m:DataSet><g:Series><g:Obs>'
        '<g:ObsDimension value="2025-01-01"/><g:ObsValue value="42"/></g:Obs>'
        "</g:Series></m:DataSet></m:GenericData>",
        '<m:GenericData xmlns:m="m" xmlns:g="g"><m:DataSet><g:Series><g:Obs>'
        '<g:ObsDimension value="Q3"/><g:ObsValue value="2.1"/></g:Obs>'
        "</g:Series></m:DataSet></m:GenericData>",
        '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
    ],
)
def test_malformed_sdmx_is_refused(text):
    with pytest.raises(RateFeedError):
        parse_sdmx(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "<html>Moved</html>",
        "DATE,IUDBEDR\n31 Dec 2024,nan\n",
        "DATE,IUDBEDR\n31 Dec 2024,inf\n",
        "DATE,IUDBEDR\n2024-12-31,4.75\n",
        "DATE,IUDBEDR\n31 Dec 2024\n",
        "DATE,XUDLUSS\n31 Dec 2024,1.25\n",
    ],
)
def test_malformed_bank_of_england_csv_is_refused(text):
    with pytest.raises(RateFeedError):
        parse_boe_csv(text)


def test_urls_ask_from_the_first_day_wanted():
    assert "startPeriod=2024-01" in feed_url(FEEDS["de_base"], date(2024, 1, 1))
    assert "Datefrom=01/Jan/2024" in feed_url(FEEDS["boe"], date(2024, 1, 1))
    assert feed_url(FEEDS["ecb"], date(2024, 1, 1)).startswith("https://data-api.ecb.europa.eu/")


def test_missing_periods_look_ahead_to_the_next_half_year():
    covered = [(date(2026, 7, 1), date(2026, 12, 31))]
    next_half = (date(2027, 1, 1), date(2027, 6, 30))
    assert periods_missing(covered, date(2026, 12, 1), 31) == [next_half]
    assert periods_missing(covered, date(2026, 11, 1), 31) == []
    assert periods_missing([], date(2026, 11, 1), 31) == [(date(2026, 7, 1), date(2026, 12, 31))]


def test_a_fetch_adds_what_is_missing_and_flags_what_differs():
    from debt_core.reference_rates import HalfYearRate, compare_with_table

    h1 = HalfYearRate(date(2025, 1, 1), date(2025, 6, 30), D("3.15"), date(2025, 1, 1))
    h2 = HalfYearRate(date(2025, 7, 1), date(2025, 12, 31), D("2.15"), date(2025, 7, 1))
    # H1 on file at the same rate: known; H2 missing: new.
    assert compare_with_table([h1, h2], [(h1.start, h1.end, 3.15)]) == ([h2], [])
    # A different rate, or another period shape over the same days: a conflict.
    differs = [(h1.start, h1.end, 3.0)]
    assert compare_with_table([h1], differs) == ([], [(h1, differs)])
    whole_year = [(date(2025, 1, 1), date(2025, 12, 31), 3.15)]
    assert compare_with_table([h1], whole_year) == ([], [(h1, whole_year)])
