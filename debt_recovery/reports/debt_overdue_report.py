from odoo import api, fields, models
from odoo.tools import SQL

from ..core.aging import AGING_BUCKETS
from ..core.holds import HOLD_REASONS
from ..core.segments import SEGMENTS
from ..core.stages import PHASES
from ..models.account_move import open_invoice_sql


class DebtOverdueReport(models.Model):
    """One row per open customer invoice: who owes what, how late, where."""

    _name = "debt.overdue.report"
    _description = "Receivables in Collection"
    _auto = False
    _order = "days_overdue desc"
    # What the view reads: flushed before every query on it.
    _depends = {
        "account.move": [
            "move_type",
            "state",
            "amount_residual",
            "amount_residual_signed",
            "invoice_date_due",
            "company_id",
            "commercial_partner_id",
            "debt_hold_reason",
            "debt_promise_id",
            "debt_disputed",
            "debt_placement_id",
        ],
        "res.partner": ["debt_collector_id", "debt_segment"],
        "res.company": ["currency_id"],
        "debt.item": ["move_id", "stage_id"],
        "debt.stage": ["phase"],
    }

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", readonly=True)
    collector_id = fields.Many2one("res.users", readonly=True)
    stage_id = fields.Many2one("debt.stage", readonly=True)
    phase = fields.Selection(PHASES, readonly=True)
    segment = fields.Selection(SEGMENTS, readonly=True)
    hold_reason = fields.Selection(HOLD_REASONS, string="On hold", readonly=True)
    invoice_date_due = fields.Date(string="Due date", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    aging = fields.Selection(
        [(code, label) for code, label, _first, _last in AGING_BUCKETS], readonly=True
    )
    currency_id = fields.Many2one("res.currency", string="Company currency", readonly=True)
    amount_open = fields.Monetary(
        string="Open", currency_field="currency_id", readonly=True, aggregator="sum"
    )
    promised = fields.Boolean(readonly=True)
    disputed = fields.Boolean(readonly=True)
    placed = fields.Boolean(string="With an agency", readonly=True)

    @property
    def _table_query(self):
        return SQL("%s %s %s", self._select(), self._from(), self._where())

    @api.model
    def _aging_case(self):
        days = SQL("(CURRENT_DATE - m.invoice_date_due)")
        whens = [
            SQL(
                "WHEN %s THEN %s",
                SQL(" AND ").join(
                    ([SQL("%s >= %s", days, first)] if first is not None else [])
                    + ([SQL("%s <= %s", days, last)] if last is not None else [])
                ),
                code,
            )
            for code, _label, first, last in AGING_BUCKETS
        ]
        return SQL("CASE %s END", SQL(" ").join(whens))

    @api.model
    def _select(self):
        return SQL(
            """
            SELECT m.id AS id,
                   m.id AS move_id,
                   m.company_id,
                   m.commercial_partner_id AS partner_id,
                   (p.debt_collector_id ->> m.company_id::text)::int AS collector_id,
                   i.stage_id,
                   st.phase,
                   p.debt_segment ->> m.company_id::text AS segment,
                   m.debt_hold_reason AS hold_reason,
                   m.invoice_date_due,
                   (CURRENT_DATE - m.invoice_date_due) AS days_overdue,
                   %s AS aging,
                   c.currency_id,
                   m.amount_residual_signed AS amount_open,
                   m.debt_promise_id IS NOT NULL AS promised,
                   COALESCE(m.debt_disputed, FALSE) AS disputed,
                   m.debt_placement_id IS NOT NULL AS placed
            """,
            self._aging_case(),
        )

    @api.model
    def _from(self):
        return SQL(
            """
              FROM account_move m
              JOIN res_partner p ON p.id = m.commercial_partner_id
              JOIN res_company c ON c.id = m.company_id
              LEFT JOIN debt_item i ON i.move_id = m.id
              LEFT JOIN debt_stage st ON st.id = i.stage_id
            """
        )

    @api.model
    def _where(self):
        return SQL("WHERE %s", open_invoice_sql("m"))
