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

    def test_exposure_reads_the_claim(self):
        """Open receivables are the claim's: every open invoice in its currency (held
        ones too), less the credits it deducts, at today's rate."""
        self._overdue_invoice(30, amount=1000.0)
        self._credit_note(200.0)
        self._unapplied_payment(150.0)  # USD: 1,000 - 200 - 150 = 650
        self._overdue_invoice(20, amount=600.0, currency_id=self.eur.id)  # 600 EUR = 300 USD
        promised = self._overdue_invoice(10, amount=400.0)  # held by a promise, still owed
        self.env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(promised.ids)],
                "amount": 400.0,
                "promised_date": self.today + timedelta(days=10),
            }
        )
        claims = self.debtor._debt_claim(self.env.company, self.today, "statement")
        self.assertEqual(float(claims[self.currency].held), 400.0)  # the claim holds it
        partly = self._quotation(100.0, quantity=10)
        partly.action_confirm()
        invoice = partly._create_invoices()
        invoice.invoice_line_ids.quantity = 3  # 300 invoiced, 700 to invoice
        invoice.action_post()
        self._quotation(500.0, currency=self.eur).action_confirm()  # 500 EUR = 250 USD
        facts = self._facts()
        self.assertAlmostEqual(facts.receivables, 650.0 + 300.0 + 400.0 + 300.0)
        self.assertAlmostEqual(facts.orders, 700.0 + 250.0)
        self.assertAlmostEqual(facts.exposure, 2600.0)

    def test_credits_beyond_the_invoices_lower_the_exposure(self):
        self._overdue_invoice(30, amount=100.0)
        self._unapplied_payment(250.0)  # more than is open: 100 - 250
        self.assertAlmostEqual(self._facts().receivables, -150.0)

    def _queries(self, work):
        """Queries ``work()`` makes, caches warm (a first call) but records not."""
        work()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        work()
        return self.env.cr.sql_log_count - before

    def test_exposure_queries_do_not_grow_with_invoices_or_orders(self):
        """Facts of many debtors: one query per kind of fact for all of them, plus the
        claim's queries per debtor (debt_recovery reads a claim per debtor)."""
        company = self.env.company
        ranks = self.env["debt.credit.rule"]._debt_stage_ranks(company)
        other = self.env["res.partner"].create({"name": "Other Debtor"})

        def business(times):
            for partner in (self.debtor, other):
                for _i in range(times):
                    self._overdue_invoice(30, amount=100.0, partner=partner)
                    self._overdue_invoice(
                        30, amount=100.0, partner=partner, currency_id=self.eur.id
                    )
                    self._credit_note(10.0, partner=partner)
                    self._unapplied_payment(5.0, partner=partner)
                    self._quotation(100.0, partner=partner).action_confirm()
                    self._quotation(100.0, partner=partner, currency=self.eur).action_confirm()

        def facts(partners):
            return self._queries(lambda: partners._debt_credit_facts(company, self.today, ranks))

        business(1)
        facts(self.debtor | other)  # the first read also fills caches of the whole test
        counts = facts(self.debtor | other), facts(self.debtor)
        business(4)
        self.assertEqual((facts(self.debtor | other), facts(self.debtor)), counts)
        # a debtor more costs its claim's queries only (read per debtor), at most
        self.assertLessEqual(counts[0] - counts[1], 10)

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
