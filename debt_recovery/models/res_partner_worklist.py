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
        """Recompute the priority and stage of debtors (all, or ``debtors``) in
        every company, each from that company's invoices only: one aggregate
        query, the priority from ``core.priority``, one UPDATE of the
        company-dependent columns. Debtors excluded from collection stay off."""
        self.env.flush_all()
        today = fields.Date.context_today(self)
        only = SQL("AND m.commercial_partner_id = ANY(%s)", debtors.ids) if debtors else SQL()
        rows = self.env.execute_query(
            SQL(
                """
WITH overdue AS (
    SELECT m.company_id, m.commercial_partner_id AS partner_id,
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
     GROUP BY 1, 2
),
broken AS (
    SELECT company_id, partner_id, count(*) AS n FROM debt_promise
     WHERE state = 'broken' AND promised_date >= %(year_ago)s
     GROUP BY 1, 2
),
due AS (
    SELECT DISTINCT p.commercial_partner_id AS partner_id
      FROM mail_activity a JOIN res_partner p ON p.id = a.res_id
     WHERE a.res_model = 'res.partner' AND a.active AND a.date_deadline <= %(today)s
)
SELECT o.company_id, o.partner_id, o.amount, o.days_late, o.on_hold, o.stage_id,
       CASE WHEN p.debt_segment ->> o.company_id::text IS NOT NULL
            THEN (p.debt_score ->> o.company_id::text)::int END,
       COALESCE(b.n, 0), d.partner_id IS NOT NULL
  FROM overdue o
  JOIN res_partner p ON p.id = o.partner_id AND NOT COALESCE(p.debt_excluded, FALSE)
  LEFT JOIN broken b ON b.partner_id = o.partner_id AND b.company_id = o.company_id
  LEFT JOIN due d ON d.partner_id = o.partner_id
                """,
                open=open_invoice_sql("m"),
                today=today,
                year_ago=today - timedelta(days=365),
                only=only,
            )
        )
        ids, companies, priorities, stage_ids = [], [], [], []
        for company_id, partner_id, amount, days, on_hold, stage_id, score, broken, due in rows:
            debtor = Debtor(float(amount), days, score, broken, due, on_hold)
            ids.append(partner_id)
            companies.append(str(company_id))
            priorities.append(priority(debtor))
            stage_ids.append(stage_id)
        # Debtors with nothing overdue any more leave the worklist.
        scope = SQL("AND p.id = ANY(%s)", debtors.ids) if debtors else SQL()
        self.env.execute_query(
            SQL(
                """
UPDATE res_partner p
   SET debt_priority = v.priority, debt_stage_id = v.stage_id
  FROM (
    -- the debtor's new row per company; a company it no longer owes drops out
    SELECT q.id, n.priority, n.stage_id
      FROM res_partner q
      LEFT JOIN (
        SELECT u.id, jsonb_object_agg(u.company, u.priority) AS priority,
               NULLIF(jsonb_strip_nulls(jsonb_object_agg(u.company, u.stage_id)), '{}')
                   AS stage_id
          FROM unnest(%(ids)s::int[], %(companies)s::text[], %(priorities)s::int[],
                      %(stages)s::int[]) AS u(id, company, priority, stage_id)
         GROUP BY u.id
      ) n ON n.id = q.id
     WHERE (n.id IS NOT NULL OR q.debt_priority IS NOT NULL OR q.debt_stage_id IS NOT NULL)
  ) v
 WHERE p.id = v.id %(scope)s
   AND (p.debt_priority, p.debt_stage_id) IS DISTINCT FROM (v.priority, v.stage_id)
                """,
                ids=ids,
                companies=companies,
                priorities=priorities,
                stages=stage_ids,
                scope=scope,
            )
        )
        self.invalidate_model(["debt_priority", "debt_stage_id"])
        return len(ids)
