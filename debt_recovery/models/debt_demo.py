from datetime import timedelta

from odoo import api, fields, models


class DebtDemo(models.AbstractModel):
    """Steps of the demo data that XML cannot express: real payments.

    Called from ``demo/debt_recovery_demo.xml`` through ``<function>``; the
    payments go through Odoo's register-payment wizard, so reconciliation and
    residuals are Odoo's own.
    """

    _name = "debt.demo"
    _description = "Collections demo data"

    @api.model
    def _register_payment(self, move_xmlid, amount, days_ago):
        move = self.env.ref(move_xmlid)
        payment_date = fields.Date.context_today(self) - timedelta(days=days_ago)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"amount": amount, "payment_date": payment_date})._create_payments()

    @api.model
    def _run_collection(self):
        """Segment the demo debtors and put their invoices on the ladder."""
        self.env["debt.escalation"]._run(self.env["res.company"].search([]))

    @api.model
    def _set_stage(self, move_xmlids, stage_xmlid):
        """Stages entered by a manager's decision (court, write-off, agency)."""
        moves = self.env["account.move"].browse([self.env.ref(x).id for x in move_xmlids])
        self.env["debt.item"]._set_stage(moves, self.env.ref(stage_xmlid), "manual")
