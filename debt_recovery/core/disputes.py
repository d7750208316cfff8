"""Disputes: reason codes and states, and what the portal accepts as an amount."""

import re
from decimal import ROUND_HALF_UP, Decimal

AMOUNT_RE = re.compile(r"^-?\d+(\.\d+)?$")

DISPUTE_REASONS = [
    ("pricing", "Pricing"),
    ("quantity", "Quantity"),
    ("quality", "Quality"),
    ("not_delivered", "Not delivered"),
    ("already_paid", "Already paid"),
    ("duplicate", "Duplicate invoice"),
    ("other", "Other"),
]
DISPUTE_STATES = [
    ("open", "Open"),
    ("valid", "Resolved: valid"),
    ("invalid", "Resolved: invalid"),
    ("cancelled", "Cancelled"),
]

# What an open dispute holds: the whole invoice, or only the disputed amount
# (the undisputed rest is still collected).
DISPUTE_HOLD_MODES = [
    ("invoice", "The whole invoice"),
    ("disputed_amount", "Only the disputed amount"),
]


def dispute_holds_invoice(
    *, mode: str, open_amount: float, disputed_amount: float, precision: float
) -> bool:
    """Whether open disputes stop collection of an invoice altogether."""
    if disputed_amount <= precision / 2:
        return False
    if mode == "invoice":
        return True
    return open_amount - disputed_amount <= precision / 2


# What a customer may type as an amount on the portal: digits, one decimal
# separator (point or comma), at most this many digits in all.
MAX_AMOUNT_DIGITS = 15
PORTAL_REFUSALS = {
    "amount_invalid": "not a number",
    "amount_not_positive": "zero or less",
    "amount_over_open": "more than what is open",
}


def parse_portal_amount(text, *, open_amount: Decimal, decimals: int):
    """(amount, None) for what the customer typed, or (None, refusal code).

    An empty field disputes everything that is open. Anything that is not a
    plain finite decimal (``inf``, ``nan``, ``1e400``, 400 digits) is refused,
    never converted: no float ever sees the customer's text.
    """
    text = (text or "").strip().replace(",", ".")
    if not text:
        return open_amount, None
    if not AMOUNT_RE.match(text) or len(text.replace(".", "").lstrip("-")) > MAX_AMOUNT_DIGITS:
        return None, "amount_invalid"
    amount = Decimal(text).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if amount <= 0:
        return None, "amount_not_positive"
    if amount > open_amount:
        return None, "amount_over_open"
    return amount, None
