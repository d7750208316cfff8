"""Disputes: reason codes and states."""

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
