from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core.escalation import ENTRY_REASONS
from ..core.stages import entered_by


class DebtItem(models.Model):
    """An open customer invoice's place in collection, kept by the daily run.

    One row per invoice the run has seen. It lives in its own narrow table,
    not on ``account_move``: the run rewrites these columns for every open
    invoice, and a row of ``account_move`` carries some thirty indexes that
    each such write would have to touch. The invoice shows these fields
    through related fields (``account.move.debt_stage_id`` ...).
    """

    _name = "debt.item"
    _description = "Collection Item"
    _order = "id"
    _log_access = False  # written in bulk by the run; dates of its own below

    # Indexed by _move_uniq: a second index would cost the run an insert per invoice.
    move_id = fields.Many2one("account.move", string="Invoice", required=True, ondelete="cascade")
    stage_id = fields.Many2one(
        "debt.stage", string="Collection stage", index="btree_not_null", ondelete="restrict"
    )
    stage_date = fields.Date(string="In stage since")
    stage_days_overdue = fields.Integer(
        string="Days overdue on entry", help="Days overdue when the current stage was entered."
    )
    company_currency_id = fields.Many2one(related="move_id.company_currency_id")
    stage_amount = fields.Monetary(
        string="Open amount on entry",
        currency_field="company_currency_id",
        help="Open amount in company currency when the current stage was entered.",
    )
    stage_reason = fields.Selection(ENTRY_REASONS, string="Entered by")
    proposed_stage_id = fields.Many2one(
        "debt.stage", string="Proposed stage", index="btree_not_null"
    )
    declined_stage_id = fields.Many2one(
        "debt.stage",
        string="Declined stage",
        help="A manager declined moving the invoice to this stage: the run does not propose "
        "it again while the invoice stays in its current stage.",
    )
    days_overdue = fields.Integer(help="Days past the due date at the last run.")
    run_date = fields.Date(
        string="Last run",
        help="The run date that last processed the invoice: a second run that day skips it.",
    )
    closed_date = fields.Date(
        string="Left collection on",
        help="Date the invoice was paid or credited in full while in collection.",
    )

    _move_uniq = models.Constraint("UNIQUE(move_id)", "An invoice has one collection item.")

    @api.model
    def _entry_refusal(self, stage, needed):
        if needed == "placement":
            return self.env._(
                "Invoices enter the stage %(stage)s by being placed with an agency: "
                "use “Place with an agency”.",
                stage=stage.name,
            )
        return self.env._(
            "Invoices enter the stage %(stage)s by being written off: "
            "use “Write off”, which books the bad debt.",
            stage=stage.name,
        )

    @api.model
    def _set_stage(self, moves, stage, reason):
        """Put ``moves`` in ``stage`` by decision (``reason``), outside the run.

        The stay in the previous stage goes to the history; the proposal, if
        any, is consumed.
        """
        needed = entered_by(stage.phase)
        if needed and reason != needed:
            raise UserError(self._entry_refusal(stage, needed))
        today = fields.Date.context_today(self)
        table = self.sudo()  # the run's table: callers check who may decide
        items = {item.move_id: item for item in table.search([("move_id", "in", moves.ids)])}
        history, new_items = [], []
        for move in moves:
            item = items.get(move)
            if item and item.stage_id == stage:
                continue
            if item and item.stage_id and not item.closed_date:
                history.append(item._history_values(today))
            values = {
                "stage_id": stage.id,
                "stage_date": today,
                "stage_days_overdue": (today - move.invoice_date_due).days
                if move.invoice_date_due
                else 0,
                "stage_amount": move.amount_residual_signed,
                "stage_reason": reason,
                "proposed_stage_id": False,
                "declined_stage_id": False,
                "closed_date": False,
            }
            if item:
                item.write(values)
            else:
                new_items.append({"move_id": move.id, **values})
        table.create(new_items)
        table.env["debt.stage.history"].create(history)
        # The debtor's stage and rank follow a decision at once, not at the next run.
        self.env["res.partner"]._debt_refresh_worklist(moves.commercial_partner_id)

    @api.model
    def _propose_stage(self, moves, stage):
        """Queue ``moves`` for a manager's approval of ``stage``."""
        table = self.sudo()
        existing = table.search([("move_id", "in", moves.ids)])
        existing.write({"proposed_stage_id": stage.id})
        table.create(
            [
                {"move_id": move.id, "proposed_stage_id": stage.id}
                for move in moves - existing.move_id
            ]
        )

    def _history_values(self, date_left):
        """The current stay, closed on ``date_left``, as a history row."""
        self.ensure_one()
        return {
            "move_id": self.move_id.id,
            "stage_id": self.stage_id.id,
            "date_entered": self.stage_date,
            "date_left": date_left,
            "days_overdue": self.stage_days_overdue,
            "amount_residual": self.stage_amount,
            "reason": self.stage_reason or "run",
        }
