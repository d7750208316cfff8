from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.account_move import open_invoice_domain


class DebtInterestWaiverWizard(models.TransientModel):
    """A manager waives an invoice's interest (up to a date) and its fixed
    compensation, with a reason: the waiver is a ledger row without a charge
    invoice, so no claim asks for it and no later charge charges it again.
    What a charge invoice already charged is waived by crediting that invoice."""

    _name = "debt.interest.waiver.wizard"
    _inherit = ["debt.authority.mixin"]
    _description = "Waive Interest and Fees"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('debt_is_charge', '=', False)]",
    )
    company_id = fields.Many2one(related="move_id.company_id")
    currency_id = fields.Many2one(related="move_id.currency_id")
    date = fields.Date(
        string="Interest until",
        required=True,
        default=fields.Date.context_today,
        help="Interest is waived up to this day; later days are charged as usual.",
    )
    waive_interest = fields.Boolean(string="Waive the interest", default=True)
    waive_compensation = fields.Boolean(string="Waive the compensation", default=True)
    interest_amount = fields.Monetary(
        string="Interest not charged yet", compute="_compute_amounts", currency_field="currency_id"
    )
    compensation_amount = fields.Monetary(
        string="Compensation not charged yet",
        compute="_compute_amounts",
        currency_field="currency_id",
    )
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "account.move" and "move_id" in fields_list:
            values["move_id"] = self.env.context.get("active_id")
        return values

    @api.depends("move_id", "date")
    def _compute_amounts(self):
        for wizard in self:
            figures = wizard._figures() if wizard.move_id and wizard.date else {}
            wizard.interest_amount = figures.get("interest", 0.0)
            wizard.compensation_amount = figures.get("compensation", 0.0)

    def _figures(self):
        """What is neither charged (draft or posted) nor waived yet on the invoice."""
        try:
            return self.move_id._debt_interest(self.date, charged_states=("draft", "posted"))[
                self.move_id
            ]
        except UserError:
            return {}  # a missing rate: action_confirm says which

    def action_confirm(self):
        """Record the waiver in the ledger and say so on the invoice and the debtor."""
        self._debt_authorize("action_confirm")
        self.ensure_one()
        move = self.move_id
        if not move.filtered_domain(open_invoice_domain()) or move.debt_is_charge:
            raise UserError(self.env._("Only an open customer invoice's interest can be waived."))
        figures = move._debt_interest(self.date, charged_states=("draft", "posted"))[move]
        currency = move.currency_id
        common = {
            "move_id": move.id,
            "waived": True,
            "reason": self.reason,
            "user_id": self.env.user.id,
        }
        rows = []
        accrual = figures["accrual"]
        if self.waive_interest and not currency.is_zero(figures["interest"]):
            rows.append(
                {
                    **common,
                    "kind": "interest",
                    "date_from": accrual.start,
                    "date_to": accrual.end,
                    "rate": float(accrual.rate),
                    "amount": figures["interest"],
                }
            )
        if self.waive_compensation and not currency.is_zero(figures["compensation"]):
            rows.append({**common, "kind": "compensation", "amount": figures["compensation"]})
        if not rows:
            raise UserError(self.env._("Nothing to waive: no interest or compensation is open."))
        waivers = self.env["debt.interest.charge"].sudo().create(rows)
        kinds = dict(waivers._fields["kind"]._description_selection(self.env))
        body = self.env._(
            "Interest and fees of %(invoice)s waived: %(amounts)s. Reason: %(reason)s",
            invoice=move.name,
            amounts=", ".join(f"{kinds[w.kind]} {currency.format(w.amount)}" for w in waivers),
            reason=self.reason,
        )
        move.message_post(body=body)
        move.commercial_partner_id.message_post(body=body)
        return {"type": "ir.actions.act_window_close"}
