from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.account_payment.tests.common import AccountPaymentCommon

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestPayAll(DebtRecoveryCommon, AccountPaymentCommon, HttpCase):
    """The debtor's signed pay-all page: what is claimed, and one payment
    through Odoo's payment flow that settles it; held invoices are not payable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.free = cls._overdue_invoice(10, amount=1000.0)
        cls.disputed = cls._overdue_invoice(20, amount=777.77)
        cls.env["debt.dispute"].create(
            {"move_id": cls.disputed.id, "reason": "quality", "amount": 777.77}
        )
        cls.company = cls.env.company
        cls.path = cls.debtor._debt_pay_all_path(cls.company)

    def _page(self, path):
        return self.url_open(path)

    def test_wrong_token_is_refused(self):
        bad = self.path.replace("access_token=", "access_token=x")
        self.assertEqual(self._page(bad).status_code, 404)
        other = self.env["res.partner"].create({"name": "Other", "is_company": True})
        forged = self.path.replace(f"/pay/{self.debtor.id}?", f"/pay/{other.id}?")
        self.assertEqual(self._page(forged).status_code, 404)
        self.assertEqual(self._page(f"/my/debt/pay/{self.debtor.id}").status_code, 404)
        with self.assertRaises(JsonRpcException):
            self._transaction(access_token="wrong")

    def test_page_lists_what_is_claimed_held_apart(self):
        response = self._page(self.path)
        self.assertEqual(response.status_code, 200)
        html = response.text
        claimed, _sep, held = html.partition("Not asked for now")
        self.assertIn(self.free.name, claimed)
        self.assertNotIn(self.disputed.name, claimed)
        self.assertIn(self.disputed.name, held)
        self.assertIn("Under dispute", held)
        self.assertIn("o_debt_pay_all_form", html)
        self.assertIn("1,000.00", html.partition("Pay everything")[2][:400])
        self.assertIn(self.path.split("?")[0], self.debtor._debt_pay_all_url(self.company))

    def test_statement_link_opens_only_with_its_own_token(self):
        """The reminder's statement link renders the PDF; a forged token, or the
        pay-all token of the same debtor, opens nothing."""
        url = self.debtor.with_company(self.company)._debt_statement_url()
        path = url[url.index("/debt_recovery/") :]
        response = self._page(path)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # (Under test Odoo renders reports as HTML instead of calling wkhtmltopdf.)
        self.assertIn(self.free.name, response.text)
        token = path.rsplit("/", 1)[1]
        self.assertEqual(self._page(path[: -len(token)] + "0" * len(token)).status_code, 404)
        pay_all_token = self.path.split("access_token=")[1]
        self.assertEqual(self._page(path[: -len(token)] + pay_all_token).status_code, 404)

    def _transaction(self, amount=1000.0, access_token=None):
        token = access_token or self.path.split("access_token=")[1]
        return self.make_jsonrpc_request(
            f"/my/debt/pay/{self.debtor.id}/{self.company.id}/transaction",
            {
                "access_token": token,
                "amount": amount,
                "provider_id": self.provider.id,
                "payment_method_id": self.payment_method_id,
                "token_id": None,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": self.path,
            },
        )

    def test_paying_all_settles_the_claimed_invoices(self):
        with self.assertRaises(JsonRpcException):
            self._transaction(amount=1777.77)  # the disputed invoice is not payable
        self.assertFalse(
            self.env["payment.transaction"].search([("invoice_ids", "in", self.free.ids)])
        )
        values = self._transaction()
        tx = self.env["payment.transaction"].search([("reference", "=", values["reference"])])
        self.assertEqual(tx.invoice_ids, self.free)
        self.assertAlmostEqual(tx.amount, 1000.0)
        self.assertEqual(tx.partner_id, self.debtor)
        # While the payment runs, nothing more is offered: a second click
        # would pay the same invoices twice.
        for step in (tx._set_pending, tx._set_done):
            step()
            html = self._page(self.path).text
            self.assertIn("o_debt_pay_in_progress", html)
            self.assertNotIn("o_debt_pay_all_form", html)
            with self.assertRaises(JsonRpcException):
                self._transaction()
        tx._post_process()
        self.assertTrue(self.free.currency_id.is_zero(self.free.amount_residual))
        self.assertAlmostEqual(self.disputed.amount_residual, 777.77)
        # Nothing left to pay: the page says so and offers no payment.
        html = self._page(self.path).text
        self.assertNotIn("o_debt_pay_all_form", html)
