from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestConstraints(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._overdue_invoice(20, amount=1000.0)
        cls.agency = cls.env["debt.agency"].create({"name": "Recover & Co"})

    def _promise(self, **vals):
        return self.env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(self.invoice.ids)],
                "amount": 100.0,
                "promised_date": self.today + timedelta(days=7),
                **vals,
            }
        )

    def _assert_sql_constraint(self, func):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            func()
            self.env.flush_all()

    # --- money can't be negative ---

    def test_negative_amounts(self):
        self._assert_sql_constraint(lambda: self._promise(amount=-5.0))
        self._assert_sql_constraint(lambda: self._promise(amount=0.0))
        self._assert_sql_constraint(
            lambda: self.env["debt.dispute"].create(
                {"move_id": self.invoice.id, "amount": -1.0, "reason": "other"}
            )
        )
        self._assert_sql_constraint(
            lambda: self.env["debt.placement"].create(
                {
                    "agency_id": self.agency.id,
                    "partner_id": self.debtor.id,
                    "amount_recovered": -10.0,
                }
            )
        )
        self._assert_sql_constraint(lambda: self.agency.write({"commission_rate": 120}))

    # --- promises ---

    def test_promise_up_to_open_amount(self):
        promise = self._promise(amount=1000.0)  # exactly what is open: fine
        self.assertEqual(promise.currency_id, self.invoice.currency_id)
        with self.assertRaisesRegex(ValidationError, "only .* is open"):
            self._promise(amount=1000.01)
        self._pay(self.invoice, 400.0)
        with self.assertRaisesRegex(ValidationError, "only .* is open"):
            self._promise(amount=600.01)
        self._promise(amount=600.0)

    def test_promise_date_not_in_past(self):
        self._promise(promised_date=self.today)
        with self.assertRaisesRegex(ValidationError, "in the past"):
            self._promise(promised_date=self.today - timedelta(days=1))

    def test_promise_on_paid_invoice(self):
        self._pay(self.invoice, 1000.0)
        with self.assertRaisesRegex(ValidationError, "still open"):
            self._promise()

    def test_promise_other_debtor(self):
        other = self.env["res.partner"].create({"name": "Someone else", "is_company": True})
        with self.assertRaisesRegex(ValidationError, "must belong to its debtor"):
            self._promise(partner_id=other.id)

    def test_promise_one_currency(self):
        other_currency = self.setup_other_currency("EUR")
        self.assertNotEqual(other_currency, self.invoice.currency_id)
        foreign = self._overdue_invoice(20, amount=300.0, currency_id=other_currency.id)
        with self.assertRaisesRegex(ValidationError, "one currency"):
            self._promise(move_ids=[Command.set((self.invoice + foreign).ids)])

    # --- disputes ---

    def test_dispute_on_draft_invoice(self):
        draft = self._overdue_invoice(5, post=False)
        with self.assertRaisesRegex(ValidationError, "Only posted customer invoices"):
            self.env["debt.dispute"].create({"move_id": draft.id, "amount": 10.0})

    def test_dispute_above_open_amount(self):
        self._pay(self.invoice, 900.0)
        with self.assertRaisesRegex(ValidationError, "more than"):
            self.env["debt.dispute"].create({"move_id": self.invoice.id, "amount": 100.01})
        dispute = self.env["debt.dispute"].create({"move_id": self.invoice.id, "amount": 100.0})
        self.assertEqual(dispute.partner_id, self.debtor)
        self.assertEqual(dispute.deadline, self.today + timedelta(days=14))

    # --- configuration ---

    def test_duplicate_stage_code(self):
        self._assert_sql_constraint(
            lambda: self.env["debt.stage"].create(
                {"name": "Again", "code": "REM1", "days_overdue": 7}
            )
        )
        # Same code in another company is fine.
        other = self.setup_other_company(name="Other")["company"]
        self.assertTrue(
            self.env["debt.stage"].search([("company_id", "=", other.id), ("code", "=", "REM1")])
        )

    def test_two_stages_on_the_same_day(self):
        self._assert_sql_constraint(
            lambda: self.env["debt.stage"].create(
                {"name": "Also day one", "code": "DAY1", "days_overdue": 1}
            )
        )
        # A manual stage has no threshold to clash with.
        self.env["debt.stage"].create(
            {"name": "Settlement", "code": "SETTLE", "trigger": "manual", "phase": "judicial"}
        )

    def test_judicial_stage_is_manual(self):
        with self.assertRaisesRegex(ValidationError, "Manual"):
            self.env["debt.stage"].create(
                {"name": "Court", "code": "C2", "phase": "judicial", "days_overdue": 200}
            )

    def test_contact_hours(self):
        self._assert_sql_constraint(
            lambda: self.debtor.write({"debt_contact_hour_from": 22, "debt_contact_hour_to": 8})
        )
        self._assert_sql_constraint(lambda: self.debtor.write({"debt_score": 101}))

    def test_invoice_placed_once(self):
        first = self.env["debt.placement"].create(
            {
                "agency_id": self.agency.id,
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(self.invoice.ids)],
            }
        )
        first.action_mark_sent()
        self.assertEqual(first.amount_placed, 1000.0)
        second = self.env["debt.placement"].create(
            {
                "agency_id": self.agency.id,
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(self.invoice.ids)],
            }
        )
        with self.assertRaisesRegex(ValidationError, "already placed"):
            second.action_mark_sent()
        other = self.env["res.partner"].create({"name": "Someone else", "is_company": True})
        with self.assertRaisesRegex(ValidationError, "other customers"):
            second.partner_id = other
