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


# --- hardening (issue 15) ---


def test_nan_and_infinity_are_line_errors():
    for value in ("NaN", "sNaN", "Infinity", "-inf"):
        events, errors = parse(HEADER + f"PLC/1,payment,2026-11-22,{value},{value},EUR,\n")
        assert events == [] and errors and all(line == 2 for line, _msg in errors), value
    events, errors = parse(
        '{"events": [{"placement": "PLC/1", "status": "payment", "date": "2026-11-22",'
        ' "amount_collected": NaN, "currency": "EUR"},'
        ' {"placement": "PLC/1", "status": "payment", "date": "2026-11-22",'
        ' "amount_collected": 1e400, "currency": "EUR"}]}',
        "status.json",
    )
    assert events == [] and errors


def test_huge_amounts_are_line_errors():
    events, errors = parse(HEADER + "PLC/1,payment,2026-11-22,1e400,,EUR,\n")
    assert events == [] and {line for line, _msg in errors} == {2}
    events, errors = parse(HEADER + "PLC/1,payment,2026-11-22,100000000000000000000,,EUR,\n")
    assert events == [] and {line for line, _msg in errors} == {2}


def test_deeply_nested_json_is_an_error_not_a_crash():
    nested = '{"events": [' + "[" * 100000 + "]" * 100000 + "]}"
    events, errors = parse(nested, "status.json")
    assert events == [] and errors
    events, errors = parse(
        '{"events": [{"placement": {"a": {"b": [1]}}, "status": "payment",'
        ' "date": "2026-11-22", "amount_collected": "1", "currency": "EUR"}]}',
        "status.json",
    )
    assert events == [] and errors == [(1, "placement: a text is needed")]


def test_huge_csv_field_is_a_line_error():
    events, errors = parse(HEADER + "PLC/1,payment,2026-11-22,1,,EUR," + "x" * 200000 + "\n")
    assert events == [] and errors


def test_duplicated_line_is_refused():
    events, errors = parse(
        HEADER
        + "PLC/1,payment,2026-11-22,250.00,,EUR,Paid\n"
        + "PLC/1,payment,2026-11-22,250.0,,eur,Paid again\n"
        + "PLC/1,payment,2026-11-22,250.00,,GBP,Other currency\n"
    )
    assert events == []
    assert errors == [(3, "the same event as line 2")]


def test_agency_reference_identifies_events():
    header = "placement,reference,status,date,amount_collected,commission,currency,note\n"
    events, errors = parse(
        header
        + "PLC/1,TX-1,payment,2026-11-22,250.00,,EUR,\n"
        + "PLC/1,TX-2,payment,2026-11-22,250.00,,EUR,\n"
    )
    assert errors == []
    assert [e.reference for e in events] == ["TX-1", "TX-2"]
    assert events[0].key != events[1].key


def test_which_event_in_which_state():
    from debt_core.agency_status import state_after

    assert state_after("sent", "acknowledged") == "acknowledged"
    assert state_after("in_progress", "acknowledged") == "in_progress"  # never backwards
    assert state_after("acknowledged", "payment") == "in_progress"
    assert state_after("in_progress", "returned") == "returned"
    assert state_after("returned", "closed") == "closed"
    for state in ("draft", "recalled", "closed", "settled"):
        assert state_after(state, "payment") is None, state
        assert state_after(state, "acknowledged") is None, state
    assert state_after("draft", "closed") is None
    assert state_after("recalled", "closed") is None


def test_payment_bounds():
    from debt_core.placements import collectable

    assert collectable(placed=1800, recovered=250, residual=1800) == 1550
    assert collectable(placed=1800, recovered=250, residual=1550) == 1550
    assert collectable(placed=1800, recovered=0, residual=1500) == 1500
    assert collectable(placed=1800, recovered=1900, residual=0) == 0


def test_plan_checks_states_amounts_and_currencies_in_file_order():
    from debt_core.agency_status import plan_events

    events, errors = parse(
        HEADER
        + "PLC/1,acknowledged,2026-11-20,,,,\n"
        + "PLC/1,payment,2026-11-21,100,,EUR,\n"
        + "PLC/1,payment,2026-11-22,60,,EUR,\n"  # 100 + 60 > 150 open
        + "PLC/2,payment,2026-11-22,10,,XYZ,\n"  # no such currency
        + "PLC/2,acknowledged,2026-11-22,,,,\n"  # PLC/2 is a draft
    )
    assert errors == []
    amounts = {2: None, 3: Decimal(100), 4: Decimal(60), 5: None}
    plan, errors = plan_events(
        events,
        {"PLC/1": "sent", "PLC/2": "draft"},
        {"PLC/1": Decimal(150), "PLC/2": Decimal(500)},
        amounts,
    )
    assert plan == []
    assert errors == [
        (4, "the payment 60 is more than the 50 still open"),
        (5, "currency 'XYZ' is not in use here"),
        (6, "a 'acknowledged' report cannot apply to a draft placement"),
    ]
    plan, errors = plan_events(events[:3], {"PLC/1": "sent"}, {"PLC/1": Decimal(160)}, amounts)
    assert errors == []
    assert [state for _event, state in plan] == ["acknowledged", "in_progress", "settled"]
