"""The demo's KPI figures against values worked out by hand.

Runs on the demo database (``tools/test.sh`` builds it with ``tools/demo.sh
--build-only`` and runs this folder against it; the main suite, on a database
without demo data, ignores the folder). The expected figures come from the
demo's invoices, credit notes and payments by plain Python, not from
debt_recovery's code: what is owed at a date is what was invoiced less what
was paid or credited by then; what is not yet due is what invoices due later
still owed, less credit notes not yet applied.
"""

import json
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open


@tagged("post_install", "-at_install")
class TestDemoKpis(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Raises on a database without the demo: this test must not pass there.
        cls.eu = cls.env.ref("debt_recovery.company_eu_demo")
        cls.uk = cls.env.ref("debt_recovery.company_uk_demo")
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.m1 = cls.today.replace(day=1) - timedelta(days=1)  # last month's end
        cls.m0 = cls.m1.replace(day=1)
        cls.env["debt.kpi.report"]._refresh()

    # === By hand === #

    def _documents(self, company):
        """(date, due date, amount, settled by date) of every posted customer
        invoice and credit note, amounts in company currency, signed."""
        moves = self.env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ]
        )
        documents = []
        for move in moves:
            line = move.line_ids.filtered(lambda x: x.account_id.account_type == "asset_receivable")
            self.assertEqual(len(line), 1, "demo invoices have a single due date")
            partials = line.matched_credit_ids | line.matched_debit_ids
            settled = [(p.max_date, p.amount) for p in partials]
            documents.append((move.date, move.invoice_date_due, move.amount_total_signed, settled))
        return documents

    def _payments(self, company):
        """(date, amount received) of every posted customer payment and
        bad-debt write-off."""
        payments = self.env["account.payment"].search(
            [
                ("company_id", "=", company.id),
                ("partner_type", "=", "customer"),
                ("state", "in", ("in_process", "paid")),
            ]
        )
        self.assertFalse(payments.filtered(lambda p: not p.move_id), "payments are posted")
        received = [(p.date, p.amount_company_currency_signed) for p in payments]
        # A bad-debt write-off settles its invoice as a payment would (Nadir's).
        written_off = self.env["account.move"].search(
            [("company_id", "=", company.id), ("debt_write_off_id", "!=", False)]
        )
        for entry in written_off.debt_write_off_id:
            receivable = entry.line_ids.filtered(
                lambda x: x.account_id.account_type == "asset_receivable"
            )
            received.append((entry.date, -sum(receivable.mapped("balance"))))
        return received

    def _by_hand(self, company):
        documents, payments = self._documents(company), self._payments(company)

        def owed(day):
            invoiced = sum(amount for date, _due, amount, _s in documents if date <= day)
            return invoiced - sum(amount for date, amount in payments if date <= day)

        begin, end = owed(self.m0 - timedelta(days=1)), owed(self.m1)
        sales = sum(amount for date, _due, amount, _s in documents if self.m0 <= date <= self.m1)
        current = 0.0
        for date, due, amount, settled in documents:
            if date <= self.m1 < due:
                done = sum(part for day, part in settled if day <= self.m1)
                current += amount - done if amount > 0 else amount + done
        days = (self.m1 - self.m0).days + 1
        return {
            "begin": begin,
            "sales": sales,
            "end": end,
            "current": current,
            "overdue": end - current,
            "dso": end / sales * days if sales > 0 else None,
            "cei": (
                (begin + sales - end) / (begin + sales - current) * 100
                if begin + sales - current > 0
                else None
            ),
            "balance_today": owed(self.today),
        }

    # === The report === #

    def _reported(self, company, month):
        Report = self.env["debt.kpi.report"]
        [row] = Report._read_group(
            [("company_id", "=", company.id), ("month", "=", month)],
            [],
            [f"{name}:sum" for name in ("ar_begin", "sales", "ar_end", "ar_current", "ar_overdue")]
            + ["dso:sum", "cei:sum"],
        )
        names = ("begin", "sales", "end", "current", "overdue", "dso", "cei")
        return dict(zip(names, row, strict=True))

    def test_receivable_figures_of_last_month(self):
        for company in (self.eu, self.uk):
            with self.subTest(company=company.name):
                expected, reported = self._by_hand(company), self._reported(company, self.m0)
                receivable = sum(
                    self.env["account.move.line"]
                    .search(
                        [
                            ("company_id", "=", company.id),
                            ("parent_state", "=", "posted"),
                            ("account_id.account_type", "=", "asset_receivable"),
                        ]
                    )
                    .mapped("balance")
                )
                # Invoices, credit notes and payments are all the demo's receivables.
                self.assertAlmostEqual(expected["balance_today"], receivable, places=2)
                for name in ("begin", "sales", "end", "current", "overdue"):
                    self.assertAlmostEqual(reported[name], expected[name], places=2, msg=name)
                self.assertAlmostEqual(reported["dso"], expected["dso"], places=4)
                self.assertAlmostEqual(reported["cei"], expected["cei"], places=4)

    def test_the_demo_reads_like_a_business(self):
        """Last month's figures stay in a believable range whatever the day.

        The demo is dated from the day it is built, so its documents move
        through last month as the days pass. Computed for every day of a month,
        the euro company's CEI ran from 65 to 79 % and its DSO from 37 to 50
        days. The pound company is small: a few payments go in and out of
        last month, and its CEI ran from 33 to 80 % (44 % on 3 December,
        when a band of 50-95 failed)."""
        figures = self._by_hand(self.eu)
        self.assertTrue(60 <= figures["cei"] <= 90, figures)
        self.assertTrue(35 <= figures["dso"] <= 70, figures)
        self.assertGreater(figures["overdue"], 0)
        uk = self._by_hand(self.uk)
        self.assertTrue(25 <= uk["cei"] <= 95, uk)

    def test_undefined_figures_are_empty(self):
        """A month without sales (before the demo's history) has no DSO and no
        CEI: empty, never 0."""
        quiet = self.m0 - relativedelta(months=20)
        rows = self.env["debt.kpi.report"].search(
            [("company_id", "=", self.uk.id), ("month", "=", quiet)]
        )
        self.assertTrue(rows)
        self.assertFalse(any(rows.mapped("dso_defined")))
        self.assertFalse(any(rows.mapped("cei_defined")))
        self.env.cr.execute(
            "SELECT COUNT(*) FROM debt_kpi_report WHERE id IN %s AND (dso IS NOT NULL"
            " OR cei IS NOT NULL)",
            [tuple(rows.ids)],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_kept_rate(self):
        """Promises decided in the last 12 months, kept in full over all decided."""
        collector = self.env.ref("debt_recovery.user_collector_demo")
        since = self.today - relativedelta(months=12)
        promises = self.env["debt.promise"].search(
            [("user_id", "=", collector.id), ("promised_date", ">=", since)]
        )
        states = promises.mapped("state")
        decided = sum(states.count(s) for s in ("kept", "partial", "broken"))
        self.assertGreater(decided, 3)
        expected = round(states.count("kept") / decided * 100)
        self.assertTrue(50 <= expected <= 90, expected)
        rates = self.env["debt.promise"]._kept_rates("user_id", collector.ids)
        self.assertEqual(rates[collector.id], expected)
        # A debtor who never promised anything has no kept rate, not 0.
        schneider = self.env.ref("debt_recovery.partner_schneider_demo").with_company(self.eu)
        self.assertFalse(schneider.debt_promise_kept_known)

    def test_top_debtors_leave_out_excluded_and_written_off(self):
        with file_open("debt_recovery/data/files/collections_dashboard.json") as file:
            pivot = json.load(file)["pivots"]["5"]
        Report = self.env["debt.overdue.report"].with_company(self.eu)
        domain = pivot["domain"] + [("company_id", "=", self.eu.id)]
        rows = Report._read_group(domain, ["partner_id"], ["move_id:recordset"])
        debtors = {partner for partner, _moves in rows}
        self.assertNotIn(self.env.ref("debt_recovery.partner_estates_demo"), debtors)
        self.assertIn(self.env.ref("debt_recovery.partner_grimstone_demo"), debtors)
        moves = Report.env["account.move"].union(*(moves for _p, moves in rows))
        self.assertNotIn(self.env.ref("debt_recovery.inv_nadir_1_demo"), moves)
