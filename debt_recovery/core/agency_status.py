"""Status files sent back by agencies: parsed and checked whole, before anything
is applied, so a bad file is rejected with every error and its line number.

CSV (UTF-8, comma separated, a header line), one row per event::

    placement,status,date,amount_collected,commission,currency,note
    PLC/2026/00007,payment,2026-11-20,250.00,37.50,EUR,Paid by transfer

JSON, the same fields::

    {"events": [{"placement": "PLC/2026/00007", "status": "payment",
                 "date": "2026-11-20", "amount_collected": "250.00",
                 "commission": "37.50", "currency": "EUR", "note": "..."}]}

``status`` is one of ``STATUSES``; amounts are decimal strings with a dot,
zero or more; ``amount_collected`` and ``commission`` may be empty unless the
status is ``payment``.
"""

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

STATUSES = {
    "acknowledged": "The agency took the case",
    "in_progress": "The agency is working the case",
    "promise": "The debtor promised the agency to pay",
    "payment": "The agency collected money",
    "returned": "The agency gives the case back",
    "closed": "The case is over",
}
COLUMNS = ("placement", "status", "date", "amount_collected", "commission", "currency", "note")
REQUIRED = ("placement", "status", "date")


@dataclass(frozen=True)
class Event:
    line: int
    placement: str
    status: str
    date: date
    amount_collected: Decimal
    commission: Decimal
    currency: str
    note: str


def _amount(text, field, errors, line):
    text = (text or "").strip()
    if not text:
        return Decimal(0)
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append((line, f"{field}: {text!r} is not an amount"))
        return Decimal(0)
    if not value.is_finite() or value < 0:
        errors.append((line, f"{field}: {text!r} must be zero or more"))
    return value


def _event(line, raw, known_placements, today, errors):
    values = {key: str(raw.get(key) or "").strip() for key in COLUMNS}
    count = len(errors)
    for key in REQUIRED:
        if not values[key]:
            errors.append((line, f"{key} is missing"))
    if values["placement"] and values["placement"] not in known_placements:
        errors.append((line, f"unknown placement {values['placement']!r}"))
    if values["status"] and values["status"] not in STATUSES:
        errors.append((line, f"unknown status {values['status']!r}"))
    day = None
    if values["date"]:
        try:
            day = date.fromisoformat(values["date"])
        except ValueError:
            errors.append((line, f"date: {values['date']!r} is not YYYY-MM-DD"))
        else:
            if day > today:
                errors.append((line, f"date {day} is in the future"))
    collected = _amount(values["amount_collected"], "amount_collected", errors, line)
    commission = _amount(values["commission"], "commission", errors, line)
    if values["status"] == "payment" and not collected:
        errors.append((line, "a payment needs amount_collected"))
    if commission > collected and collected:
        errors.append((line, "commission is more than the amount collected"))
    if collected and len(values["currency"]) != 3:
        errors.append((line, "currency: a 3-letter ISO code is needed with an amount"))
    if len(errors) > count:
        return None
    return Event(
        line,
        values["placement"],
        values["status"],
        day,
        collected,
        commission,
        values["currency"].upper(),
        values["note"],
    )


def parse_status_file(content, filename, known_placements, today):
    """``(events, errors)`` of a status file; ``errors`` are ``(line, message)``.

    The format comes from the file name (``.csv`` or ``.json``). Lines count
    from the header (line 1) in CSV, from 1 in the JSON ``events`` list.
    """
    errors, events = [], []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [(0, "the file is not UTF-8 text")]
    if filename.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError as error:
            return [], [(getattr(error, "lineno", 0), f"not valid JSON: {error.msg}")]
        rows = data.get("events") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            return [], [(0, 'a JSON status file is {"events": [...]}')]
        numbered = list(enumerate(rows, start=1))
    elif filename.lower().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            return [], [(1, f"missing column(s): {', '.join(missing)}")]
        numbered = [(reader.line_num, row) for row in reader]
    else:
        return [], [(0, "status files are .csv or .json")]
    if not numbered:
        return [], [(0, "the file holds no event")]
    for line, raw in numbered:
        if not isinstance(raw, dict):
            errors.append((line, "an event is an object of fields"))
            continue
        event = _event(line, raw, known_placements, today, errors)
        if event:
            events.append(event)
    return (events if not errors else []), errors


# What an event makes of the placement (a payment settles it once nothing is open).
PLACEMENT_STATE_AFTER = {
    "acknowledged": "acknowledged",
    "in_progress": "in_progress",
    "promise": "in_progress",
    "payment": "in_progress",
    "returned": "returned",
    "closed": "closed",
}
