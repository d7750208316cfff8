"""Debtor segments: how a debtor is treated depends on how it has paid."""

SEGMENTS = [
    ("good", "Good payer"),
    ("first_time", "First-time defaulter"),
    ("lethargic", "Lethargic payer"),
    ("bad_debt", "Bad debt"),
    ("no_return", "Point of no return"),
]
