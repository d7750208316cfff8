from datetime import timedelta
from decimal import Decimal

from freezegun import freeze_time

from odoo.tests import tagged

from .test_claim import REPORTS, ClaimCommon, figures


@tagged("post_install", "-at_install")
class TestLetterCharges(ClaimCommon):
    """A letter shows the interest and fees invoiced before apart from the new
    accruals; together they make the claim's total, to the cent."""

    def test_letter_shows_what_was_charged_before_and_what_is_new(self):
        invoice = self._overdue_invoice(90, amount=10000.0)
        with freeze_time(self.today - timedelta(days=30)):
            action = invoice.action_debt_invoice_interest()
        charge = self.env["account.move"].search(action["domain"])
        charge.action_post()
        claim = self._claims(self.debtor, "demand")[invoice.currency_id]
        lines = {line.move_id: line for line in claim.lines}
        self.assertGreater(lines[invoice.id].interest, 0)
        self.assertEqual(lines[invoice.id].fees, 0, "the fee was invoiced before")

        html = self._html(REPORTS["demand"], self.debtor)
        self.assertEqual(figures(html, "debt_total"), [claim.total])
        self.assertEqual(figures(html, "debt_total_invoices"), [Decimal("10000.00")])
        charged = Decimal(str(charge.amount_total))
        self.assertEqual(figures(html, "debt_total_charged"), [charged])
        self.assertEqual(figures(html, "debt_total_interest"), [lines[invoice.id].interest])
        self.assertEqual(figures(html, "debt_total_fee"), [Decimal("0.00")])
        self.assertEqual(Decimal("10000.00") + charged + lines[invoice.id].interest, claim.total)
        self.assertIn("Interest and fees invoiced before", html)
        self.assertIn("Statutory interest not invoiced yet", html)
        self.assertIn("(interest and fees invoiced)", html)

    def test_without_earlier_charges_the_letter_reads_as_before(self):
        self._overdue_invoice(90, amount=10000.0)
        html = self._html(REPORTS["demand"], self.debtor)
        self.assertNotIn("invoiced before", html)
        self.assertNotIn("not invoiced yet", html)
        self.assertEqual(figures(html, "debt_total_invoices"), [Decimal("10000.00")])
