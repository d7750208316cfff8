import json
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..core.escalation import transition_table
from ..core.segments import PaymentFigures, classify

_logger = logging.getLogger(__name__)

# Invoices per batch: each batch is a handful of statements and one commit.
BATCH_SIZE = 50000

# The invoices the run on ``run_date`` still has to see: open customer
# invoices, and those still in collection although paid since; not yet
# processed that day. No ORDER BY: a batch streams the first rows it can
# lock, and a second worker skips them and takes the next ones.
PENDING = """
    SELECT m.id
      FROM account_move m
      LEFT JOIN debt_item i ON i.move_id = m.id
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
       AND m.company_id = ANY(%(company_ids)s)
       AND (m.amount_residual > 0 OR (i.stage_id IS NOT NULL AND i.closed_date IS NULL))
       AND (i.run_date IS NULL OR i.run_date < %(run_date)s)
"""


class DebtEscalation(models.AbstractModel):
    """The daily collection run: decide promises, segment debtors, escalate invoices,
    then send the day's reminders (``debt.reminder``).

    Everything is set-based: the decisions come from ``core`` as small tables
    (stage transitions per company and segment) and each batch of invoices is
    joined on them in one SQL statement. Batches are locked with SKIP LOCKED,
    so several cron workers can share a run, and each invoice carries the run
    date that processed it, so a second run on the same day does nothing.
    """

    _name = "debt.escalation"
    _description = "Collection Daily Run"

    # ------------------------------------------------------------
    # CRON AND MANUAL RUN
    # ------------------------------------------------------------

    @api.model
    def _cron_daily_run(self, run_date=None, batch_size=BATCH_SIZE):
        run_date = run_date or fields.Date.context_today(self)
        engine = self.sudo()  # every company's invoices, whoever the cron user is
        companies = engine.env["res.company"].search([])
        cron = self.env["ir.cron"]
        engine.env["debt.promise"]._evaluate(run_date)
        engine.env["debt.dispute"]._notify_past_deadline(run_date)
        engine._segment_debtors(run_date)
        cron._commit_progress(remaining=engine._count_pending(companies, run_date))
        rules = engine._transition_rows(companies)
        while moves := engine._lock_batch(companies, run_date, batch_size):
            engine._process_batch(moves, run_date, rules)
            if not cron._commit_progress(len(moves)):  # remaining: counted down
                return  # called again to finish; the reminders come after
        # Reminders of the day, grouped per debtor, on the stages just decided.
        engine.env["debt.reminder"]._cron_send_reminders()
        # The clerks' worklist, with the calls the reminders just scheduled.
        engine.env["res.partner"]._debt_refresh_worklist()
        engine.env["debt.kpi.report"]._refresh()

    @api.model
    def action_run_now(self):
        """The daily run for the user's companies, from the menu (managers)."""
        if not self.env.user.has_group("debt_recovery.group_debt_manager"):
            raise AccessError(self.env._("Only a Collections Manager runs collection."))
        segmented, processed = self.sudo()._run(self.env.companies)
        self.env["debt.reminder"].sudo()._send_reminders(self.env.companies)
        self.env["res.partner"].sudo()._debt_refresh_worklist()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Collection run done"),
                "message": self.env._(
                    "%(invoices)s invoices processed, %(debtors)s debtors segmented.",
                    invoices=processed,
                    debtors=segmented,
                ),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _run(self, companies, run_date=None):
        """The whole run in the current transaction (no intermediate commits).

        Returns (debtors segmented, invoices processed).
        """
        run_date = run_date or fields.Date.context_today(self)
        self.env["debt.promise"]._evaluate(run_date)
        self.env["debt.dispute"]._notify_past_deadline(run_date)
        segmented = self._segment_debtors(run_date)
        rules = self._transition_rows(companies)
        processed = 0
        while moves := self._lock_batch(companies, run_date, BATCH_SIZE):
            self._process_batch(moves, run_date, rules)
            processed += len(moves)
        self.env["res.partner"]._debt_refresh_worklist()
        self.env["debt.kpi.report"]._refresh()
        return segmented, processed

    # ------------------------------------------------------------
    # ESCALATION
    # ------------------------------------------------------------

    @api.model
    def _count_pending(self, companies, run_date):
        self.env.flush_all()
        [(count,)] = self.env.execute_query(
            SQL(
                "SELECT count(*) FROM (" + PENDING + ") pending",
                company_ids=companies.ids,
                run_date=run_date,
            )
        )
        return count

    @api.model
    def _lock_batch(self, companies, run_date, limit):
        """Ids of up to ``limit`` pending invoices this transaction could lock."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                PENDING + " LIMIT %(limit)s FOR NO KEY UPDATE OF m SKIP LOCKED",
                company_ids=companies.ids,
                run_date=run_date,
                limit=limit,
            )
        )
        return [move_id for (move_id,) in rows]

    @api.model
    def _transition_rows(self, companies):
        """The stage transition table of every company, as SQL-ready columns."""
        columns = {key: [] for key in ("company", "segment", "current", "frm", "to", "new", "prop")}
        for company, rules in self.env["debt.stage"]._ladder_rules(companies).items():
            for row in transition_table(rules, company._debt_segment_offsets()):
                columns["company"].append(company.id)
                columns["segment"].append(row.segment)
                columns["current"].append(row.current_stage_id)
                columns["frm"].append(row.days_from)
                columns["to"].append(row.days_to)
                columns["new"].append(row.new_stage_id)
                columns["prop"].append(row.proposed_stage_id)
        return columns

    @api.model
    def _process_batch(self, move_ids, run_date, rules):
        """Escalate, hold or close one batch of invoices: one SQL statement.

        ``rules`` is ``_transition_rows()`` of the invoices' companies. It
        upserts each invoice's ``debt.item`` (days overdue, stage, proposal,
        closing) and moves the stays that ended to the stage history.
        """
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                """
WITH rules AS (
    SELECT * FROM unnest(
        %(r_company)s::int[], %(r_segment)s::varchar[], %(r_current)s::int[],
        %(r_from)s::int[], %(r_to)s::int[], %(r_new)s::int[], %(r_prop)s::int[]
    ) AS r(company_id, segment, current_stage_id, days_from, days_to,
           new_stage_id, proposed_stage_id)
),
batch AS (
    SELECT m.id AS move_id, m.company_id,
           i.stage_id AS old_stage_id, i.stage_date, i.stage_days_overdue, i.stage_amount,
           i.stage_reason, i.closed_date, i.declined_stage_id,
           (%(run_date)s::date - m.invoice_date_due) AS days,
           m.amount_residual_signed,
           m.amount_residual > 0 AS is_open,
           COALESCE(m.debt_hold_reason IS NOT NULL
                    AND (m.debt_hold_reason != 'promise'
                         OR pr.promised_date + pr.tolerance_days >= %(run_date)s::date),
                    FALSE) AS held,
           p.debt_segment
      FROM account_move m
      JOIN res_partner p ON p.id = m.commercial_partner_id
      LEFT JOIN debt_item i ON i.move_id = m.id
      LEFT JOIN debt_promise pr ON pr.id = m.debt_promise_id
     WHERE m.id = ANY(%(ids)s)
),
targeted AS (
    SELECT b.*,
           CASE WHEN b.is_open AND NOT b.held
                THEN COALESCE(r.new_stage_id, b.old_stage_id)
                ELSE b.old_stage_id END AS new_stage_id,
           CASE WHEN b.is_open AND NOT b.held
                     AND r.proposed_stage_id IS DISTINCT FROM b.declined_stage_id
                THEN r.proposed_stage_id END AS proposed_stage_id
      FROM batch b
      LEFT JOIN rules r  -- COALESCE keeps it a hash join (NULL = no segment / no stage)
             ON r.company_id = b.company_id
            AND COALESCE(r.segment, '') = COALESCE(b.debt_segment, '')
            AND COALESCE(r.current_stage_id, 0) = COALESCE(b.old_stage_id, 0)
            AND b.days >= r.days_from AND b.days < r.days_to
),
decided AS (
    -- A new stay starts on a stage change, or when a paid invoice reopens.
    SELECT t.*, (t.new_stage_id IS DISTINCT FROM t.old_stage_id
                 OR (t.is_open AND t.closed_date IS NOT NULL)) AS new_stay
      FROM targeted t
),
upserted AS (
    INSERT INTO debt_item AS i (
        move_id, stage_id, stage_date, stage_days_overdue, stage_amount, stage_reason,
        proposed_stage_id, declined_stage_id, days_overdue, run_date, closed_date)
    SELECT d.move_id, d.new_stage_id,
           CASE WHEN d.new_stay THEN %(run_date)s ELSE d.stage_date END,
           CASE WHEN d.new_stay THEN d.days ELSE d.stage_days_overdue END,
           CASE WHEN d.new_stay THEN d.amount_residual_signed ELSE d.stage_amount END,
           CASE WHEN d.new_stay THEN 'run' ELSE d.stage_reason END,
           d.proposed_stage_id,
           CASE WHEN d.new_stay THEN NULL ELSE d.declined_stage_id END,
           d.days, %(run_date)s,
           CASE WHEN d.is_open THEN NULL
                WHEN d.new_stage_id IS NOT NULL THEN COALESCE(d.closed_date, %(run_date)s) END
      FROM decided d
    ON CONFLICT (move_id) DO UPDATE
       SET stage_id = EXCLUDED.stage_id, stage_date = EXCLUDED.stage_date,
           stage_days_overdue = EXCLUDED.stage_days_overdue,
           stage_amount = EXCLUDED.stage_amount, stage_reason = EXCLUDED.stage_reason,
           proposed_stage_id = EXCLUDED.proposed_stage_id,
           declined_stage_id = EXCLUDED.declined_stage_id,
           days_overdue = EXCLUDED.days_overdue, run_date = EXCLUDED.run_date,
           closed_date = EXCLUDED.closed_date
)
-- The stays that ended (stage changed, or invoice paid) go to the history.
INSERT INTO debt_stage_history (
    move_id, stage_id, date_entered, date_left, days_overdue, amount_residual, reason)
