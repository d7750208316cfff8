from odoo import fields, models

from ..core.escalation import ENTRY_REASONS


class DebtStageHistory(models.Model):
    """The past stays of invoices in collection stages.

    A row is written when an invoice leaves a stage (escalated, approved,
    set by hand, paid); the current stay is on the invoice's
    ``debt.item``. The daily run writes these rows in bulk, in the same
    statement that moves the invoices.
    """

    _name = "debt.stage.history"
    _description = "Collection Stage History"
    _order = "date_left desc, id desc"
    _log_access = False  # written in bulk by the run; the dates below say when

    move_id = fields.Many2one(
        "account.move", string="Invoice", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="move_id.company_id")
    partner_id = fields.Many2one(related="move_id.commercial_partner_id", string="Debtor")
    # History is never cascaded away: a stage in use is archived, not deleted.
    stage_id = fields.Many2one("debt.stage", required=True, index=True, ondelete="restrict")
    date_entered = fields.Date(required=True)
    date_left = fields.Date(required=True)
    days_in_stage = fields.Integer(compute="_compute_days_in_stage")
    days_overdue = fields.Integer(string="Days overdue on entry")
    company_currency_id = fields.Many2one(related="move_id.company_currency_id")
    amount_residual = fields.Monetary(
        string="Open amount on entry",
        currency_field="company_currency_id",
        help="In company currency.",
    )
    reason = fields.Selection(ENTRY_REASONS, string="Entered by", required=True, default="run")

    def _compute_days_in_stage(self):
        for row in self:
            row.days_in_stage = (row.date_left - row.date_entered).days
