"""Regression tests of the adversarial pass (issue 15): each one failed before its fix."""

from datetime import datetime, time
from urllib.parse import parse_qs, urlparse

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestPortalDisputeUnderAttack(DebtRecoveryCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._overdue_invoice(12, amount=800.0)
        cls.invoice._portal_ensure_token()

    def _post(self, invoice=None, **data):
        invoice = invoice or self.invoice
        response = self.url_open(
            f"/my/invoices/{invoice.id}/dispute",
            data={
                "reason": "quantity",
                "disputed_amount": "800",
                "description": "Not what we ordered.",
                "access_token": invoice.access_token,
                "csrf_token": Request.csrf_token(self),
                **data,
            },
        )
        return response, parse_qs(urlparse(response.url).query)

    def _disputes(self, invoice=None):
        return self.env["debt.dispute"].search([("move_id", "=", (invoice or self.invoice).id)])

    def test_posting_three_times_opens_one_dispute(self):
        self.authenticate(None, None)
        _response, first = self._post()
        self.assertEqual(first["success"], ["debt_dispute"])
        for _attempt in range(2):
            response, query = self._post(description="Still waiting for an answer.")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(query["success"], ["debt_dispute_exists"])
            self.assertIn("already under review", response.text)
        dispute = self._disputes()
        self.assertEqual(len(dispute), 1)
        self.assertEqual(dispute.amount, 800.0)
        self.assertIn("Still waiting", " ".join(dispute.message_ids.mapped("body")))
        # The customer sees the dispute and its state on the invoice page.
        self.assertIn(dispute.name, response.text)
        self.assertIn("debt_dispute_status", response.text)

    def test_hostile_amounts_get_the_refusal_page(self):
        self.authenticate(None, None)
        cases = {
            "inf": "not a number we can read",
            "nan": "not a number we can read",
            "1e400": "not a number we can read",
            "9" * 400: "not a number we can read",
            "12,5,0": "not a number we can read",
            "-5": "more than zero",
            "0": "more than zero",
            "800.01": "more than what is still open",
        }
        for amount, message in cases.items():
            with self.subTest(amount=amount[:20]):
                response, query = self._post(disputed_amount=amount)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(query["error"], ["debt_dispute"])
                self.assertIn(message, response.text)
        self.assertFalse(self._disputes())

    def test_paid_invoice_gets_the_refusal_page(self):
        paid = self._overdue_invoice(5, amount=100.0)
        paid._portal_ensure_token()
        self._pay(paid, 100.0)
        self.authenticate(None, None)
        response, query = self._post(invoice=paid, disputed_amount="50")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(query["debt_refusal"], ["invoice_closed"])
        self.assertIn("nothing left to pay", response.text)
        self.assertFalse(self._disputes(paid))

    def test_comma_decimal_is_read(self):
        self.authenticate(None, None)
        _response, query = self._post(disputed_amount="120,50")
        self.assertEqual(query["success"], ["debt_dispute"])
        self.assertEqual(self._disputes().amount, 120.5)
        self.assertIn("disputes", self.invoice.message_ids[:1].body)


@tagged("post_install", "-at_install")
class TestManualReminderHolds(DebtRecoveryCommon):
    """The manual reminder obeys the debtor's choices and the clerk's input is checked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._overdue_invoice(20)
        cls.env["debt.escalation"]._run(cls.env.company)
        cls.ten_utc = datetime.combine(cls.today, time(10, 0))

    def _wizard(self, partner=None, moves=None):
        Wizard = self.env["debt.reminder.wizard"].with_user(self.clerk)
        action = Wizard._action_open(partner or self.debtor, moves)
        return Wizard.browse(action["res_id"])

    def test_email_opt_out_refuses(self):
        self.debtor.debt_opt_out_email = True
        with freeze_time(self.ten_utc):
            wizard = self._wizard()
            self.assertEqual(wizard.policy_reason, "opted_out")
            self.assertTrue(wizard.policy_blocks)
            with self.assertRaisesRegex(UserError, "opted out"):
                wizard.action_send()
        self.assertFalse(self.env["debt.contact"].search([("partner_id", "=", self.debtor.id)]))

    def test_too_soon_warns_then_sends_when_confirmed(self):
        with freeze_time(self.ten_utc):
            self._wizard().action_send()
            again = self._wizard()
            self.assertEqual(again.policy_reason, "too_soon")
            self.assertFalse(again.policy_blocks)
            with self.assertRaisesRegex(UserError, "Send anyway"):
                again.action_send()
            again.send_anyway = True
            result = again.action_send()
        self.assertEqual(result["params"]["title"], "Reminder sent")
        sent = self.env["debt.contact"].search(
            [("partner_id", "=", self.debtor.id), ("outcome", "=", "sent")]
        )
        self.assertEqual(len(sent), 2)

    def test_one_submission_one_send(self):
        with freeze_time(self.ten_utc):
            wizard = self._wizard()
            wizard.action_send()
            with self.assertRaisesRegex(UserError, "sent already"):
                wizard.action_send()
        self.assertEqual(
            self.env["debt.contact"].search_count([("partner_id", "=", self.debtor.id)]), 1
        )

    def test_invoices_of_another_debtor_are_refused(self):
        stranger = self.env["res.partner"].create({"name": "Stranger", "is_company": True})
        theirs = self._overdue_invoice(20, partner=stranger)
        with freeze_time(self.ten_utc):
            wizard = self._wizard()
            wizard.move_ids = theirs  # as a hand-made RPC call would
            with self.assertRaisesRegex(UserError, "not invoices of Slowpay"):
                wizard.action_send()


@tagged("post_install", "-at_install")
class TestStagesAreArchived(DebtRecoveryCommon):
    def test_stage_in_use_cannot_be_deleted(self):
        invoice = self._overdue_invoice(20)
        self.env["debt.escalation"]._run(self.env.company)
        court = self.env["debt.stage"].search(
            [("company_id", "=", self.env.company.id), ("code", "=", "COURT")]
        )
        self.env["debt.item"]._set_stage(invoice, court, "manual")
        invoice.invalidate_recordset()
        stage = invoice.debt_stage_id
        history = invoice.debt_stage_history_ids
        self.assertTrue(stage and history and history.stage_id != stage)
        for in_use in (stage, history.stage_id):  # the current stage, a past stay's
            with self.assertRaisesRegex(UserError, "Archive the stage"):
                in_use.unlink()
        stage.active = False
        self.assertEqual(invoice.debt_stage_id, stage)
        self.assertEqual(invoice.debt_stage_history_ids, history)

    def test_unused_stage_can_be_deleted(self):
        stage = self.env["debt.stage"].create(
            {"name": "Spare", "code": "SPARE", "phase": "judicial", "trigger": "manual"}
        )
        stage.unlink()
        self.assertFalse(stage.exists())
