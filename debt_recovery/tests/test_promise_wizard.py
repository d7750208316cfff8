from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_date

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestPromiseWizard(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.late = cls._overdue_invoice(20, amount=600.0)
        cls.later = cls._overdue_invoice(40, amount=400.0)
        cls.not_due = cls._overdue_invoice(-5, amount=999.0)

    def _wizard(self, **context):
        return Form(
            self.env["debt.promise.wizard"].with_context(
                default_partner_id=self.debtor.id, **context
            )
        )

    def test_defaults_to_every_overdue_invoice(self):
        form = self._wizard()
        self.assertEqual(set(form.move_ids.ids), {self.late.id, self.later.id})
        self.assertEqual(form.amount, 1000.0)

    def test_from_invoices(self):
        form = Form(
            self.env["debt.promise.wizard"].with_context(
                active_model="account.move", active_ids=self.late.ids
            )
        )
        self.assertEqual(form.partner_id, self.debtor)
        self.assertEqual(form.amount, 600.0)

    def test_plan_dates_in_the_users_format(self):
        """Issue 16: the plan showed ISO dates."""
        form = self._wizard()
        form.installments = 2
        form.cadence = "monthly"
        first = self.today + timedelta(days=1)
        form.first_date = first
        self.assertNotIn(first.isoformat(), form.plan)
        self.assertIn(format_date(self.env, first), form.plan)
        self.assertIn(str(first.year), form.plan)

    def test_installment_plan(self):
        form = self._wizard()
        form.amount = 1000.0
        form.installments = 3
        form.cadence = "monthly"
        form.first_date = self.today + timedelta(days=1)
        action = form.save().action_confirm()
        promises = self.env["debt.promise"].search(action["domain"], order="promised_date")
        self.assertEqual(promises.mapped("amount"), [333.33, 333.33, 333.34])
        first = self.today + timedelta(days=1)
        self.assertEqual(
            promises.mapped("promised_date"),
            [first, first + relativedelta(months=1), first + relativedelta(months=2)],
        )
        for promise in promises:
            self.assertEqual(set(promise.move_ids.ids), {self.late.id, self.later.id})
        self.assertEqual(self.late.debt_hold_reason, "promise")
        contact = self.env["debt.contact"].search([("promise_id", "=", promises[0].id)])
        self.assertEqual((contact.outcome, contact.channel), ("promise", "phone"))

    def test_bad_input(self):
        form = self._wizard()
        form.amount = 1000.01
        with self.assertRaisesRegex(ValidationError, "more than"):
            form.save().action_confirm()
        form = self._wizard()
        form.first_date = self.today - timedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "in the past"):
            form.save().action_confirm()
