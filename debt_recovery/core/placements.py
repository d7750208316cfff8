"""Agencies and placements: kinds and the placement lifecycle."""

AGENCY_KINDS = [
    ("agency", "Collection agency"),
    ("law_firm", "Law firm"),
]
# What an agency receives besides the claim itself (data minimisation).
PACKAGE_SCOPES = [
    ("placed", "Placed invoices only"),
    ("debtor", "Whole debtor (this company)"),
]
# The labels say what happened: "sent" is the hand-over decision (the
# package's delivery has its own state on the placement).
PLACEMENT_STATES = [
    ("draft", "Draft"),
    ("sent", "Handed over"),
    ("acknowledged", "Acknowledged by agency"),
    ("in_progress", "Agency working"),
    ("settled", "Settled"),
    ("returned", "Returned by agency"),
    ("recalled", "Recalled"),
    ("closed", "Placement closed"),
]
# States in which the agency, not the company, works the debt.
ACTIVE_PLACEMENT_STATES = ("sent", "acknowledged", "in_progress")
# What the company may do with a placement in each state.
HANDOVER_STATES = ("draft",)
PACKAGE_STATES = ACTIVE_PLACEMENT_STATES  # build and deliver the export package
DOWNLOAD_STATES = (*ACTIVE_PLACEMENT_STATES, "settled", "returned", "recalled", "closed")
RECALL_STATES = ("draft", *ACTIVE_PLACEMENT_STATES)
CLOSE_STATES = (*ACTIVE_PLACEMENT_STATES, "settled", "returned")


def collectable(placed, recovered, residual):
    """What an agency may still collect on a placement: never more than the
    placed invoices still owe, nor more than was placed less what it already
    reported (its payments may not be posted on the invoices yet)."""
    return max(min(residual, placed - recovered), 0)
