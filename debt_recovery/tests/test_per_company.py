from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestDebtorPerCompany(DebtRecoveryCommon):
    """A customer of two companies: each company's stage, priority, segment,
    collector and worklist row come from its own invoices only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.setup_other_company(name="Second Creditor")["company"]
        cls.env.user.company_ids |= cls.company_b
        cls.manager.company_ids |= cls.company_b
        # A: one invoice 70 days late. B: two small ones, 5 days late.
        cls.invoice_a = cls._overdue_invoice(70, amount=9000.0)
        cls.invoices_b = cls.env["account.move"]
        for amount in (100.0, 50.0):
            cls.invoices_b |= cls._overdue_invoice_in(cls.company_b, 5, amount)
        cls.env["debt.escalation"]._run(cls.company_a | cls.company_b)
        # Formal letters charge interest and say where to pay: a reference rate
        # after the shipped ones, and a bank account per creditor.
        cls._reference_rates("ecb", 2.15)
        for number, company in (
            ("DE89370400440532013000", cls.company_a),
            ("FR1420041010050500013M02606", cls.company_b),
        ):
            cls.env["res.partner.bank"].create(
                {"partner_id": company.partner_id.id, "acc_number": number}
            )

    @classmethod
    def _overdue_invoice_in(cls, company, days_overdue, amount):
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        journal = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
        )
        move = (
            env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": cls.debtor.id,
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "invoice_date": cls.today - timedelta(days=days_overdue),
                    "invoice_date_due": cls.today - timedelta(days=days_overdue),
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create({"name": "Service", "quantity": 1, "price_unit": amount})
                    ],
                }
            )
        )
        move.invoice_date_due = cls.today - timedelta(days=days_overdue)
        move.action_post()
        return move

    def _in(self, company):
        return self.debtor.with_company(company)

    def test_each_company_sees_its_own_facts(self):
        a, b = self._in(self.company_a), self._in(self.company_b)
        self.assertEqual(a.debt_stage_id, self.invoice_a.debt_stage_id)
        self.assertEqual(a.debt_stage_id.company_id, self.company_a)
        self.assertEqual(b.debt_stage_id, self.invoices_b.debt_stage_id)
        self.assertEqual(b.debt_stage_id.company_id, self.company_b)
        self.assertNotEqual(a.debt_stage_id.code, b.debt_stage_id.code)  # 70 vs 5 days late
        self.assertGreater(a.debt_priority, b.debt_priority)  # 9,000 and older vs 150
        self.assertTrue(a.debt_segment and b.debt_segment)
        self.assertIn("70", a.debt_segment_explanation)
        self.assertNotIn("70", b.debt_segment_explanation)
        self.assertEqual(a.debt_segment_data["figures"]["open_overdue"], 1)
        self.assertEqual(b.debt_segment_data["figures"]["open_overdue"], 2)

    def test_worklist_rows_per_company(self):
        worklist = [("debt_priority", ">", 0), ("id", "=", self.debtor.id)]
        Partner = self.env["res.partner"]
        self.assertTrue(Partner.with_company(self.company_a).search(worklist))
        for move in self.invoices_b:
            self._pay_in(move)
        self.env["res.partner"]._debt_refresh_worklist(self.debtor)
        self.assertFalse(Partner.with_company(self.company_b).search(worklist))
        self.assertTrue(Partner.with_company(self.company_a).search(worklist))
        self.assertFalse(self._in(self.company_b).debt_stage_id)
        self.assertTrue(self._in(self.company_a).debt_stage_id)

    def _pay_in(self, move):
        (
            self.env["account.payment.register"]
            .with_company(move.company_id)
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"payment_date": self.today})
            ._create_payments()
        )

    def test_collector_per_company(self):
        self._in(self.company_a).debt_collector_id = self.clerk
        self.assertEqual(self._in(self.company_a).debt_collector_id, self.clerk)
        self.assertFalse(self._in(self.company_b).debt_collector_id)
        report = self.env["debt.overdue.report"].sudo()
        rows = report.search([("partner_id", "=", self.debtor.id)])
        by_company = {row.company_id: row.collector_id for row in rows}
        self.assertEqual(by_company[self.company_a], self.clerk)
        self.assertFalse(by_company[self.company_b])

    def test_every_reader_stays_in_its_company(self):
        """Letters, statement, reminder data, claim, overdue and KPI reports,
        contact log: company B's invoices never show in company A's, and back."""
        today = self.today
        # By id: each company numbers its invoices, so names repeat across them.
        for company, mine in (
            (self.company_a, set(self.invoice_a.ids)),
            (self.company_b, set(self.invoices_b.ids)),
        ):
            debtor = self.debtor.with_company(company)
            with self.subTest(company=company.name):
                claims = debtor._debt_claim(company, today)
                claimed = {line.move_id for claim in claims.values() for line in claim.lines}
                self.assertEqual(claimed, mine)
                letters = (
                    self.env["report.debt_recovery.report_debt_demand_letter"]
                    .with_company(company)
                    ._letters(debtor, today, "demand")
                )
                lettered = {line["move"].id for letter in letters for line in letter["lines"]}
                self.assertEqual(lettered, mine)
                statement = (
                    self.env["report.debt_recovery.report_debt_statement"]
                    .with_company(company)
                    ._statement(debtor, today)
                )
                self.assertEqual({line["move"].id for line in statement["lines"]}, mine)
                data = debtor.with_context(allowed_company_ids=company.ids)._debt_reminder_data()
                self.assertEqual({line["move"].id for line in data["lines"]}, mine)
                overdue = (
                    self.env["debt.overdue.report"]
                    .with_company(company)
                    .with_context(allowed_company_ids=company.ids)
                    .search([("partner_id", "=", self.debtor.id)])
                )
                self.assertEqual(set(overdue.move_id.ids), mine)
                kpis = (
                    self.env["debt.kpi.report"]
                    .with_context(allowed_company_ids=company.ids)
                    .search([])
                )
                self.assertEqual(set(kpis.company_id.ids) - {company.id}, set())
