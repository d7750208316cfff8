from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestInterest(DebtRecoveryCommon):
    """Interest of real invoices from the shipped rate table."""

    def test_german_b2b_with_partial_payment(self):
        self.debtor.debt_jurisdiction = "de_b2b"
        invoice = self._invoice_due(date(2022, 12, 31), 10000.0)
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
        self.assertEqual([s.days for s in result["accrual"].segments], [181, 184])

    def test_company_law_and_none(self):
        self.env.company.debt_jurisdiction = "none"
        invoice = self._invoice_due(date(2024, 1, 31), 500.0)
        result = invoice._debt_interest(date(2024, 6, 30))[invoice]
        self.assertEqual((result["interest"], result["compensation"]), (0.0, 0.0))

    def test_missing_rate_names_what_to_set(self):
        self.debtor.debt_jurisdiction = "eu"
        invoice = self._invoice_due(date(2025, 12, 15), 1000.0)
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

    def test_custom_terms_of_the_company(self):
        """A contractual 12 % a year and a 25.00 fee per invoice, set in the settings."""
        self.env.company.write(
            {
                "debt_jurisdiction": "custom",
                "debt_custom_rate_source": "fixed",
                "debt_custom_margin": 12.0,
                "debt_custom_fee": 25.0,
            }
        )
        invoice = self._invoice_due(date(2024, 3, 31), 1000.0)
        self._pay(invoice, 400.0, date(2024, 4, 16))
        result = invoice._debt_interest(date(2024, 4, 30))[invoice]
        # 15 days on 1,000 then 15 days on 600, at 12 % over 365 days
        expected = round(1000 * 0.12 * 15 / 365 + 600 * 0.12 * 15 / 365, 2)
        self.assertAlmostEqual(result["interest"], expected, places=2)
        self.assertAlmostEqual(result["compensation"], 25.0, places=2)
        self.assertEqual(result["jurisdiction"], "custom")

    def test_consumer_under_german_law(self):
        """A private person owes the consumer rate (base + 5) and no EUR 40."""
        consumer = self.env["res.partner"].create(
            {"name": "Erika Mustermann", "debt_jurisdiction": "de_b2b"}
        )
        self.assertTrue(consumer.debt_consumer)
        invoice = self._invoice_due(date(2022, 12, 31), 10000.0, partner=consumer)
        result = invoice._debt_interest(date(2023, 6, 30))[invoice]
        # 181 days at 1.62 + 5 = 6.62 %
        self.assertAlmostEqual(result["interest"], round(10000 * 0.0662 * 181 / 365, 2), places=2)
        self.assertEqual(result["compensation"], 0.0)
        consumer.debt_consumer = False  # a sole trader after all: business law
        business = invoice._debt_interest(date(2023, 6, 30))[invoice]
        self.assertAlmostEqual(business["interest"], round(10000 * 0.1062 * 181 / 365, 2), places=2)
        self.assertGreater(business["compensation"], 0.0)

    def test_no_compensation_before_the_due_date_or_when_paid_on_time(self):
        """The EUR 40 is owed once a payment is late (a UK-style demo letter
        charged it on an invoice due next week)."""
        self.debtor.debt_jurisdiction = "de_b2b"
        not_due = self._invoice_due(date(2023, 7, 15), 1000.0)
        self.assertEqual(not_due._debt_interest(date(2023, 7, 1))[not_due]["compensation"], 0.0)
        self.assertGreater(not_due._debt_interest(date(2023, 7, 16))[not_due]["compensation"], 0.0)
        on_time = self._invoice_due(date(2023, 3, 31), 500.0)
        self._pay(on_time, 500.0, date(2023, 3, 30))
        self.assertEqual(on_time._debt_interest(date(2023, 6, 30))[on_time]["compensation"], 0.0)
        late = self._invoice_due(date(2023, 3, 31), 500.0)
        self._pay(late, 500.0, date(2023, 4, 20))
        self.assertGreater(late._debt_interest(date(2023, 6, 30))[late]["compensation"], 0.0)

    def _credit(self, invoice, amount, day):
        """A credit note made with the invoice's *Credit Note* button, its
        amount changed to ``amount``, confirmed (Odoo matches it)."""
        refund = self._reverse_invoice(invoice, date=day, reason="Price corrected")
        refund.invoice_line_ids.price_unit = amount
        refund.action_post()
        return refund

    def test_a_credit_note_lowers_the_base_from_the_first_late_day(self):
        """What a credit note takes off was never owed: no interest on it,
        not even for the days before the credit note (a payment of the same
        amount and date lowers the base only from its date)."""
        self.debtor.debt_jurisdiction = "de_b2b"
        credited = self._invoice_due(date(2022, 12, 31), 10000.0)
        self._credit(credited, 4000.0, date(2023, 7, 1))
        paid = self._invoice_due(date(2022, 12, 31), 10000.0)
        self._pay(paid, 4000.0, date(2023, 7, 1))
        results = (credited | paid)._debt_interest(date(2023, 12, 31))
        # 181 days at 10.62 %, then 184 days at 12.12 %
        self.assertAlmostEqual(
            results[credited]["interest"],
            round(6000 * 0.1062 * 181 / 365 + 6000 * 0.1212 * 184 / 365, 2),
            places=2,
        )
        self.assertAlmostEqual(
            results[paid]["interest"],
            round(10000 * 0.1062 * 181 / 365 + 6000 * 0.1212 * 184 / 365, 2),
            places=2,
        )
        self.assertGreater(results[credited]["compensation"], 0.0)  # 6,000 is still late

    def test_an_invoice_credited_in_full_owes_nothing_on_top(self):
        """Cancelled by a credit note three months late: no interest, no EUR
        40, and nothing to charge."""
        self.debtor.debt_jurisdiction = "de_b2b"
        invoice = self._invoice_due(date(2023, 3, 31), 500.0)
        self._credit(invoice, 500.0, date(2023, 6, 30))
        result = invoice._debt_interest(date(2023, 7, 31))[invoice]
        self.assertEqual((result["interest"], result["compensation"]), (0.0, 0.0))
        with self.assertRaisesRegex(UserError, "Nothing to charge"):
            invoice.action_debt_invoice_interest()

    def test_compensation_goes_by_the_payment_not_the_credit_note(self):
        """Paid in time, less a later credit note: the payment was not late."""
        self.debtor.debt_jurisdiction = "de_b2b"
        invoice = self._invoice_due(date(2023, 3, 31), 500.0)
        self._pay(invoice, 300.0, date(2023, 3, 30))
        self._credit(invoice, 200.0, date(2023, 6, 30))
        result = invoice._debt_interest(date(2023, 7, 31))[invoice]
        self.assertTrue(invoice.currency_id.is_zero(invoice.amount_residual))
        self.assertEqual((result["interest"], result["compensation"]), (0.0, 0.0))
