from datetime import timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo.sql_db import Cursor
from odoo.tests import tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestKpiReports(DebtRecoveryCommon):
    """DSO, CEI, funnel and amounts recovered on a small dataset worked by hand.

    Months are relative to today: M2 is two months ago, M1 last month.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.m0 = cls.today.replace(day=1)
        cls.m1 = cls.m0 - relativedelta(months=1)
        cls.m2 = cls.m0 - relativedelta(months=2)
        cls.debtor.debt_collector_id = cls.clerk
        cls.other = cls.env["res.partner"].create({"name": "No Collector Ltd", "is_company": True})

    def _invoice(self, invoice_date, due, amount, partner=None, move_type="out_invoice"):
        return self._create_invoice_one_line(
            move_type=move_type,
            price_unit=amount,
            tax_ids=[],
            partner_id=partner or self.debtor,
            invoice_date=invoice_date,
            invoice_date_due=due if move_type == "out_invoice" else None,
            invoice_payment_term_id=False,
            post=True,
        )

    def _dataset(self):
        """M2: A 1,000 invoiced, due in M2. M1: 400 paid on A; B 600 invoiced, due in
        M0 (not due at the end of M1); credit note 100, due in M0 and not applied (not
        due either: it lowers what is not yet due); other debtor D 300 invoiced and
        paid in M1."""
        a = self._invoice(self.m2 + timedelta(days=4), self.m2 + timedelta(days=20), 1000.0)
        self._pay(a, 400.0, self.m1 + timedelta(days=9))
        b = self._invoice(self.m1 + timedelta(days=14), self.m0 + timedelta(days=14), 600.0)
        self._invoice(self.m1 + timedelta(days=19), None, 100.0, move_type="out_refund")
        d = self._invoice(
            self.m1 + timedelta(days=2), self.m1 + timedelta(days=12), 300.0, partner=self.other
        )
        self._pay(d, 300.0, self.m1 + timedelta(days=5))
        self.env["debt.kpi.report"]._refresh()  # the daily run's snapshot
        return a, b, d

    def _kpis(self, domain, groupby):
        Report = self.env["debt.kpi.report"]
        return Report._read_group(
            [("company_id", "=", self.env.company.id), *domain],
            groupby,
            [
                "ar_begin:sum",
                "sales:sum",
                "collected:sum",
                "ar_end:sum",
                "ar_current:sum",
                "dso:sum",
                "cei:sum",
            ],
        )

    def test_the_snapshot_is_not_jit_compiled(self):
        """Compiling the snapshot took longer than running it: JIT is off for
        it, and as it was afterwards."""
        self.env.cr.execute("SET LOCAL jit = on")
        during = []
        origin = Cursor.execute

        def execute(cr, query, params=None, log_exceptions=True):
            if "INSERT INTO debt_kpi_report" in str(getattr(query, "code", query)):
                origin(cr, "SELECT current_setting('jit')")
                during.append(cr.fetchone()[0])
            return origin(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", execute):
            self.env["debt.kpi.report"]._refresh()
        self.assertEqual(during, ["off"])
        self.env.cr.execute("SELECT current_setting('jit')")
        self.assertEqual(self.env.cr.fetchone()[0], "on")

    def test_collector_month_rows(self):
        self._dataset()
        rows = {
            (row.month, row.collector_id): row
            for row in self.env["debt.kpi.report"].search(
                [("company_id", "=", self.env.company.id), ("month", ">=", self.m2)]
            )
        }
        m2 = rows[self.m2, self.clerk]
        self.assertEqual(
            (m2.ar_begin, m2.sales, m2.collected, m2.ar_end, m2.ar_current),
            (0.0, 1000.0, 0.0, 1000.0, 0.0),
        )
        self.assertAlmostEqual(m2.cei, 0.0)  # nothing of the 1,000 collectible was paid
        days_m2 = (self.m1 - self.m2).days
        self.assertAlmostEqual(m2.dso, 1000 / 1000 * days_m2)
        m1 = rows[self.m1, self.clerk]
        # begin 1,000; sales 600 - 100 = 500; collected 400; end 1,100 of which
        # 600 - 100 = 500 not due
        self.assertEqual(
            (m1.ar_begin, m1.sales, m1.collected, m1.ar_end, m1.ar_current),
            (1000.0, 500.0, 400.0, 1100.0, 500.0),
        )
        self.assertAlmostEqual(m1.cei, 400 / 1000 * 100, places=4)
        days_m1 = (self.m0 - self.m1).days
        self.assertAlmostEqual(m1.dso, 1100 / 500 * days_m1, places=4)
        no_collector = rows[self.m1, self.env["res.users"]]
        self.assertEqual((no_collector.sales, no_collector.collected), (300.0, 300.0))
        self.assertAlmostEqual(no_collector.cei, 100.0)

    def test_grouped_ratios_come_from_sums(self):
        """Over the whole company, CEI of M1 is (1,000 + 800 - 1,100) / (1,000 + 800 -
        500) = 53.85 %, not the average of 40 % and 100 %."""
        self._dataset()
        by_month = {
            month: values
            for month, *values in self._kpis([("month", ">=", self.m2)], ["month:month"])
        }
        begin, sales, collected, end, current, dso, cei = by_month[self.m1]
        self.assertEqual((begin, sales, collected, end, current), (1000, 800, 700, 1100, 500))
        self.assertAlmostEqual(cei, 700 / 1300 * 100, places=4)
        self.assertAlmostEqual(dso, 1100 / 800 * (self.m0 - self.m1).days, places=4)
        # Two months together: average receivables over the months, over their sales.
        [(*_figures, dso_2m, _cei)] = self._kpis(
            [("month", ">=", self.m2), ("month", "<", self.m0)], []
        )
        self.assertAlmostEqual(dso_2m, (1000 + 1100) / 2 / 1800 * (self.m0 - self.m2).days, 4)

    def test_stage_funnel_and_time_in_stage(self):
        # A first-time defaulter's ladder runs 7 days slower: the first reminder from
        # day 8, the second from day 22. 19 days late five days ago, 24 today.
        invoice = self._overdue_invoice(24)
        self.env["debt.escalation"]._run(self.env.company, self.today - timedelta(days=5))
        self.env["debt.escalation"]._run(self.env.company, self.today)
        stays = self.env["debt.stage.report"].search([("move_id", "=", invoice.id)])
        self.assertEqual(invoice.commercial_partner_id.debt_segment, "first_time")
        self.assertEqual(len(stays), 2)
        ended = stays.filtered(lambda s: not s.current)
        self.assertEqual((ended.stage_id.code, ended.days), ("REM1", 5.0))
        current = stays.filtered("current")
        self.assertEqual((current.stage_id.code, current.days), ("REM2", 0.0))
        funnel = dict(
            self.env["debt.stage.report"]._read_group(
                [("move_id", "=", invoice.id)], ["stage_id"], ["invoices:sum"]
            )
        )
        self.assertEqual({s.code: n for s, n in funnel.items()}, {"REM1": 1, "REM2": 1})
        # Back to the first reminder by hand: a second stay there, still one invoice.
        first = self.env["debt.stage"].search(
            [("company_id", "=", self.env.company.id), ("code", "=", "REM1")]
        )
        self.env["debt.item"]._set_stage(invoice, first, "manual")
        [(stays_in_first, invoices_in_first)] = self.env["debt.stage.report"]._read_group(
            [("move_id", "=", invoice.id), ("stage_id", "=", first.id)],
            [],
            ["__count", "invoices:sum"],
        )
        self.assertEqual((stays_in_first, invoices_in_first), (2, 1))

    def test_amount_recovered_by_stage_and_channel(self):
        invoice = self._overdue_invoice(40, amount=900.0)
        self.env["debt.escalation"]._run(self.env.company)
        self.assertEqual(invoice.debt_stage_id.code, "DEMAND")
        self.env["debt.contact"].create(
            {
                "partner_id": self.debtor.id,
                "channel": "phone",
                "outcome": "answered",
                "summary": "Called the debtor",
                "date": self.today - timedelta(days=2),
            }
        )
        self._pay(invoice, 250.0)
        [row] = self.env["debt.recovery.report"].search([("move_id", "=", invoice.id)])
        self.assertEqual(
            (row.amount, row.stage_id.code, row.channel, row.collector_id, row.agency_id),
            (250.0, "DEMAND", "phone", self.clerk, self.env["debt.agency"]),
        )

    def test_undefined_ratios_show_empty(self):
        """Issue 16: an undefined DSO showed as 0.0 in the list."""
        self._dataset()
        rows = self.env["debt.kpi.report"].search(
            [("company_id", "=", self.env.company.id), ("collector_id", "=", self.clerk.id)]
        )
        by_month = {row.month: row for row in rows}
        self.assertTrue(by_month[self.m2].dso_defined)
        self.assertFalse(by_month[self.m0].dso_defined)  # no sales this month
        self.assertTrue(by_month[self.m2].cei_defined)
        view = self.env.ref("debt_recovery.view_debt_kpi_report_list")
        arch = self.env["debt.kpi.report"].get_view(view.id, "list")["arch"]
        self.assertIn('invisible="not dso_defined"', arch)
