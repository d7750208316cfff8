"""The clerk's worklist on the debtor: priority, worst stage, list, reasons and
next action, refreshed in bulk (one aggregate query, the ranking and reasons
from ``core.priority``, one UPDATE)."""

import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, formatLang

from ..core.priority import (
    WORKLIST_STATES,
    Debtor,
    next_action,
    priority,
    reasons,
    worklist_state,
)
from .account_move import open_invoice_sql


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === Written by the refresh, per company === #
    debt_worklist_state = fields.Selection(
        WORKLIST_STATES,
        string="Worklist",
        company_dependent=True,
        copy=False,
        help="To do, or why there is nothing to do: on hold (promise, dispute), placed "
        "with an agency, written off or insolvent.",
    )
    debt_worklist_json = fields.Text(company_dependent=True, copy=False)

    # === Shown in the user's language === #
    debt_worklist_reasons = fields.Char(
        string="Why", compute="_compute_debt_worklist_text", help="The top reasons to act."
    )
    debt_next_action = fields.Char(string="Next action", compute="_compute_debt_worklist_text")

    @api.depends_context("company", "lang")
    @api.depends("debt_worklist_json", "debt_stage_id")
    def _compute_debt_worklist_text(self):
        actions = {
            "none": self.env._("Nothing: handled outside collection"),
            "follow_placement": self.env._("Follow up with the agency"),
            "wait": self.env._("Wait for the promise or the dispute"),
            "do_task": self.env._("Do the task due today"),
            "call": self.env._("Call"),
            "propose_escalation": self.env._("Escalate: long in this stage"),
            "remind": self.env._("Send a reminder"),
        }
        for partner in self:
            data = json.loads(partner.debt_worklist_json or "{}")
            partner.debt_worklist_reasons = ", ".join(
                partner._debt_reason_label(code, figure) for code, figure in data.get("reasons", [])
            )
            partner.debt_next_action = actions.get(data.get("next"), "")

    def _debt_reason_label(self, code, figure):
        """One reason (a ``core.priority.REASON_CODES`` code and its figure) in words."""
        if code == "on_hold":
            return self.debt_hold_summary or self.env._("on hold")
        if code == "broken_promise":
            if figure == 1:
                return self.env._("broken promise")
            return self.env._("%(count)s broken promises", count=figure)
        if code == "in_stage":
            if figure == 1:
                return self.env._("%(stage)s for 1 day", stage=self.debt_stage_id.name)
            return self.env._(
                "%(stage)s for %(days)s days", stage=self.debt_stage_id.name, days=figure
            )
        if code == "unlikely_to_pay":
            return self.env._("unlikely to pay (%(score)s/100)", score=figure)
        if code == "large_amount":
            amount = formatLang(self.env, figure, currency_obj=self.env.company.currency_id)
            return self.env._("%(amount)s overdue", amount=amount)
        if code == "days_late":
            if figure == 1:
                return self.env._("1 day late")
            return self.env._("%(days)s days late", days=figure)
        return {
            "insolvent": self.env._("insolvent"),
            "written_off": self.env._("written off"),
            "placed": self.env._("placed with an agency"),
            "call_due": self.env._("call due today"),
        }.get(code, "")

    @api.model
    def _debt_refresh_worklist(self, debtors=None):
        """Recompute the worklist of debtors (all, or ``debtors``) in every
        company, each from that company's invoices only: one aggregate query,
        priority, list and reasons from ``core.priority``, one UPDATE of the
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
           bool_and(m.debt_hold_reason IS NOT NULL)
               AND bool_or(m.debt_hold_reason = 'placement') AS placed,
           -- the worst stage: core.stages.stage_rank, highest first
           (array_agg(i.stage_id ORDER BY st.sequence DESC, st.id DESC)
                FILTER (WHERE i.stage_id IS NOT NULL))[1] AS stage_id,
           (array_agg(st.phase ORDER BY st.sequence DESC, st.id DESC)
                FILTER (WHERE i.stage_id IS NOT NULL))[1] AS phase,
           (array_agg(%(today)s::date - i.stage_date ORDER BY st.sequence DESC, st.id DESC)
                FILTER (WHERE i.stage_id IS NOT NULL))[1] AS stage_days
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
       COALESCE(b.n, 0), d.partner_id IS NOT NULL,
       o.placed, o.phase, o.stage_days, COALESCE(p.debt_insolvent, FALSE)
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
        ids, companies, priorities, stage_ids, states, texts = [], [], [], [], [], []
        for row in rows:
            company_id, partner_id, amount, days, on_hold, stage_id, score, broken, due = row[:9]
            placed, phase, stage_days, insolvent = row[9:]
            debtor = Debtor(
                float(amount),
                days,
                score,
                broken,
                due,
                on_hold,
                placed=placed,
                phase=phase,
                stage_days=stage_days,
                insolvent=insolvent,
            )
            ids.append(partner_id)
            companies.append(str(company_id))
            priorities.append(priority(debtor))
            stage_ids.append(stage_id)
            states.append(worklist_state(debtor))
            texts.append(json.dumps({"reasons": reasons(debtor), "next": next_action(debtor)}))
        # Debtors with nothing overdue any more leave the worklist.
        scope = SQL("AND p.id = ANY(%s)", debtors.ids) if debtors else SQL()
        self.env.execute_query(
            SQL(
                """
UPDATE res_partner p
   SET debt_priority = v.priority, debt_stage_id = v.stage_id,
       debt_worklist_state = v.state, debt_worklist_json = v.text
  FROM (
    -- the debtor's new row per company; a company it no longer owes drops out
    SELECT q.id, n.priority, n.stage_id, n.state, n.text
      FROM res_partner q
      LEFT JOIN (
        SELECT u.id, jsonb_object_agg(u.company, u.priority) AS priority,
               NULLIF(jsonb_strip_nulls(jsonb_object_agg(u.company, u.stage_id)), '{}')
                   AS stage_id,
               jsonb_object_agg(u.company, u.state) AS state,
               jsonb_object_agg(u.company, u.text) AS text
          FROM unnest(%(ids)s::int[], %(companies)s::text[], %(priorities)s::int[],
                      %(stages)s::int[], %(states)s::text[], %(texts)s::text[])
               AS u(id, company, priority, stage_id, state, text)
         GROUP BY u.id
      ) n ON n.id = q.id
     WHERE (n.id IS NOT NULL OR q.debt_priority IS NOT NULL OR q.debt_stage_id IS NOT NULL
            OR q.debt_worklist_state IS NOT NULL)
  ) v
 WHERE p.id = v.id %(scope)s
   AND (p.debt_priority, p.debt_stage_id, p.debt_worklist_state, p.debt_worklist_json)
       IS DISTINCT FROM (v.priority, v.stage_id, v.state, v.text)
                """,
                ids=ids,
                companies=companies,
                priorities=priorities,
                stages=stage_ids,
                states=states,
                texts=texts,
                scope=scope,
            )
        )
        self.invalidate_model(
            ["debt_priority", "debt_stage_id", "debt_worklist_state", "debt_worklist_json"]
        )
        return len(ids)
