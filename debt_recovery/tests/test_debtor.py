from odoo.tests import tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestDebtor(DebtRecoveryCommon):
    """The debtor's figures come from Odoo's residuals, in company currency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ann Payable", "parent_id": cls.debtor.id, "type": "invoice"}
        )
        cls.old = cls._overdue_invoice(45, amount=1000.0)
        cls.recent = cls._overdue_invoice(5, amount=250.0, partner=cls.contact)
        cls.not_due = cls._overdue_invoice(-10, amount=999.0)
        cls.other_debtor = cls.env["res.partner"].create({"name": "Prompt Inc", "is_company": True})
        cls._overdue_invoice(-1, amount=10.0, partner=cls.other_debtor)

    def test_figures(self):
        self._pay(self.old, 400.0)
        for partner in (self.debtor, self.contact):
            with self.subTest(partner=partner.name):
                self.assertAlmostEqual(partner.debt_overdue_amount, 850.0)
                self.assertEqual(partner.debt_oldest_overdue_days, 45)
                self.assertTrue(partner.debt_has_overdue)
        self.assertEqual(self.other_debtor.debt_overdue_amount, 0.0)
        self.assertFalse(self.other_debtor.debt_has_overdue)

    def test_foreign_currency_in_company_currency(self):
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        self.assertNotEqual(eur, self.env.company.currency_id)
        partner = self.env["res.partner"].create({"name": "Euro Debtor", "is_company": True})
        self._overdue_invoice(12, amount=300.0, partner=partner, currency_id=eur.id)
        self.assertAlmostEqual(partner.debt_overdue_amount, 150.0)

    def test_search_has_overdue(self):
        Partner = self.env["res.partner"]
        with_overdue = Partner.search([("debt_has_overdue", "=", True)])
        self.assertIn(self.debtor, with_overdue)
        self.assertIn(self.contact, with_overdue)
        self.assertNotIn(self.other_debtor, with_overdue)
        without = Partner.search([("debt_has_overdue", "=", False)])
        self.assertIn(self.other_debtor, without)
        self.assertNotIn(self.debtor, without)

    def test_worst_stage(self):
        stages = self.env["debt.stage"].search([("company_id", "=", self.env.company.id)])
        reminder = stages.filtered(lambda s: s.code == "REM1")
        demand = stages.filtered(lambda s: s.code == "DEMAND")
        self.recent.debt_stage_id = reminder
        self.old.debt_stage_id = demand
        self.assertEqual(self.debtor.debt_stage_id, demand)  # one field for the fact

    def test_counts(self):
        self.env["debt.dispute"].create({"move_id": self.recent.id, "amount": 10.0})
        self.env["debt.contact"].create(
            {"partner_id": self.contact.id, "channel": "phone", "summary": "Called Ann"}
        )
        self.assertEqual(self.debtor.debt_dispute_count, 1)
        self.assertEqual(self.debtor.debt_contact_count, 1)
        self.assertEqual(self.contact.debt_contact_count, 1)
        self.assertEqual(self.debtor.debt_promise_count, 0)

    def test_collections_tab_lists_the_invoices(self):
        """Collection users open a debtor on its Collections tab, which lists the
        open invoices, the held ones marked, and what is claimed and held."""
        views = self.env["res.partner"].with_user(self.clerk).get_views([(False, "form")])
        arch = views["views"]["form"]["arch"]
        self.assertRegex(arch, r'<page name="debt_collections"[^>]*autofocus="autofocus"')
        self.env["debt.dispute"].create({"move_id": self.old.id, "amount": 1000.0})
        self.company.debt_dispute_hold = "invoice"
        debtor = self.debtor.with_user(self.clerk)
        self.assertEqual(debtor.debt_open_invoice_ids, self.old | self.recent | self.not_due)
        self.assertEqual(self.old.debt_hold_reason, "dispute")
        self.assertFalse(self.recent.debt_hold_reason)
        self.assertEqual(debtor.debt_claim_summary, "$\xa01,249.00 claimed, $\xa01,000.00 held")
        self.assertEqual(self.other_debtor.debt_claim_summary, "$\xa010.00 claimed")
