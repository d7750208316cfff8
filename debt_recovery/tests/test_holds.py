from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestHolds(DebtRecoveryCommon):
    """What holds an invoice out of collection is visible on it at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._overdue_invoice(40, amount=800.0)
        cls.agency = cls.env["debt.agency"].create({"name": "Recover & Co"})

    def test_no_hold(self):
        self.assertFalse(self.invoice.debt_hold_reason)
        self.assertFalse(self.invoice.debt_disputed)

    def test_dispute_holds_until_closed(self):
        dispute = self.env["debt.dispute"].create({"move_id": self.invoice.id, "amount": 50.0})
        self.assertTrue(self.invoice.debt_disputed)
        self.assertEqual(self.invoice.debt_hold_reason, "dispute")
        dispute.action_cancel()
        self.assertFalse(self.invoice.debt_disputed)
        self.assertFalse(self.invoice.debt_hold_reason)

    def test_promise_holds_until_closed(self):
        early = self.env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(self.invoice.ids)],
                "amount": 300.0,
                "promised_date": self.today + timedelta(days=3),
            }
        )
        late = self.env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(self.invoice.ids)],
                "amount": 500.0,
                "promised_date": self.today + timedelta(days=30),
            }
        )
        self.assertEqual(self.invoice.debt_hold_reason, "promise")
        self.assertEqual(self.invoice.debt_promise_id, late)
        late.action_cancel()
        self.assertEqual(self.invoice.debt_promise_id, early)
        early.action_cancel()
        self.assertFalse(self.invoice.debt_promise_id)
        self.assertFalse(self.invoice.debt_hold_reason)

    def test_precedence(self):
        self.env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(self.invoice.ids)],
                "amount": 300.0,
                "promised_date": self.today,
            }
        )
        self.env["debt.dispute"].create({"move_id": self.invoice.id, "amount": 50.0})
        self.assertEqual(self.invoice.debt_hold_reason, "dispute")
        placement = self.env["debt.placement"].create(
            {
                "agency_id": self.agency.id,
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(self.invoice.ids)],
            }
        )
        self.assertEqual(
            self.invoice.debt_hold_reason, "dispute"
        )  # a draft placement holds nothing
        placement.action_mark_sent()
        self.assertEqual(self.invoice.debt_placement_id, placement)
        self.assertEqual(self.invoice.debt_hold_reason, "placement")
        self.debtor.debt_excluded = True
        self.assertEqual(self.invoice.debt_hold_reason, "excluded")
        self.debtor.debt_excluded = False
        placement.action_recall()
        self.assertEqual(self.invoice.debt_hold_reason, "dispute")

    def test_vendor_bills_are_never_held(self):
        bill = self._create_invoice_one_line(
            move_type="in_invoice", price_unit=100.0, partner_id=self.debtor, post=True
        )
        self.debtor.debt_excluded = True
        self.assertFalse(bill.debt_hold_reason)
        self.assertEqual(self.invoice.debt_hold_reason, "excluded")
