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
