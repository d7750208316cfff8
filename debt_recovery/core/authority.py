"""Who may do what, in which state: the one table every action and every
guarded write consults on the server, whatever the view shows.

A view that hides a button is a convenience; these rules are the permission.
The test suite checks that every public ``action_*`` method of the addon is
listed here, so an action cannot be added without deciding who may run it.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from .placements import (
    CLOSE_STATES,
    DOWNLOAD_STATES,
    HANDOVER_STATES,
    PACKAGE_STATES,
    RECALL_STATES,
)

CLERK = "user"  # Collections User
MANAGER = "manager"  # Collections Manager


@dataclass(frozen=True)
class ActionRule:
    group: str  # CLERK or MANAGER
    states: tuple[str, ...] | None = None  # record states it runs from; None: any


# {model: {method: rule}}. Navigation actions (they only open a view whose
# records the ACLs and record rules already filter) are CLERK without states.
ACTION_RULES = {
    "account.move": {
        "action_debt_view_promises": ActionRule(CLERK),
        "action_debt_view_disputes": ActionRule(CLERK),
        "action_debt_open_dispute": ActionRule(CLERK),
        "action_debt_send_reminder": ActionRule(CLERK),
        "action_debt_invoice_interest": ActionRule(CLERK),
        "action_debt_approve_stage": ActionRule(MANAGER),
        "action_debt_write_off": ActionRule(MANAGER),
        # Waiving interest or fees gives money up: a manager decides.
        "action_debt_waive_interest": ActionRule(MANAGER),
        "action_debt_decline_stage": ActionRule(MANAGER),
    },
    "res.partner": {
        "action_debt_view_promises": ActionRule(CLERK),
        "action_debt_view_disputes": ActionRule(CLERK),
        "action_debt_view_contacts": ActionRule(CLERK),
        "action_debt_view_placements": ActionRule(CLERK),
        "action_debt_view_overdue_invoices": ActionRule(CLERK),
        "action_debt_log_call": ActionRule(CLERK),
        "action_debt_record_promise": ActionRule(CLERK),
        "action_debt_open_dispute": ActionRule(CLERK),
        "action_debt_propose_placement": ActionRule(CLERK),
        "action_debt_send_letter": ActionRule(CLERK),
        "action_debt_send_reminder": ActionRule(CLERK),
        "action_debt_print_statement": ActionRule(CLERK),
        "action_debt_insolvency_claim": ActionRule(CLERK),
        "action_debt_insolvency_claim_csv": ActionRule(CLERK),
        # Writing off gives the debt up in the books: a manager decides.
        "action_debt_write_off": ActionRule(MANAGER),
    },
    "debt.dispute": {
        "action_cancel": ActionRule(CLERK, ("open",)),
        "action_resolve_invalid": ActionRule(CLERK, ("open",)),
        # A credit note is money given away: a manager decides.
        "action_resolve_valid": ActionRule(MANAGER, ("open",)),
    },
    "debt.promise": {
        "action_cancel": ActionRule(CLERK, ("open",)),
    },
    "debt.stage": {
        "action_view_invoices": ActionRule(CLERK),
    },
    "debt.escalation": {
        "action_run_now": ActionRule(MANAGER),
    },
    "debt.interest.rate": {
        "action_update_from_sources": ActionRule(MANAGER),
    },
    "debt.agency": {
        "action_view_placements": ActionRule(CLERK),
    },
    # The debt file leaves the company: a manager delivers, closes or recalls.
    # The states are core.placements'; debt_placement*.py checks the same ones.
    "debt.placement": {
        "action_mark_sent": ActionRule(CLERK, HANDOVER_STATES),  # approval checked inside
        "action_build_package": ActionRule(CLERK, PACKAGE_STATES),
        "action_download_package": ActionRule(CLERK, DOWNLOAD_STATES),
        "action_deliver": ActionRule(MANAGER, PACKAGE_STATES),
        "action_close": ActionRule(MANAGER, CLOSE_STATES),
        "action_recall": ActionRule(MANAGER, RECALL_STATES),
    },
    "debt.placement.wizard": {
        "action_confirm": ActionRule(CLERK),
    },
    "debt.placement.import": {
        "action_import": ActionRule(MANAGER),
    },
    "debt.reminder.wizard": {
        "action_send": ActionRule(CLERK),
    },
    "debt.call.wizard": {
        "action_log": ActionRule(CLERK),
    },
    "debt.promise.wizard": {
        "action_confirm": ActionRule(CLERK),
    },
    "debt.write.off.wizard": {
        "action_confirm": ActionRule(MANAGER),
    },
    "debt.interest.waiver.wizard": {
        "action_confirm": ActionRule(MANAGER),
    },
}

# Fields only the server's own flows (or a manager) write: the state a
# record reached and the money it booked. {model: fields}
PROTECTED_FIELDS = {
    # A waiver is a manager's (debt.interest.waiver.wizard), never a clerk's row.
    "debt.interest.charge": frozenset({"waived", "reason", "user_id"}),
    "debt.dispute": frozenset({"state", "credit_note_id", "date_resolved"}),
    "debt.promise": frozenset({"state", "date_closed", "amount_received"}),
    # Set by the workflow (hand-over, package, delivery, agency reports), or
    # by a manager: never by a clerk's write (models/debt_placement_rights.py).
    "debt.placement": frozenset(
        {
            "state",
            "amount_recovered",
            "commission_amount",
            "package_id",
            "package_sha256",
            "delivery_state",
            "delivery_failures",
            "delivery_next_try",
            "delivery_error",
            "agency_status",
            "date_acknowledged",
            "date_last_report",
            "date_closed",
            "sla_alert_date",
            "event_ids",
        }
    ),
    "res.partner": frozenset(
        {
            "debt_segment",
            "debt_score",
            # The figures and reasons a segment came from; its explanation is worded from them.
            "debt_segment_json",
            "debt_segment_data",
            "debt_segment_explanation",
            "debt_segment_date",
            "debt_priority",
            "debt_stage_id",
            "debt_worklist_state",
            "debt_worklist_json",
            # Holds every invoice and stops reminders and interest.
            "debt_insolvency_date",
        }
    ),
}


# What is handed over to an agency: a clerk may change it on a draft only.
PLACEMENT_HANDOVER_FIELDS = frozenset(
    {"partner_id", "agency_id", "move_ids", "amount_placed", "date_placed", "company_id"}
)


def action_refusal(rule: ActionRule, *, groups: Collection[str], states: Iterable[str]):
    """Why the action may not run ('group' or 'state'), or None when it may.

    ``groups`` are the roles the user has (CLERK, MANAGER); ``states`` the
    states of the records it is called on.
    """
    if rule.group not in groups:
        return "group"
    if rule.states is not None and any(state not in rule.states for state in states):
        return "state"
    return None


def protected_in(model: str, field_names: Iterable[str]) -> list[str]:
    """The fields of ``field_names`` that only the server's flows may write."""
    guarded = PROTECTED_FIELDS.get(model, frozenset())
    return sorted(name for name in field_names if name in guarded)
