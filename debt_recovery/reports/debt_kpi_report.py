from datetime import timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.orm.models import parse_read_group_spec
from odoo.tools import SQL

from ..core.kpis import CEI_SQL, DSO_SQL, Period, cei, dso
from ..models.bulk_sql import without_jit

# Months the report looks back over, the current one included.
KPI_MONTHS = 24


class DebtKpiReport(models.Model):
    """Receivables per month, company and collector: what DSO and CEI come from.

    Read off the receivable accounts' journal items, so every payment, credit
    note and write-off counts on its own date: receivables at the end of a
    month are the running balance of those items; credit sales are the items
    of sales journals (customer invoices and credit notes); the part not yet
    due at the month's end is what items due later were still open for on that
    day: invoices less what settled them, less credit notes not yet applied.
    The formulas are ``core.kpis``'s; grouped over collectors or companies,
    DSO and CEI are recomputed from the summed figures, never averaged.

    Reading every receivable item of two years takes longer than a dashboard
    may wait, so the rows are a snapshot that the daily run (and *Run
    collection now*) writes in one statement: ``_refresh()``.
    """

    _name = "debt.kpi.report"
    _description = "Collection KPIs by Month"
    _log_access = False  # written in bulk by _refresh()
    _order = "month desc, company_id, collector_id"
    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    collector_id = fields.Many2one("res.users", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    last_month = fields.Boolean(
        string="Last month",
        compute="_compute_last_month",
        search="_search_last_month",
        help="The last complete month (the dashboard's figures).",
    )
    month_complete = fields.Boolean(
        string="Month ended",
        compute="_compute_last_month",
        search="_search_month_complete",
        help="A month in progress has no DSO or CEI to compare yet: the lines stop before it.",
    )
    days = fields.Integer(string="Days in month", readonly=True, aggregator="max")
    ar_begin = fields.Monetary(string="Receivables at start", readonly=True)
    sales = fields.Monetary(string="Credit sales", readonly=True)
    collected = fields.Monetary(
        readonly=True, help="Payments, credit notes and write-offs in the month."
    )
    ar_end = fields.Monetary(string="Receivables at end", readonly=True)
    ar_current = fields.Monetary(string="Not yet due at end", readonly=True)
    ar_overdue = fields.Monetary(string="Overdue at end", readonly=True)
    dso = fields.Float(
        string="DSO (days)",
        readonly=True,
        digits=(16, 1),
        help="Days sales outstanding, standard method: receivables at the end of the "
        "month over the month's credit sales, times its days; empty when credit notes "
        "outweigh sales.",
    )
    cei = fields.Float(
        string="CEI (%)",
        readonly=True,
        digits=(16, 1),
        help="Collection effectiveness index: (start + sales - end) / (start + sales - not "
        "yet due at end), in %.",
    )

    dso_defined = fields.Boolean(compute="_compute_defined", search="_search_dso_defined")
    cei_defined = fields.Boolean(compute="_compute_defined", search="_search_cei_defined")

    @api.depends("days", "sales", "ar_begin", "ar_end", "ar_current")
    def _compute_defined(self):
        """An undefined DSO or CEI (core.kpis returns None) shows empty, not 0."""
        for row in self:
            figures = Period(
                days=row.days,
                begin=Decimal(str(row.ar_begin)),
                sales=Decimal(str(row.sales)),
                end=Decimal(str(row.ar_end)),
                current=Decimal(str(row.ar_current)),
            )
            row.dso_defined = dso(figures.end, figures.sales, row.days) is not None
            row.cei_defined = cei(figures) is not None

    def _search_dso_defined(self, operator, value):
        return self._search_figure_defined("dso", operator, value)

    def _search_cei_defined(self, operator, value):
        return self._search_figure_defined("cei", operator, value)

    def _search_figure_defined(self, fname, operator, value):
        """The rows whose figure the refresh stored (it stores NULL where
        ``core.kpis`` says undefined): a chart leaves those months out. Not a
        comparison on the figure itself: the ORM reads NULL as 0."""
        if operator not in ("in", "not in"):
            return NotImplemented
        defined = (True in value) == (operator == "in")
        return Domain.custom(
            to_sql=lambda model, alias, query: SQL(
                "%s IS NOT NULL" if defined else "%s IS NULL",
                model._field_to_sql(alias, fname, query),
            )
        )

    @api.model
    def _last_month_start(self):
        today = fields.Date.context_today(self)
        return (today.replace(day=1) - timedelta(days=1)).replace(day=1)

    def _compute_last_month(self):
        start = self._last_month_start()
        for row in self:
            row.last_month = row.month == start
            row.month_complete = row.month <= start

    def _search_last_month(self, operator, value):
        return self._search_month_flag("=", operator, value)

    def _search_month_complete(self, operator, value):
        return self._search_month_flag("<=", operator, value)

    def _search_month_flag(self, comparison, operator, value):
        """``month <comparison> last month's start`` as the boolean's search."""
        if operator != "in":
            return NotImplemented
        if True in value and False in value:
            return Domain.TRUE
        domain = Domain("month", comparison, self._last_month_start())
        return domain if True in value else ~domain

    @api.model
    def _refresh(self):
        """Rewrite every row from the journal items, in one statement."""
        self.env.flush_all()
        self.env.cr.execute(SQL("DELETE FROM debt_kpi_report"))
        with without_jit(self.env.cr):
            self.env.cr.execute(
                SQL(
                    """
INSERT INTO debt_kpi_report (month, company_id, collector_id, currency_id, days, ar_begin,
                             sales, collected, ar_end, ar_current, ar_overdue, dso, cei)
SELECT month, company_id, collector_id, currency_id, days, ar_begin,
       sales, collected, ar_end, ar_current, ar_overdue, dso, cei
  FROM (%s) figures
                    """,
                    self._figures_query(),
                )
            )
        self.invalidate_model()

    @api.model
    def _figures_query(self):
        return SQL(
            """
WITH window_start AS (
    SELECT (date_trunc('month', CURRENT_DATE) - %(back)s * interval '1 month')::date AS month
),
collectors AS (
    -- the collector is company-dependent: one value per company in a jsonb
    SELECT p.id AS partner_id, cp.debt_collector_id AS collector_ids
      FROM res_partner p
      JOIN res_partner cp ON cp.id = p.commercial_partner_id
),
items AS (
    -- Receivable items; those of sales journals are invoices and credit notes.
    SELECT l.id, l.company_id,
           COALESCE((c.collector_ids ->> l.company_id::text)::int, 0) AS collector_key,
           l.date, l.date_maturity, l.balance, j.type = 'sale' AS is_sale
      FROM account_move_line l
      JOIN account_account a ON a.id = l.account_id AND a.account_type = 'asset_receivable'
      JOIN account_journal j ON j.id = l.journal_id
      LEFT JOIN collectors c ON c.partner_id = l.partner_id
     WHERE l.parent_state = 'posted'
),
monthly AS (
    SELECT company_id, collector_key, date_trunc('month', date)::date AS month,
           SUM(balance) FILTER (WHERE is_sale) AS sales,
           -SUM(balance) FILTER (WHERE NOT is_sale) AS collected,
           SUM(balance) AS change
      FROM items
     GROUP BY 1, 2, 3
),
before_window AS (
    SELECT company_id, collector_key, SUM(change) AS balance
      FROM monthly, window_start w
     WHERE monthly.month < w.month
     GROUP BY 1, 2
),
grid AS (
    SELECT k.company_id, k.collector_key, g.month::date AS month
      FROM (SELECT DISTINCT company_id, collector_key FROM monthly) k,
           window_start w,
           generate_series(w.month, date_trunc('month', CURRENT_DATE), interval '1 month') g(month)
),
not_due AS (
    -- What each item due after a month's end was still open for on that day:
    -- invoices less what settled them, and credit notes not yet applied
    -- (negative); a payment falls due on its own date, so it never counts.
    SELECT l.company_id, l.collector_key, g.month::date AS month,
           SUM(l.balance - SIGN(l.balance) * COALESCE(settled.amount, 0)) AS amount
      FROM items l
      CROSS JOIN window_start w
      CROSS JOIN LATERAL generate_series(
           GREATEST(date_trunc('month', l.date), w.month),
           date_trunc('month', l.date_maturity) - interval '1 month',
           interval '1 month') g(month)
      LEFT JOIN LATERAL (
           SELECT SUM(apr.amount) AS amount
             FROM account_partial_reconcile apr
            WHERE (apr.debit_move_id = l.id OR apr.credit_move_id = l.id)
              AND apr.max_date < g.month + interval '1 month'
      ) settled ON TRUE
     WHERE l.date_maturity > l.date
     GROUP BY 1, 2, 3
),
running AS (
    SELECT g.company_id, g.collector_key, g.month,
           COALESCE(mo.sales, 0) AS sales,
           COALESCE(mo.collected, 0) AS collected,
           COALESCE(b.balance, 0)
             + SUM(COALESCE(mo.change, 0)) OVER (
                   PARTITION BY g.company_id, g.collector_key ORDER BY g.month) AS ar_end,
           COALESCE(mo.change, 0) AS change,
           COALESCE(nd.amount, 0) AS ar_current
      FROM grid g
      LEFT JOIN monthly mo USING (company_id, collector_key, month)
      LEFT JOIN before_window b USING (company_id, collector_key)
      LEFT JOIN not_due nd USING (company_id, collector_key, month)
)
SELECT r.month, r.company_id, NULLIF(r.collector_key, 0) AS collector_id,
       c.currency_id,
       ((r.month + interval '1 month')::date - r.month) AS days,
       r.ar_end - r.change AS ar_begin,
       r.sales, r.collected, r.ar_end, r.ar_current,
       r.ar_end - r.ar_current AS ar_overdue,
       %(dso)s AS dso,
       %(cei)s AS cei
  FROM running r
  JOIN res_company c ON c.id = r.company_id
            """,
            back=KPI_MONTHS - 1,
            dso=SQL(
                DSO_SQL,
                receivables=SQL("r.ar_end"),
                sales=SQL("r.sales"),
                days=SQL("((r.month + interval '1 month')::date - r.month)"),
            ),
            cei=SQL(
                CEI_SQL,
                begin=SQL("(r.ar_end - r.change)"),
                sales=SQL("r.sales"),
                end=SQL("r.ar_end"),
                current=SQL("r.ar_current"),
            ),
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """DSO and CEI of a group come from its summed figures, not from the
        rows' ratios: a sum or an average of ratios would be wrong."""
        fname, _property, _func = parse_read_group_spec(aggregate_spec)
        if fname not in ("dso", "cei"):
            return super()._read_group_select(aggregate_spec, query)

        def total(name):
            return SQL("SUM(%s)", self._field_to_sql(self._table, name, query))

        if fname == "cei":
            return SQL(
                CEI_SQL,
                begin=total("ar_begin"),
                sales=total("sales"),
                end=total("ar_end"),
                current=total("ar_current"),
            )
        # Average receivables over the months of the group, over its sales, times its days.
        month = self._field_to_sql(self._table, "month", query)
        return SQL(
            DSO_SQL,
            receivables=SQL("(%s / COUNT(DISTINCT %s))", total("ar_end"), month),
            sales=total("sales"),
            days=SQL("((MAX(%s) + interval '1 month')::date - MIN(%s))", month, month),
        )
