from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core.disputes import DISPUTE_REASONS, DISPUTE_STATES


class DebtDispute(models.Model):
    _name = "debt.dispute"
    _description = "Invoice Dispute"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state, deadline, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
    )
    partner_id = fields.Many2one(
        related="move_id.commercial_partner_id",
        string="Debtor",
        store=True,
        index=True,
    )
    currency_id = fields.Many2one(related="move_id.currency_id")
    reason = fields.Selection(DISPUTE_REASONS, required=True, default="other", tracking=True)
    amount = fields.Monetary(
        string="Disputed amount",
        currency_field="currency_id",
        required=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
    )
    deadline = fields.Date(
        default=lambda self: fields.Date.context_today(self)
        + timedelta(days=self.env.company.debt_dispute_deadline_days),
        tracking=True,
    )
    description = fields.Html()
    state = fields.Selection(
        DISPUTE_STATES, required=True, default="open", tracking=True, copy=False, index=True
    )
    date_resolved = fields.Date(readonly=True, copy=False)
    resolution_note = fields.Text()
    credit_note_id = fields.Many2one(
        "account.move",
        string="Credit note",
        readonly=True,
        copy=False,
        check_company=True,
    )

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)",
        "A dispute is for a positive amount.",
    )

    # ------------------------------------------------------------
    # CONSTRAINT METHODS
    # ------------------------------------------------------------

    @api.constrains("move_id", "amount")
    def _check_invoice(self):
        for dispute in self.filtered(lambda d: d.state == "open"):
            move = dispute.move_id
            if move.move_type != "out_invoice" or move.state != "posted":
                raise ValidationError(
                    self.env._(
                        "Only posted customer invoices can be disputed; %(invoice)s is not.",
                        invoice=move.display_name,
                    )
                )
            if move.currency_id.compare_amounts(dispute.amount, move.amount_residual) > 0:
                raise ValidationError(
                    self.env._(
                        "The disputed amount %(amount)s is more than the %(open)s still open "
                        "on %(invoice)s.",
                        amount=move.currency_id.format(dispute.amount),
                        open=move.currency_id.format(move.amount_residual),
                        invoice=move.display_name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("debt.dispute") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_cancel(self):
        self.filtered(lambda d: d.state == "open").write(
            {"state": "cancelled", "date_resolved": fields.Date.context_today(self)}
        )
