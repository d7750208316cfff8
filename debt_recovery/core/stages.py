"""Collection stages: phases of the recovery process and stage ordering."""

# The phases a stage belongs to, in process order.
PHASES = [
    ("preventive", "Preventive"),
    ("administrative", "Administrative"),
    ("extrajudicial", "Extrajudicial"),
    ("agency", "Agency / Legal hand-off"),
    ("judicial", "Judicial"),
    ("enforcement", "Enforcement"),
    ("closed", "Closed"),
]
PHASE_ORDER = {code: rank for rank, (code, _label) in enumerate(PHASES)}


# Phases entered only by a decision that does something in Odoo: the entry
# reason (``core.escalation.ENTRY_REASONS``) that must come with the move.
ENTERED_BY = {
    # placed with an agency: the run and a manager's approval propose it
    "agency": "placement",
    # written off: the bad debt booked and the invoice settled, so no
    # "written off" invoice is still open in the books (claimed, overdue)
    "closed": "write_off",
}


def entered_by(phase: str) -> str | None:
    """The entry reason an invoice needs to enter a stage of ``phase``, if any."""
    return ENTERED_BY.get(phase)


def entered_by_placement(phase: str) -> bool:
    return entered_by(phase) == "placement"


def entered_by_write_off(phase: str) -> bool:
    return entered_by(phase) == "write_off"


def phase_allows_threshold(phase: str) -> bool:
    """Only the automatic part of the ladder is reached by days overdue;
    judicial, enforcement and closing stages are entered by decision."""
    return PHASE_ORDER[phase] <= PHASE_ORDER["agency"]


def stage_rank(sequence: int, stage_id: int) -> tuple[int, int]:
    """Where a stage stands on its ladder: the worst of several stages is the
    one with the highest rank. The one definition of "worst stage"; its SQL
    twin orders ``sequence DESC, id DESC`` (models/res_partner_worklist.py)."""
    return (sequence, stage_id)
