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
status is ``payment``. An optional ``reference`` column holds the agency's own
reference of the event (its transaction number).

The exchange is a ledger: an event is identified by ``Event.key`` (placement,
reference, date, status, amount, currency). A file holding the same event
twice is refused; the model applies an event only once, whatever file
brings it again.
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
COLUMNS = (
    "placement",
    "reference",
    "status",
    "date",
    "amount_collected",
    "commission",
    "currency",
    "note",
)
REQUIRED = ("placement", "status", "date")
# The longest text a status file field may hold (a note is a few lines).
MAX_FIELD_LENGTH = 10_000
# No agency collects a quadrillion: anything larger is a broken file, not money.
MAX_AMOUNT = Decimal(10) ** 15
# Which agency report may apply to a placement in which state. A draft was
# never handed over, and a recalled, settled or closed placement is the
# company's again: reports on them are refused, never silently applied.
WORKED_BY_AGENCY = ("sent", "acknowledged", "in_progress")
EVENT_ALLOWED_IN = {
    "acknowledged": WORKED_BY_AGENCY,
    "in_progress": WORKED_BY_AGENCY,
    "promise": WORKED_BY_AGENCY,
    "payment": WORKED_BY_AGENCY,
    "returned": WORKED_BY_AGENCY,
    "closed": (*WORKED_BY_AGENCY, "returned", "settled"),
}


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
    reference: str = ""

    @property
    def key(self):
        """What makes two lines the same event (amounts compared as numbers)."""
        return event_key(
            self.placement,
            self.reference,
            self.date,
            self.status,
            self.amount_collected,
            self.currency if self.amount_collected else "",
        )


def event_key(placement, reference, day, status, amount, currency):
    return (
        placement,
        reference or "",
        day.isoformat(),
        status,
        str(Decimal(amount).normalize() if amount else Decimal(0)),
        (currency or "").upper(),
    )


def _amount(text, field, errors, line):
    text = (text or "").strip()
    if not text:
        return Decimal(0)
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append((line, f"{field}: {text!r} is not an amount"))
        return Decimal(0)
    if not value.is_finite():
        errors.append((line, f"{field}: {text!r} is not a finite amount"))
        return Decimal(0)
    if value < 0:
        errors.append((line, f"{field}: {text!r} must be zero or more"))
        return Decimal(0)
    if value >= MAX_AMOUNT:
        errors.append((line, f"{field}: {text!r} is not a plausible amount"))
        return Decimal(0)
    return value


def _text(raw, key, errors, line):
    value = raw.get(key)
    if value is None or value is False:
        return ""
    if isinstance(value, dict | list | bool):
        errors.append((line, f"{key}: a text is needed"))
        return ""
    return str(value).strip()


def _event(line, raw, known_placements, today, errors):
    count = len(errors)
    values = {key: _text(raw, key, errors, line) for key in COLUMNS}
    if len(errors) > count:
        return None
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
        values["reference"],
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
            # Numbers as written (no float rounding, no inf); NaN/Infinity kept
            # as text so that the line that holds them reports it.
            data = json.loads(text, parse_float=str, parse_int=str, parse_constant=str)
        except ValueError as error:
            message = getattr(error, "msg", str(error))
            return [], [(getattr(error, "lineno", 0), f"not valid JSON: {message}")]
        except RecursionError:
            return [], [(0, "not valid JSON: nested too deeply")]
        rows = data.get("events") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            return [], [(0, 'a JSON status file is {"events": [...]}')]
        numbered = list(enumerate(rows, start=1))
    elif filename.lower().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            return [], [(1, f"missing column(s): {', '.join(missing)}")]
        numbered = []
        try:
            for row in reader:
                # Our own bound: Odoo raises csv's field size limit to 500 MB.
                if any(len(value or "") > MAX_FIELD_LENGTH for value in _texts(row)):
                    return [], [(reader.line_num, "not valid CSV: a field is too long")]
                numbered.append((reader.line_num, row))
        except csv.Error as error:
            return [], [(reader.line_num, f"not valid CSV: {error}")]
    else:
        return [], [(0, "status files are .csv or .json")]
    if not numbered:
        return [], [(0, "the file holds no event")]
    seen = {}
    for line, raw in numbered:
        if not isinstance(raw, dict):
            errors.append((line, "an event is an object of fields"))
            continue
        event = _event(line, raw, known_placements, today, errors)
        if not event:
            continue
        if event.key in seen:
            errors.append((line, f"the same event as line {seen[event.key]}"))
            continue
        seen[event.key] = line
        events.append(event)
    return (events if not errors else []), errors


def _texts(row):
    """Every value of a CSV row, those of surplus columns (key None) included."""
    for value in row.values():
        if isinstance(value, list):
            yield from value
        else:
            yield value


def state_after(state, status, nothing_open=False):
    """The placement's state once a ``status`` report applies to a placement in
    ``state``, or None if that report may not apply to it (``EVENT_ALLOWED_IN``).

    Reports never move a placement backwards (an acknowledgement of a case in
    progress leaves it in progress); a payment that leaves nothing open
    settles it.
    """
    if state not in EVENT_ALLOWED_IN.get(status, ()):
        return None
    if status == "acknowledged":
        return "acknowledged" if state == "sent" else state
    if status == "payment" and nothing_open:
        return "settled"
    if status in ("in_progress", "promise", "payment"):
        return "in_progress"
    return status  # returned, closed


def plan_events(events, states, open_amounts, company_amounts):
    """``(plan, errors)``: check ``events`` one after the other against the
    placements they change, as if applied in file order.

    ``states`` and ``open_amounts`` map each placement reference to its state
    and to what may still be collected on it (``placements.collectable``);
    ``company_amounts`` maps an event's line to its amount in the placement's
    currency (None: the currency is unknown or inactive; a text: why the
    amount is refused). ``plan`` lists
    ``(event, new_state)``; nothing is applied if ``errors`` is not empty.
    """
    states, open_amounts = dict(states), dict(open_amounts)
    plan, errors = [], []
    for event in events:
        amount = Decimal(0)
        if event.amount_collected:
            amount = company_amounts.get(event.line)
            if amount is None:
                errors.append((event.line, f"currency {event.currency!r} is not in use here"))
                continue
            if isinstance(amount, str):  # the model's reason, e.g. too many decimals
                errors.append((event.line, amount))
                continue
        state = states[event.placement]
        left = open_amounts[event.placement]
        if event.status == "payment" and amount > left:
            errors.append((event.line, f"the payment {amount} is more than the {left} still open"))
            continue
        new_state = state_after(state, event.status, nothing_open=amount >= left)
        if new_state is None:
            errors.append(
                (event.line, f"a {event.status!r} report cannot apply to a {state} placement")
            )
            continue
        if event.status == "payment":
            open_amounts[event.placement] = left - amount
        states[event.placement] = new_state
        plan.append((event, new_state))
    return (plan if not errors else []), errors
