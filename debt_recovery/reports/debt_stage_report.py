from odoo import api, fields, models
from odoo.orm.models import parse_read_group_spec
from odoo.tools import SQL

from ..core.escalation import ENTRY_REASONS
from ..core.stages import PHASES


class DebtStageReport(models.Model):
    """Every stay of an invoice in a stage, ended or current: the stage funnel
    (how many invoices reached each stage) and the time spent in each."""

    _name = "debt.stage.report"
    _description = "Stage Funnel and Time in Stage"
    _auto = False
    _order = "date_entered desc"
    _depends = {
        "debt.stage.history": ["move_id", "stage_id", "date_entered", "date_left", "reason"],
        "debt.item": ["move_id", "stage_id", "stage_date", "stage_reason", "closed_date"],
        "account.move": ["company_id", "commercial_partner_id"],
        "res.partner": ["debt_collector_id"],
        "debt.stage": ["phase", "sequence"],
    }

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Debtor", readonly=True)
    collector_id = fields.Many2one("res.users", readonly=True)
    stage_id = fields.Many2one("debt.stage", readonly=True)
    phase = fields.Selection(PHASES, readonly=True)
    reason = fields.Selection(ENTRY_REASONS, string="Entered by", readonly=True)
    date_entered = fields.Date(readonly=True)
    date_left = fields.Date(readonly=True)
    current = fields.Boolean(string="Still in stage", readonly=True)
    invoices = fields.Integer(
        string="Invoices reached",
        readonly=True,
        help="Invoices that reached the stage (an invoice counts once per stage).",
    )
    days = fields.Float(
        string="Days in stage",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        help="Days from entering the stage to leaving it (today for current stays).",
    )

    @property
    def _table_query(self):
        # Each branch joins the invoice on its own: the planner then estimates
        # the rows right and hash-joins (a join over the union of both did not).
        return SQL(
            """
SELECT h.id * 2 AS id, h.move_id, m.company_id, m.commercial_partner_id AS partner_id,
       (p.debt_collector_id ->> m.company_id::text)::int AS collector_id,
       h.stage_id, st.phase, h.reason,
       h.date_entered, h.date_left, FALSE AS current, 1 AS invoices,
       (h.date_left - h.date_entered) AS days
  FROM debt_stage_history h
  JOIN account_move m ON m.id = h.move_id
  JOIN res_partner p ON p.id = m.commercial_partner_id
  JOIN debt_stage st ON st.id = h.stage_id
UNION ALL
SELECT i.id * 2 + 1, i.move_id, m.company_id, m.commercial_partner_id,
       (p.debt_collector_id ->> m.company_id::text)::int, i.stage_id, st.phase, i.stage_reason,
       i.stage_date, NULL, TRUE, 1, (CURRENT_DATE - i.stage_date)
  FROM debt_item i
  JOIN account_move m ON m.id = i.move_id
  JOIN res_partner p ON p.id = m.commercial_partner_id
  JOIN debt_stage st ON st.id = i.stage_id
 WHERE i.closed_date IS NULL
            """
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """Invoices reaching a stage count once, however many stays they had there."""
        fname, _property, _func = parse_read_group_spec(aggregate_spec)
        if fname != "invoices":
            return super()._read_group_select(aggregate_spec, query)
        return SQL("COUNT(DISTINCT %s)", self._field_to_sql(self._table, "move_id", query))
