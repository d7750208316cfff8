"""Debtor segmentation: once a day, the payment figures of every debtor in one
query, the segment from ``core.segments.classify``, one UPDATE back."""

import json

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import SQL

from ..core.claim import CREDIT_NOTE_MOVE_TYPE
from ..core.segments import PaymentFigures, classify
from .account_move import open_invoice_sql


class DebtEscalation(models.AbstractModel):
    _inherit = "debt.escalation"

    # ------------------------------------------------------------
    # SEGMENTATION
    # ------------------------------------------------------------

    @api.model
    def _segment_debtors(self, run_date):
        """Segment every debtor with invoices in the last 12 months, once a day.

        One query gathers the payment figures of all debtors not yet
        segmented on ``run_date``, ``core.segments.classify`` decides, and one
        UPDATE writes segment, score and figures back (the
        explanation is worded when read: ``res_partner_segment``).
        Returns the number of debtors segmented.
        """
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
WITH inv AS (
    SELECT m.id, m.company_id, m.commercial_partner_id AS partner_id, m.invoice_date,
           m.invoice_date_due,
           %(open)s AS is_open,
           m.invoice_date >= %(since)s AS recent,
           COALESCE(st.phase = 'closed', FALSE) AS written_off
      FROM account_move m
      JOIN res_partner p ON p.id = m.commercial_partner_id
      LEFT JOIN debt_item i ON i.move_id = m.id
      LEFT JOIN debt_stage st ON st.id = i.stage_id
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
       AND (m.invoice_date >= %(since)s OR %(open)s)
       AND COALESCE((p.debt_segment_date ->> m.company_id::text)::date, '-infinity')
           < %(run_date)s
),
paid AS (
    -- The day it was paid: a credit note corrects an invoice, it does not pay
    -- it (core.claim.credit_kind); one credited in full was never owed, and drops out.
    SELECT l.move_id, max(apr.max_date) AS paid_date
      FROM account_move_line l
      JOIN account_partial_reconcile apr ON apr.debit_move_id = l.id
      JOIN account_move_line cl ON cl.id = apr.credit_move_id
      JOIN account_move cm ON cm.id = cl.move_id AND cm.move_type != %(credit_note)s
     WHERE l.move_id IN (SELECT id FROM inv WHERE NOT is_open)
       AND l.display_type = 'payment_term'
     GROUP BY l.move_id
),
late AS (
    SELECT inv.company_id, inv.partner_id, inv.recent, inv.is_open, inv.written_off,
           GREATEST(CASE WHEN inv.is_open THEN %(run_date)s::date - inv.invoice_date_due
                         ELSE paid.paid_date - inv.invoice_date_due END, 0) AS days_late
      FROM inv LEFT JOIN paid ON paid.move_id = inv.id
     WHERE inv.is_open OR paid.paid_date IS NOT NULL
),
promises AS (
    SELECT company_id, partner_id,
           count(*) FILTER (WHERE state = 'broken') AS broken,
           count(*) FILTER (WHERE state = 'kept') AS kept
      FROM debt_promise
     WHERE promised_date >= %(since)s
     GROUP BY company_id, partner_id
),
disputes AS (
    SELECT company_id, partner_id, count(*) AS opened
      FROM debt_dispute
     WHERE create_date >= %(since)s
     GROUP BY company_id, partner_id
)
SELECT l.company_id, l.partner_id,
       count(*) FILTER (WHERE l.recent),
       count(*) FILTER (WHERE l.recent AND NOT l.is_open AND l.days_late > 0),
       COALESCE(avg(l.days_late) FILTER (WHERE NOT l.is_open AND l.days_late > 0), 0),
       COALESCE(max(l.days_late), 0),
       count(*) FILTER (WHERE l.is_open AND l.days_late > 0),
       COALESCE(max(l.days_late) FILTER (WHERE l.is_open), 0),
       COALESCE(max(pr.broken), 0),
       COALESCE(max(pr.kept), 0),
       COALESCE(max(d.opened), 0),
       count(*) FILTER (WHERE l.written_off),
       bool_or(COALESCE(p.debt_insolvent, FALSE))
  FROM late l
  JOIN res_partner p ON p.id = l.partner_id
  LEFT JOIN promises pr ON pr.partner_id = l.partner_id AND pr.company_id = l.company_id
  LEFT JOIN disputes d ON d.partner_id = l.partner_id AND d.company_id = l.company_id
 GROUP BY l.company_id, l.partner_id
                """,
                since=run_date - relativedelta(months=12),
                run_date=run_date,
                open=open_invoice_sql("m"),
                credit_note=CREDIT_NOTE_MOVE_TYPE,
            )
        )
        if not rows:
            return 0
        ids, companies, segments, scores, data = [], [], [], [], []
        for company_id, partner_id, *values in rows:
            figures = PaymentFigures(
                invoices=values[0],
                paid_late=values[1],
                avg_days_late=float(values[2]),
                max_days_late=values[3],
                open_overdue=values[4],
                oldest_overdue_days=values[5],
                broken_promises=values[6],
                kept_promises=values[7],
                disputes=values[8],
                written_off=values[9],
                insolvent=values[10],
            )
            result = classify(figures)
            ids.append(partner_id)
            companies.append(str(company_id))
            segments.append(result.segment)
            scores.append(result.score)
            data.append(json.dumps({"figures": figures.__dict__, "reasons": result.reasons}))
        self.env.execute_query(
            SQL(
                """
UPDATE res_partner p
   SET debt_segment = COALESCE(p.debt_segment, '{}') || v.segment,
       debt_score = COALESCE(p.debt_score, '{}') || v.score,
       debt_segment_json = COALESCE(p.debt_segment_json, '{}') || v.data,
       debt_segment_date = COALESCE(p.debt_segment_date, '{}') || v.day
  FROM (
    -- one row per debtor, a key per company (company-dependent columns)
    SELECT u.id, jsonb_object_agg(u.company, u.segment) AS segment,
           jsonb_object_agg(u.company, u.score) AS score,
           jsonb_object_agg(u.company, u.data) AS data,
           jsonb_object_agg(u.company, %(run_date)s::date) AS day
      FROM unnest(%(ids)s::int[], %(companies)s::text[], %(segments)s::varchar[],
                  %(scores)s::int[], %(data)s::text[])
           AS u(id, company, segment, score, data)
     GROUP BY u.id
  ) v
 WHERE p.id = v.id
                """,
                ids=ids,
                companies=companies,
                segments=segments,
                scores=scores,
                data=data,
                run_date=run_date,
            )
        )
        self.env["res.partner"].invalidate_model(
            [
                "debt_segment",
                "debt_score",
                "debt_segment_json",
                "debt_segment_data",
                "debt_segment_explanation",
                "debt_segment_date",
            ]
        )
        return len(ids)
