from odoo import api, fields, models

ENTRY_REASONS = [
    ("run", "Daily run"),
    ("approval", "Approved by a manager"),
    ("manual", "Set by hand"),
]


class DebtStageHistory(models.Model):
    """When each invoice entered and left each collection stage.

    Rows are written in bulk by the daily run (one INSERT per batch); the
    funnel and time-in-stage figures of the dashboards read them.
    """

    _name = "debt.stage.history"
    _description = "Collection Stage History"
    _order = "date_entered desc, id desc"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move", string="Invoice", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", index=True)
    stage_id = fields.Many2one("debt.stage", required=True, index=True, ondelete="cascade")
    previous_stage_id = fields.Many2one("debt.stage", ondelete="set null")
    date_entered = fields.Date(required=True)
    date_left = fields.Date()
    days_in_stage = fields.Integer(
        compute="_compute_days_in_stage",
        help="Days from entering the stage to leaving it (or to today).",
    )
    days_overdue = fields.Integer(string="Days overdue on entry")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_residual = fields.Monetary(
        string="Open amount on entry",
        currency_field="currency_id",
        help="In company currency.",
    )
    reason = fields.Selection(ENTRY_REASONS, required=True, default="manual")

    _open_idx = models.Index("(move_id) WHERE date_left IS NULL")

    @api.model
    def _record_moves(self, before, reason):
        """Close the open rows of invoices whose stage changed, open new ones.

        ``before`` maps each invoice to its stage before the change.
        """
        today = fields.Date.context_today(self)
        changed = [move for move, stage in before.items() if move.debt_stage_id != stage]
        if not changed:
            return
        moves = self.env["account.move"].union(*changed)
        self.sudo().search([("move_id", "in", moves.ids), ("date_left", "=", False)]).write(
            {"date_left": today}
        )
        self.sudo().create(
            [
                {
                    "move_id": move.id,
                    "company_id": move.company_id.id,
                    "partner_id": move.commercial_partner_id.id,
                    "stage_id": move.debt_stage_id.id,
                    "previous_stage_id": before[move].id,
                    "date_entered": today,
                    "days_overdue": move.debt_days_overdue,
                    "amount_residual": move.amount_residual_signed,
                    "reason": reason,
                }
                for move in moves
                if move.debt_stage_id
            ]
        )

    def _compute_days_in_stage(self):
        today = fields.Date.context_today(self)
        for row in self:
            row.days_in_stage = ((row.date_left or today) - row.date_entered).days
