from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestDisputeLifecycle(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._overdue_invoice(20, amount=1000.0)
        cls.Dispute = cls.env["debt.dispute"]

    def _dispute(self, amount, invoice=None):
        return self.Dispute.create(
            {"move_id": (invoice or self.invoice).id, "reason": "quality", "amount": amount}
        )

    def test_hold_whole_invoice_or_only_the_disputed_amount(self):
        dispute = self._dispute(300.0)
        self.assertEqual(self.invoice.debt_hold_reason, "dispute")
        self.assertEqual(self.invoice.debt_disputed_amount, 300.0)
        self.env.company.debt_dispute_hold = "disputed_amount"
        # 700 undisputed are still collected: no hold, but the dispute shows.
        self.assertFalse(self.invoice.debt_hold_reason)
        self.assertTrue(self.invoice.debt_disputed)
        self._pay(self.invoice, 700.0)
        self.assertEqual(self.invoice.debt_hold_reason, "dispute")  # only disputed money left
        dispute.action_cancel()
        self.assertFalse(self.invoice.debt_hold_reason)

    def test_valid_dispute_credits_the_amount(self):
        dispute = self._dispute(250.0)
        dispute.action_resolve_valid()
        credit_note = dispute.credit_note_id
        self.assertEqual(dispute.state, "valid")
        self.assertEqual((credit_note.move_type, credit_note.state), ("out_refund", "posted"))
        self.assertEqual(credit_note.amount_total, 250.0)
        self.assertEqual(credit_note.reversed_entry_id, self.invoice)
        self.assertEqual(self.invoice.amount_residual, 750.0)
        self.assertFalse(self.invoice.debt_hold_reason)
        contact = self.env["debt.contact"].search([("dispute_id", "=", dispute.id)])
        self.assertEqual(contact.outcome, "dispute")
        with self.assertRaisesRegex(UserError, "already closed"):
            dispute.action_resolve_valid()

    def test_valid_dispute_on_a_taxed_invoice(self):
        invoice = self._create_invoice_one_line(
            price_unit=333.33,
            tax_ids=self.tax_sale_a,
            partner_id=self.debtor,
            invoice_date=self.today - timedelta(days=30),
            invoice_date_due=self.today - timedelta(days=10),
            invoice_payment_term_id=False,
            post=True,
        )
        self.assertNotEqual(invoice.amount_total, invoice.amount_untaxed)
        dispute = self._dispute(101.01, invoice=invoice)
        dispute.action_resolve_valid()
        self.assertEqual(dispute.credit_note_id.amount_total, 101.01)
        self.assertAlmostEqual(invoice.amount_residual, invoice.amount_total - 101.01)

    def test_invalid_dispute_resumes_and_tells_the_customer(self):
        dispute = self._dispute(1000.0)
        dispute.resolution_note = "the goods were signed for on delivery"
        self.assertEqual(self.invoice.debt_hold_reason, "dispute")
        dispute.action_resolve_invalid()
        self.assertEqual(dispute.state, "invalid")
        self.assertFalse(self.invoice.debt_hold_reason)
        message = dispute.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn(self.debtor, message.partner_ids)
        self.assertIn("could not accept it", message.body)
        self.assertIn("signed for on delivery", message.body)

    def test_past_deadline_tells_the_owner_once(self):
        dispute = self._dispute(100.0)
        dispute.user_id = self.clerk
        self.assertFalse(self.Dispute._notify_past_deadline(dispute.deadline))
        self.assertEqual(
            self.Dispute._notify_past_deadline(dispute.deadline + timedelta(days=1)), dispute
        )
        self.assertEqual(dispute.activity_ids.user_id, self.clerk)
        self.assertFalse(self.Dispute._notify_past_deadline(dispute.deadline + timedelta(days=2)))
        dispute.action_resolve_invalid()
        self.assertFalse(dispute.activity_ids)

    def test_dispute_button_on_the_invoice(self):
        action = self.invoice.action_debt_open_dispute()
        self.assertEqual((action["res_model"], action["target"]), ("debt.dispute", "new"))
        dispute = self.Dispute.with_context(**action["context"]).create({"reason": "pricing"})
        self.assertEqual((dispute.move_id, dispute.amount), (self.invoice, 1000.0))
