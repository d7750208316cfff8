"""Agency status files: all-or-nothing parsing with line-numbered errors."""

from datetime import date
from decimal import Decimal

from debt_core.agency_status import parse_status_file

KNOWN = {"PLC/1", "PLC/2"}
TODAY = date(2026, 11, 24)
HEADER = "placement,status,date,amount_collected,commission,currency,note\n"


def parse(text, name="status.csv"):
    return parse_status_file(text.encode(), name, KNOWN, TODAY)


def test_valid_csv():
    events, errors = parse(
        HEADER
        + "PLC/1,acknowledged,2026-11-20,,,,\n"
        + "PLC/1,payment,2026-11-22,250.00,37.50,eur,Paid by transfer\n"
    )
    assert errors == []
    assert [(e.line, e.status) for e in events] == [(2, "acknowledged"), (3, "payment")]
    assert (events[1].amount_collected, events[1].commission, events[1].currency) == (
        Decimal("250.00"),
        Decimal("37.50"),
        "EUR",
    )


def test_partly_invalid_csv_is_rejected_whole():
    events, errors = parse(
        HEADER
        + "PLC/1,acknowledged,2026-11-20,,,,\n"
        + "PLC/9,payment,2026-11-22,abc,,EUR,\n"
        + "PLC/2,lost,2026-13-01,,,,\n"
        + "PLC/2,payment,2026-11-22,10,20,EUR,\n"
    )
    assert events == []
    assert errors == [
        (3, "unknown placement 'PLC/9'"),
        (3, "amount_collected: 'abc' is not an amount"),
        (3, "a payment needs amount_collected"),
        (4, "unknown status 'lost'"),
        (4, "date: '2026-13-01' is not YYYY-MM-DD"),
        (5, "commission is more than the amount collected"),
    ]


def test_future_date_and_missing_fields():
    _events, errors = parse(HEADER + "PLC/1,closed,2026-12-01,,,,\n,,,,,,\n")
    assert errors == [
        (2, "date 2026-12-01 is in the future"),
        (3, "placement is missing"),
        (3, "status is missing"),
        (3, "date is missing"),
    ]


def test_json_format():
    events, errors = parse(
        '{"events": [{"placement": "PLC/2", "status": "payment", "date": "2026-11-23",'
        ' "amount_collected": "99.90", "commission": "0", "currency": "GBP"}]}',
        "status.json",
    )
    assert errors == [] and events[0].amount_collected == Decimal("99.90")


def test_malformed_files():
    assert parse("{not json", "s.json")[1][0][1].startswith("not valid JSON")
    assert parse('{"rows": []}', "s.json")[1] == [(0, 'a JSON status file is {"events": [...]}')]
    assert parse("a,b\n1,2\n")[1] == [(1, "missing column(s): placement, status, date")]
    assert parse_status_file(b"\xff\xfe\x00", "s.csv", KNOWN, TODAY)[1] == [
        (0, "the file is not UTF-8 text")
    ]
    assert parse(HEADER)[1] == [(0, "the file holds no event")]
    assert parse("x", "s.xlsx")[1] == [(0, "status files are .csv or .json")]
