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
