import json
from datetime import timedelta

from odoo.tests import tagged
from odoo.tools import SQL, file_open

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestDashboard(DebtRecoveryCommon):
    """The Collections dashboard reads live data: every pivot and chart it holds
    asks the server for fields that exist, and gets figures back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with file_open("debt_recovery/data/files/collections_dashboard.json") as file:
            cls.spreadsheet = json.load(file)
        invoice = cls._overdue_invoice(45, amount=700.0)
        # Two runs ten days apart: a stay that ended, and the current one.
        cls.env["debt.escalation"]._run(cls.env.company, cls.today - timedelta(days=10))
        cls.env["debt.escalation"]._run(cls.env.company)
        cls._pay(invoice, 200.0)

    def _read_group(self, model, domain, groupby, measures):
        Model = self.env[model]
        for name in [*groupby, *measures]:
            field = name.split(":")[0]
            if field != "__count":
                self.assertIn(field, Model._fields, f"{model} has no field {field}")
        aggregates = [
            m if m == "__count" else f"{m}:{Model._fields[m].aggregator}" for m in measures
        ]
        return Model._read_group(domain, groupby, aggregates)

    def test_pivots_read_live_figures(self):
        results = {}
        for pid, pivot in self.spreadsheet["pivots"].items():
            with self.subTest(pivot=pivot["name"]):
                rows = [row["fieldName"] for row in pivot["rows"]]
                measures = [m["fieldName"] for m in pivot["measures"]]
                results[pid] = self._read_group(pivot["model"], pivot["domain"], rows, measures)
        [(overdue, count)] = results["1"]
        self.assertEqual((overdue, count), (500.0, 1))
        [(recovered,)] = results["3"]
        self.assertEqual(recovered, 200.0)

    def test_charts_read_live_figures(self):
        charts = [
            figure["data"]
            for sheet in self.spreadsheet["sheets"]
            for figure in sheet["figures"]
            if figure["data"]["type"].startswith("odoo_")
        ]
        self.assertEqual(len(charts), 8)
        for chart in charts:
            meta = chart["metaData"]
            with self.subTest(chart=chart["title"]["text"]):
                groups = self._read_group(
                    meta["resModel"],
                    chart["searchParams"]["domain"],
                    meta["groupBy"],
                    [meta["measure"]],
                )
                self.assertTrue(groups, "the demo-like data gives every chart a figure")

    def test_monthly_lines_leave_undefined_months_out(self):
        """A month with no DSO or CEI (no sales, nothing due) is a gap in the
        line, not a 0 that reads as "nothing collected"; the line stops before
        the month in progress (a CEI of its first days is no trend)."""
        lines = [
            figure["data"]
            for sheet in self.spreadsheet["sheets"]
            for figure in sheet["figures"]
            if figure["data"]["type"] == "odoo_line"
        ]
        self.assertEqual({line["metaData"]["measure"] for line in lines}, {"cei", "dso"})
        Report = self.env["debt.kpi.report"]
        Report._refresh()
        for line in lines:
            measure = m = line["metaData"]["measure"]
            with self.subTest(measure=measure):
                rows = Report.search([])
                # The ORM reads an undefined float as 0.0: ask the table.
                undefined = Report.browse(
                    row_id
                    for (row_id,) in self.env.execute_query(
                        SQL("SELECT id FROM debt_kpi_report WHERE %s IS NULL", SQL.identifier(m))
                    )
                )
                self.assertTrue(undefined, "months before any sale have no figure")
                shown = Report.search(line["searchParams"]["domain"])
                self.assertFalse(shown & undefined)
                ended = rows.filtered("month_complete")
                self.assertTrue(rows - ended, "the month in progress is in the report")
                self.assertEqual(shown, ended - undefined)

    def test_scorecards_point_at_data_cells(self):
        data = next(s for s in self.spreadsheet["sheets"] if s["name"] == "Data")
        for sheet in self.spreadsheet["sheets"]:
            for figure in sheet["figures"]:
                if figure["data"]["type"] == "scorecard":
                    cell = figure["data"]["keyValue"].split("!")[1]
                    self.assertIn(cell, data["cells"])

    def test_dashboard_is_published_for_collections_users(self):
        dashboard = self.env.ref("debt_recovery.dashboard_collections")
        self.assertTrue(dashboard.is_published)
        self.assertIn(self.env.ref("debt_recovery.group_debt_user"), dashboard.group_ids)
        self.assertEqual(
            json.loads(dashboard.with_user(self.clerk).spreadsheet_data)["pivots"].keys(),
            self.spreadsheet["pivots"].keys(),
        )
