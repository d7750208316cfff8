from datetime import date, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestInterest(DebtRecoveryCommon):
    """Interest of real invoices from the shipped rate table."""

    def _invoice(self, due, amount, partner=None):
        return self._create_invoice_one_line(
            price_unit=amount,
            tax_ids=[],
            partner_id=partner or self.debtor,
            invoice_date=due - timedelta(days=30),
            invoice_date_due=due,
            invoice_payment_term_id=False,
            post=True,
        )

    def test_german_b2b_with_partial_payment(self):
        self.debtor.debt_jurisdiction = "de_b2b"
        invoice = self._invoice(date(2022, 12, 31), 10000.0)
        self._pay(invoice, 4000.0, date(2023, 7, 1))
        result = invoice._debt_interest(date(2023, 12, 31))[invoice]
        # 181 days at 10.62% on 10,000, then 184 days at 12.12% on 6,000
        expected = round(10000 * 0.1062 * 181 / 365 + 6000 * 0.1212 * 184 / 365, 2)
        self.assertAlmostEqual(result["interest"], expected, places=2)
        self.assertEqual(result["jurisdiction"], "de_b2b")
        # EUR 40 per invoice, in the invoice's currency.
        eur = self.env.ref("base.EUR").with_context(active_test=False)
        fee = eur._convert(40.0, invoice.currency_id, invoice.company_id, date(2023, 12, 31))
        self.assertAlmostEqual(result["compensation"], fee, places=2)
        self.assertEqual([s.days for s in result["segments"]], [181, 184])

    def test_company_law_and_none(self):
        self.env.company.debt_jurisdiction = "none"
        invoice = self._invoice(date(2024, 1, 31), 500.0)
        result = invoice._debt_interest(date(2024, 6, 30))[invoice]
        self.assertEqual((result["interest"], result["compensation"]), (0.0, 0.0))

    def test_missing_rate_names_what_to_set(self):
        self.debtor.debt_jurisdiction = "eu"
        invoice = self._invoice(date(2025, 12, 15), 1000.0)
        self.env["debt.interest.rate"].search([("date_from", ">=", "2026-01-01")]).unlink()
        with self.assertRaisesRegex(
            UserError, "No ECB main refinancing operations rate covers 2026-01-01"
        ):
            invoice._debt_interest(date(2026, 2, 1))

    def test_rates_do_not_overlap(self):
        with self.assertRaisesRegex(ValidationError, "cannot cover the same days"):
            self.env["debt.interest.rate"].create(
                {"source": "ecb", "date_from": "2024-03-01", "date_to": "2024-03-31", "rate": 9.0}
            )
