"""The clerk's worklist on the debtor: priority and worst stage, refreshed in
bulk (one aggregate query, the ranking from ``core.priority``, one UPDATE)."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..core.priority import Debtor, priority
from .account_move import open_invoice_sql


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _debt_refresh_worklist(self, debtors=None):
        """Recompute the priority and stage of debtors (all, or ``debtors``): one
        aggregate query, the priority from ``core.priority``, one UPDATE.
        Debtors excluded from collection stay off the worklist."""
        self.env.flush_all()
        today = fields.Date.context_today(self)
        only = SQL("AND m.commercial_partner_id = ANY(%s)", debtors.ids) if debtors else SQL()
        rows = self.env.execute_query(
            SQL(
                """
WITH overdue AS (
    SELECT m.commercial_partner_id AS partner_id,
           SUM(m.amount_residual_signed) AS amount,
           MAX(%(today)s::date - m.invoice_date_due) AS days_late,
           bool_and(m.debt_hold_reason IS NOT NULL) AS on_hold,
           -- the worst stage: core.stages.stage_rank, highest first
           (array_agg(i.stage_id ORDER BY st.sequence DESC, st.id DESC)
                FILTER (WHERE i.stage_id IS NOT NULL))[1] AS stage_id
      FROM account_move m
      LEFT JOIN debt_item i ON i.move_id = m.id
      LEFT JOIN debt_stage st ON st.id = i.stage_id
     WHERE %(open)s
       AND m.invoice_date_due < %(today)s %(only)s
     GROUP BY 1
),
broken AS (
    SELECT partner_id, count(*) AS n FROM debt_promise
     WHERE state = 'broken' AND promised_date >= %(year_ago)s
     GROUP BY 1
),
due AS (
    SELECT DISTINCT p.commercial_partner_id AS partner_id
      FROM mail_activity a JOIN res_partner p ON p.id = a.res_id
     WHERE a.res_model = 'res.partner' AND a.active AND a.date_deadline <= %(today)s
)
SELECT o.partner_id, o.amount, o.days_late, o.on_hold, o.stage_id,
       CASE WHEN p.debt_segment IS NOT NULL THEN p.debt_score END,
       COALESCE(b.n, 0), d.partner_id IS NOT NULL
  FROM overdue o
  JOIN res_partner p ON p.id = o.partner_id AND NOT COALESCE(p.debt_excluded, FALSE)
  LEFT JOIN broken b ON b.partner_id = o.partner_id
  LEFT JOIN due d ON d.partner_id = o.partner_id
                """,
                open=open_invoice_sql("m"),
                today=today,
                year_ago=today - timedelta(days=365),
                only=only,
            )
        )
        ids, priorities, stage_ids = [], [], []
        for partner_id, amount, days, on_hold, stage_id, score, broken, due in rows:
            debtor = Debtor(float(amount), days, score, broken, due, on_hold)
            ids.append(partner_id)
            priorities.append(priority(debtor))
            stage_ids.append(stage_id)
        # Debtors with nothing overdue any more leave the worklist.
        scope = SQL("AND p.id = ANY(%s)", debtors.ids) if debtors else SQL()
        self.env.execute_query(
            SQL(
                """
UPDATE res_partner p
   SET debt_priority = COALESCE(v.priority, 0), debt_stage_id = v.stage_id
  FROM res_partner q
  LEFT JOIN unnest(%(ids)s::int[], %(priorities)s::int[], %(stages)s::int[])
       AS v(id, priority, stage_id) ON v.id = q.id
 WHERE p.id = q.id
   AND (v.id IS NOT NULL OR p.debt_priority > 0 OR p.debt_stage_id IS NOT NULL) %(scope)s
   AND (p.debt_priority, p.debt_stage_id) IS DISTINCT FROM (COALESCE(v.priority, 0), v.stage_id)
                """,
                ids=ids,
                priorities=priorities,
                stages=stage_ids,
                scope=scope,
            )
        )
        self.invalidate_model(["debt_priority", "debt_stage_id"])
        return len(ids)
