from odoo.tests import tagged

from odoo.addons.debt_recovery.core.aging import aging_bucket

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestOverdueReport(DebtRecoveryCommon):
    """The reporting view's figures against hand-computed ones."""

    def test_buckets_and_amounts(self):
        self.debtor.debt_collector_id = self.clerk
        days_and_amounts = [
            (-5, 100.0),
            (10, 200.0),
            (30, 300.0),
            (31, 400.0),
            (95, 500.0),
            (200, 600.0),
        ]
        moves = [self._overdue_invoice(days, amount=amount) for days, amount in days_and_amounts]
        self._pay(moves[2], 50.0)
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        foreign = self._overdue_invoice(45, amount=1000.0, currency_id=eur.id)
        self.env["debt.escalation"]._run(self.env.company)
        Report = self.env["debt.overdue.report"]
        domain = [("partner_id", "=", self.debtor.id)]
        by_bucket = dict(Report._read_group(domain, ["aging"], ["amount_open:sum"]))
        self.assertEqual(
            by_bucket,
            {
                "b0_not_due": 100.0,
                "b1_1_30": 200.0 + 250.0,
                "b2_31_60": 400.0 + 500.0,
                "b4_91_120": 500.0,
                "b5_over_120": 600.0,
            },
        )
        rows = Report.search(domain)
        self.assertEqual(len(rows), 7)
        row = rows.filtered(lambda r: r.move_id == foreign)
        self.assertEqual(
            (row.days_overdue, row.aging, row.amount_open), (45, aging_bucket(45), 500.0)
        )
        self.assertEqual(row.stage_id, foreign.debt_stage_id)
        self.assertEqual(set(rows.collector_id), {self.clerk})
        # Paid invoices leave the report.
        self._pay(moves[1], 200.0)
        self.assertEqual(Report.search_count(domain), 6)
