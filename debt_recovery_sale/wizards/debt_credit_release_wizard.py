from odoo import fields, models


class DebtCreditReleaseWizard(models.TransientModel):
    _name = "debt.credit.release.wizard"
    _description = "Release a Credit Hold"

    order_id = fields.Many2one("sale.order", readonly=True)
    company_id = fields.Many2one("res.company", compute="_compute_company_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    note = fields.Text(string="Why it is held", compute="_compute_company_id")
    reason = fields.Text(required=True, help="Logged on the document and in the contact log.")
    until = fields.Date(
        string="Also for the debtor until",
        help="Leave empty to release this document only.",
    )
    up_to = fields.Monetary(
        string="Also for the debtor up to",
        currency_field="currency_id",
        help="New business passes while the debtor's exposure stays within this amount.",
    )

    def _compute_company_id(self):
        for wizard in self:
            document = wizard._debt_document()
            wizard.company_id = document.company_id
            wizard.note = document.debt_credit_note

    def _debt_document(self):
        """The held document to release. Extended by debt_recovery_stock."""
        self.ensure_one()
        return self.order_id

    def action_release(self):
        self.ensure_one()
        result = self._debt_document()._debt_credit_release(
            self.reason, until=self.until, up_to=self.up_to
        )
        if isinstance(result, dict):  # e.g. a backorder question after a delivery
            return result
        return {"type": "ir.actions.act_window_close"}
