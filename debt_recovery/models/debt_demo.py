from datetime import timedelta

from odoo import api, fields, models


class DebtDemo(models.AbstractModel):
    """Steps of the demo data that XML cannot express: payments, the daily
    run on past days, and decisions taken in the past.

    Called from ``demo/debt_recovery_demo.xml`` through ``<function>``, in
    the order things happened: the payments go through Odoo's
    register-payment wizard, so reconciliation and residuals are Odoo's own,
    and the stages come from the real daily run, run once per past day.
    """

    _name = "debt.demo"
    _description = "Collections demo data"

    def _day(self, days_ago):
        return fields.Date.context_today(self) - timedelta(days=days_ago)

    @api.model
    def _register_payment(self, move_xmlid, amount, days_ago):
        move = self.env.ref(move_xmlid)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"amount": amount, "payment_date": self._day(days_ago)})._create_payments()

    @api.model
    def _run_collection(self, from_days_ago=0, to_days_ago=0):
        """The daily run of every day from ``from_days_ago`` to ``to_days_ago``
        days ago, oldest first, as the cron would have run it."""
        # Every company of the demo database (a few rows), as the cron runs them.
        companies = self.env["res.company"].search([])  # pylint: disable=no-search-all
        for days_ago in range(from_days_ago, to_days_ago - 1, -1):
            self.env["debt.escalation"]._run(companies, self._day(days_ago))

    @api.model
    def _set_stage(self, move_xmlids, stage_xmlid, days_ago=0, reason="manual"):
        """Stages entered by a manager's decision (agency, court, write-off),
        taken ``days_ago`` days ago."""
        moves = self.env["account.move"].browse([self.env.ref(x).id for x in move_xmlids])
        History = self.env["debt.stage.history"].sudo()
        before = History.search([("move_id", "in", moves.ids)])
        self.env["debt.item"]._set_stage(moves, self.env.ref(stage_xmlid), reason)
        if not days_ago:
            return
        # debt.item._set_stage dates the decision today: move it to its day.
        day = self._day(days_ago)
        (History.search([("move_id", "in", moves.ids)]) - before).write({"date_left": day})
        for item in self.env["debt.item"].sudo().search([("move_id", "in", moves.ids)]):
            item.write(
                {
                    "stage_date": day,
                    "stage_days_overdue": (day - item.move_id.invoice_date_due).days,
                }
            )