SELECT d.move_id, d.old_stage_id, d.stage_date, %(run_date)s, d.stage_days_overdue,
       d.stage_amount, COALESCE(d.stage_reason, 'run')
  FROM decided d
 WHERE d.old_stage_id IS NOT NULL AND d.closed_date IS NULL
   AND (d.new_stage_id IS DISTINCT FROM d.old_stage_id OR NOT d.is_open)
                """,
                r_company=rules["company"],
                r_segment=rules["segment"],
                r_current=rules["current"],
                r_from=rules["frm"],
                r_to=rules["to"],
                r_new=rules["new"],
                r_prop=rules["prop"],
                run_date=run_date,
                ids=list(move_ids),
            )
        )
        self.env["debt.item"].invalidate_model()
        self.env["debt.stage.history"].invalidate_model()
        # The invoices show the items through computed and related fields.
        self.env["account.move"].invalidate_model(
            [name for name in self.env["account.move"]._fields if name.startswith("debt_")]
        )

    # ------------------------------------------------------------
    # SEGMENTATION
    # ------------------------------------------------------------

    @api.model
    def _segment_debtors(self, run_date):
        """Segment every debtor with invoices in the last 12 months, once a day.

        One query gathers the payment figures of all debtors not yet
        segmented on ``run_date``, ``core.segments.classify`` decides, and one
        UPDATE writes segment, score, figures and explanation back.
        Returns the number of debtors segmented.
        """
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
WITH inv AS (
    SELECT m.id, m.commercial_partner_id AS partner_id, m.invoice_date, m.invoice_date_due,
           m.amount_residual > 0 AS is_open,
           m.invoice_date >= %(since)s AS recent,
           COALESCE(st.phase = 'closed', FALSE) AS written_off
      FROM account_move m
      JOIN res_partner p ON p.id = m.commercial_partner_id
      LEFT JOIN debt_item i ON i.move_id = m.id
      LEFT JOIN debt_stage st ON st.id = i.stage_id
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
       AND (m.invoice_date >= %(since)s OR m.amount_residual > 0)
       AND (p.debt_segment_date IS NULL OR p.debt_segment_date < %(run_date)s)
),
paid AS (
    SELECT l.move_id, max(apr.max_date) AS paid_date
      FROM account_move_line l
      JOIN account_partial_reconcile apr ON apr.debit_move_id = l.id
     WHERE l.move_id IN (SELECT id FROM inv WHERE NOT is_open)
       AND l.display_type = 'payment_term'
     GROUP BY l.move_id
),
late AS (
    SELECT inv.partner_id, inv.recent, inv.is_open, inv.written_off,
           GREATEST(CASE WHEN inv.is_open THEN %(run_date)s::date - inv.invoice_date_due
                         ELSE paid.paid_date - inv.invoice_date_due END, 0) AS days_late
      FROM inv LEFT JOIN paid ON paid.move_id = inv.id
),
promises AS (
    SELECT partner_id,
           count(*) FILTER (WHERE state = 'broken') AS broken,
           count(*) FILTER (WHERE state = 'kept') AS kept
      FROM debt_promise
     WHERE promised_date >= %(since)s
     GROUP BY partner_id
),
disputes AS (
    SELECT partner_id, count(*) AS opened
      FROM debt_dispute
     WHERE create_date >= %(since)s
     GROUP BY partner_id
)
SELECT l.partner_id,
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
  LEFT JOIN promises pr ON pr.partner_id = l.partner_id
  LEFT JOIN disputes d ON d.partner_id = l.partner_id
 GROUP BY l.partner_id
                """,
                since=run_date - relativedelta(months=12),
                run_date=run_date,
            )
        )
        if not rows:
            return 0
        ids, segments, scores, data, explanations = [], [], [], [], []
        for partner_id, *values in rows:
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
            segments.append(result.segment)
            scores.append(result.score)
            data.append(json.dumps({"figures": figures.__dict__, "reasons": result.reasons}))
            explanations.append(self._explain(figures, result))
        self.env.execute_query(
            SQL(
                """
UPDATE res_partner p
   SET debt_segment = v.segment, debt_score = v.score, debt_segment_data = v.data::jsonb,
       debt_segment_explanation = v.explanation, debt_segment_date = %(run_date)s
  FROM unnest(%(ids)s::int[], %(segments)s::varchar[], %(scores)s::int[],
              %(data)s::text[], %(explanations)s::text[])
       AS v(id, segment, score, data, explanation)
 WHERE p.id = v.id
                """,
                ids=ids,
                segments=segments,
                scores=scores,
                data=data,
                explanations=explanations,
                run_date=run_date,
            )
        )
        self.env["res.partner"].invalidate_model(
            [
                "debt_segment",
                "debt_score",
                "debt_segment_data",
                "debt_segment_explanation",
                "debt_segment_date",
            ]
        )
        return len(ids)

    @api.model
    def _explain(self, figures, result):
        """The reasons and figures behind a segment, in words."""
        _ = self.env._
        labels = {
            "insolvent": _("insolvency proceedings are open"),
            "written_off": _("%(n)s invoice(s) written off"),
            "broken_promises": _("%(n)s broken promise(s) to pay"),
            "max_days_late": _("up to %(n)s days late"),
            "late_share": _("%(n)s%% of invoices paid late"),
            "avg_days_late": _("%(n)s days late on average"),
            "open_overdue": _("%(n)s invoice(s) overdue now"),
        }
        reasons = "; ".join(labels[code] % {"n": n} for code, n in result.reasons)
        summary = _(
            "Last 12 months: %(invoices)s invoices, %(late)s paid late, average delay "
            "%(avg)s days, worst %(max)s days; %(broken)s broken and %(kept)s kept "
            "promises; %(disputes)s disputes.",
            invoices=figures.invoices,
            late=figures.paid_late,
            avg=round(figures.avg_days_late),
            max=figures.max_days_late,
            broken=figures.broken_promises,
            kept=figures.kept_promises,
            disputes=figures.disputes,
        )
        return f"{reasons.capitalize()}. {summary}"
