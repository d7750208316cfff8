from odoo import Command
from odoo.http import Request
from odoo.tests import HttpCase, tagged

from ..core.disputes import DISPUTE_REASONS
from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestPortalDispute(DebtRecoveryCommon, HttpCase):
    """A customer disputes its invoice from the portal; another customer cannot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._overdue_invoice(12, amount=800.0)
        cls.invoice._portal_ensure_token()

        def portal_user(login, partner):
            contact = cls.env["res.partner"].create(
                {"name": login, "parent_id": partner.id, "email": f"{login}@example.com"}
            )
            return cls.env["res.users"].create(
                {
                    "name": login,
                    "login": login,
                    "password": f"{login}-pw-1234",
                    "partner_id": contact.id,
                    "group_ids": [Command.set([cls.env.ref("base.group_portal").id])],
                }
            )

        cls.customer_user = portal_user("dr_portal_customer", cls.debtor)
        stranger = cls.env["res.partner"].create({"name": "Stranger Co", "is_company": True})
        cls.stranger_user = portal_user("dr_portal_stranger", stranger)

    def _post_dispute(self, **data):
        return self.url_open(
            f"/my/invoices/{self.invoice.id}/dispute",
            data={
                "reason": "quantity",
                "disputed_amount": "120.50",
                "description": "Only 8 of 10 boxes arrived.",
                "csrf_token": Request.csrf_token(self),
                **data,
            },
        )

    def test_portal_page_offers_the_form(self):
        self.authenticate("dr_portal_customer", "dr_portal_customer-pw-1234")
        page = self.url_open(f"/my/invoices/{self.invoice.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Dispute this invoice", page.text)
        for code, label in DISPUTE_REASONS:  # the reasons of the model, not a copy
            self.assertIn(f'<option value="{code}"', page.text)
            self.assertIn(label, page.text)

    def test_customer_disputes_its_invoice(self):
        self.authenticate("dr_portal_customer", "dr_portal_customer-pw-1234")
        response = self._post_dispute()
        self.assertIn("success=debt_dispute", response.url)
        dispute = self.env["debt.dispute"].search([("move_id", "=", self.invoice.id)])
        self.assertEqual(
            (dispute.reason, dispute.amount, dispute.state), ("quantity", 120.5, "open")
        )
        self.assertIn("8 of 10 boxes", dispute.description)
        self.assertEqual(self.invoice.debt_hold_reason, "dispute")
        contact = self.env["debt.contact"].search([("dispute_id", "=", dispute.id)])
        self.assertEqual((contact.channel, contact.direction), ("portal", "inbound"))

    def test_other_customer_cannot(self):
        self.authenticate("dr_portal_stranger", "dr_portal_stranger-pw-1234")
        response = self._post_dispute()
        self.assertNotIn("debt_dispute", response.url)
        self.assertFalse(self.env["debt.dispute"].search([("move_id", "=", self.invoice.id)]))

    def test_with_the_invoice_link_and_bad_amount(self):
        self.authenticate(None, None)
        response = self._post_dispute(
            access_token=self.invoice.access_token, disputed_amount="9999"
        )
        self.assertIn("error=debt_dispute", response.url)
        self.assertFalse(self.env["debt.dispute"].search([("move_id", "=", self.invoice.id)]))
        response = self._post_dispute(access_token=self.invoice.access_token)
        self.assertIn("success=debt_dispute", response.url)
        self.assertTrue(self.env["debt.dispute"].search([("move_id", "=", self.invoice.id)]))
