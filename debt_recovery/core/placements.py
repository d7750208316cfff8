"""Agencies and placements: kinds and the placement lifecycle."""

AGENCY_KINDS = [
    ("agency", "Collection agency"),
    ("law_firm", "Law firm"),
]
PLACEMENT_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("acknowledged", "Acknowledged"),
    ("in_progress", "In progress"),
    ("settled", "Settled"),
    ("returned", "Returned"),
    ("recalled", "Recalled"),
    ("closed", "Closed"),
]
# States in which the agency, not the company, works the debt.
ACTIVE_PLACEMENT_STATES = ("sent", "acknowledged", "in_progress")
