from datetime import timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import DebtCreditCommon


@tagged("post_install", "-at_install")
class TestCreditExposure(DebtCreditCommon):
    """Exposure = open invoices less open credit notes + confirmed orders not yet
    invoiced (converted at today's rate), per company, checked against figures
    computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.setup_other_currency("EUR")  # today: 1 USD = 2 EUR
        cls.company_data_2 = cls.setup_other_company(name="Second Co")
        cls.company_2 = cls.company_data_2["company"]
        cls.env.user.company_ids |= cls.company_2

    def _facts(self, company=None):
        company = company or self.env.company
        ranks = self.env["debt.credit.rule"]._debt_stage_ranks(company)
        return self.debtor._debt_credit_facts(company, self.today, ranks)[self.debtor.id]

    def _invoice_company_2(self, amount):
        invoice = (
            self.env["account.move"]
            .with_company(self.company_2)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.debtor.id,
                    "invoice_date": self.today - timedelta(days=45),
                    "invoice_date_due": self.today - timedelta(days=15),
                    "journal_id": self.company_data_2["default_journal_sale"].id,
                    "invoice_line_ids": [
                        Command.create({"name": "Service", "price_unit": amount, "tax_ids": []})
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    def test_exposure_matches_hand_computed_figures(self):
        self._overdue_invoice(30, amount=1000.0)
        self._credit_note(200.0)  # open invoices 1000 - 200 = 800
        partly = self._quotation(100.0, quantity=10)  # 1000 ordered
        partly.action_confirm()
        invoice = partly._create_invoices()
        invoice.invoice_line_ids.quantity = 4  # 400 invoiced, 600 still to invoice
        invoice.action_post()
        in_eur = self._quotation(500.0, currency=self.eur)  # 500 EUR = 250 USD
        in_eur.action_confirm()
        self.assertEqual(in_eur.currency_id, self.eur)
        draft = self._quotation(700.0)  # a quotation is not exposure
        facts = self._facts()
        self.assertAlmostEqual(facts.receivables, 800.0 + 400.0)
        self.assertAlmostEqual(facts.orders, 600.0 + 250.0)
        self.assertAlmostEqual(facts.exposure, 2050.0)

        # the quotation on top: 2,750 against a limit of 2,700
        self.debtor.with_company(self.env.company).credit_limit = 2700.0
        self._rule("credit_limit")
        draft.action_confirm()
        self.assertTrue(draft.debt_credit_hold)
        self.assertIn(
            "exposure $\xa02,750.00 against a limit of $\xa02,700.00 (open invoices $\xa01,200.00,"
            " orders to invoice $\xa0850.00, this order $\xa0700.00; $\xa050.00 over)",
            draft.debt_credit_note,
        )

    def test_a_fully_invoiced_order_is_counted_once(self):
        order = self._quotation(300.0)
        order.action_confirm()
        order._create_invoices().action_post()
        facts = self._facts()
        self.assertAlmostEqual(facts.receivables, 300.0)
        self.assertAlmostEqual(facts.orders, 0.0)

    def test_two_companies_keep_their_own_exposure_and_rules(self):
        self._overdue_invoice(30, amount=900.0)
        self._invoice_company_2(5000.0)
        self.debtor.with_company(self.env.company).credit_limit = 1000.0
        self.debtor.with_company(self.company_2).credit_limit = 10000.0
        self._rule("credit_limit")
        self._rule("insolvent", company=self.company_2)

        self.assertAlmostEqual(self._facts().receivables, 900.0)
        self.assertAlmostEqual(self._facts(self.company_2).receivables, 5000.0)

        held = self._quotation(200.0)  # 1,100 > 1,000 in the first company
        held.action_confirm()
        self.assertTrue(held.debt_credit_hold)
        passing = self._quotation(200.0, company=self.company_2)  # 5,200 <= 10,000
        passing.action_confirm()
        self.assertEqual(passing.state, "sale")

        # an insolvency rule of the second company does not hold the first's orders
        self.debtor.debt_insolvent = True
        self.debtor.with_company(self.env.company).credit_limit = 0.0
        first = self._quotation(200.0)
        first.action_confirm()
        self.assertEqual(first.state, "sale")
        second = self._quotation(200.0, company=self.company_2)
        second.action_confirm()
        self.assertTrue(second.debt_credit_hold)

        # each company sees its own rules only
        rules = self.env["debt.credit.rule"].with_context(allowed_company_ids=self.company_2.ids)
        self.assertEqual(rules.search([]).mapped("kind"), ["insolvent"])

    def test_releases_and_rules_stay_in_their_company(self):
        self._rule("credit_limit")
        self.env["debt.credit.release"].create(
            {"partner_id": self.debtor.id, "reason": "Known customer", "until": self.today}
        )
        manager_2 = new_test_user(
            self.env,
            login="dr_manager_2",
            groups="debt_recovery.group_debt_manager",
            company_id=self.company_2.id,
            company_ids=[Command.set(self.company_2.ids)],
        )
        self.assertFalse(self.env["debt.credit.release"].with_user(manager_2).search([]))
        self.assertFalse(self.env["debt.credit.rule"].with_user(manager_2).search([]))
        # nor does the first company's release let the second company's business through
        self._rule("insolvent", company=self.company_2)
        self.debtor.debt_insolvent = True
        order = self._quotation(10.0, company=self.company_2)
        order.action_confirm()
        self.assertTrue(order.debt_credit_hold)
