from odoo import api, models
from odoo.tools import SQL

from ..core.escalation import (
    CLOSED_ON_SQL,
    ENDS_STAY_SQL,
    RUN_PROPOSAL_SQL,
    RUN_STAGE_SQL,
    STARTS_STAY_SQL,
    transition_table,
)
from ..core.holds import HOLDS_ESCALATION_SQL
from ..core.promises import PROMISE_HOLDS_UNTIL_SQL
from .account_move import open_invoice_sql

# Invoices per batch: each batch is a handful of statements and one commit.
BATCH_SIZE = 50000

# The invoices the run on ``run_date`` still has to see: open customer
# invoices (``open_invoice_sql``), and those still in collection although
# paid since; not yet processed that day. No ORDER BY: a batch streams the first rows it can
# lock, and a second worker skips them and takes the next ones.
PENDING = """
    SELECT m.id
      FROM account_move m
      LEFT JOIN debt_item i ON i.move_id = m.id
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
       AND m.company_id = ANY(%(company_ids)s)
       AND (%(open)s OR (i.stage_id IS NOT NULL AND i.closed_date IS NULL))
       AND (i.run_date IS NULL OR i.run_date < %(run_date)s)
"""


class DebtEscalation(models.AbstractModel):
    """Escalation of invoices along each company's ladder (the daily run's
    main step; its driver is in debt_run.py, segmentation in debt_segmentation.py).

    Everything is set-based: the decisions come from ``core`` as small tables
    (stage transitions per company and segment) and each batch of invoices is
    joined on them in one SQL statement. Batches are locked with SKIP LOCKED,
    so several cron workers can share a run, and each invoice carries the run
    date that processed it, so a second run on the same day does nothing.
    """

    _name = "debt.escalation"
    _description = "Collection Daily Run"

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
                open=open_invoice_sql("m"),
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
                open=open_invoice_sql("m"),
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
    def _decision_sql(self, run_date):
        """The SQL twins of ``core`` over the batch statement's columns."""
        col = SQL.identifier
        stays = {
            "old": col("old_stage_id"),
            "new": col("new_stage_id"),
            "closed": col("closed_date"),
            "is_open": col("is_open"),
        }
        batch = {"is_open": col("b", "is_open"), "held": col("b", "held")}
        return {
            "is_open": open_invoice_sql("m"),
            "held": SQL(
                HOLDS_ESCALATION_SQL,
                hold=col("m", "debt_hold_reason"),
                until=SQL(PROMISE_HOLDS_UNTIL_SQL, pr=col("pr")),
                day=run_date,
            ),
            "run_stage": SQL(
                RUN_STAGE_SQL,
                **batch,
                target=col("r", "new_stage_id"),
                current=col("b", "old_stage_id"),
            ),
            "run_proposal": SQL(
                RUN_PROPOSAL_SQL,
                **batch,
                proposed=col("r", "proposed_stage_id"),
                declined=col("b", "declined_stage_id"),
            ),
            "starts_stay": SQL(STARTS_STAY_SQL, **stays),
            "ends_stay": SQL(ENDS_STAY_SQL, **stays),
            "closed_on": SQL(CLOSED_ON_SQL, day=run_date, **stays),
        }

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
           %(is_open)s AS is_open,
           %(held)s AS held,
           p.debt_segment ->> m.company_id::text AS debt_segment  -- company-dependent
      FROM account_move m
      JOIN res_partner p ON p.id = m.commercial_partner_id
      LEFT JOIN debt_item i ON i.move_id = m.id
      LEFT JOIN debt_promise pr ON pr.id = m.debt_promise_id
     WHERE m.id = ANY(%(ids)s)
),
targeted AS (
    SELECT b.*, %(run_stage)s AS new_stage_id, %(run_proposal)s AS proposed_stage_id
      FROM batch b
      LEFT JOIN rules r  -- COALESCE keeps it a hash join (NULL = no segment / no stage)
             ON r.company_id = b.company_id
            AND COALESCE(r.segment, '') = COALESCE(b.debt_segment, '')
            AND COALESCE(r.current_stage_id, 0) = COALESCE(b.old_stage_id, 0)
            AND b.days >= r.days_from AND b.days < r.days_to
),
decided AS (
    SELECT t.*, %(starts_stay)s AS new_stay, %(ends_stay)s AS stay_ended,
           %(closed_on)s AS new_closed_date
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
           d.days, %(run_date)s, d.new_closed_date
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
INSERT INTO debt_stage_history (
    move_id, stage_id, date_entered, date_left, days_overdue, amount_residual, reason)
SELECT d.move_id, d.old_stage_id, d.stage_date, %(run_date)s, d.stage_days_overdue,
       d.stage_amount, COALESCE(d.stage_reason, 'run')
  FROM decided d
 WHERE d.stay_ended
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
                **self._decision_sql(run_date),
            )
        )
        self.env["debt.item"].invalidate_model()
        self.env["debt.stage.history"].invalidate_model()
        # The invoices show the items through computed and related fields.
        self.env["account.move"].invalidate_model(
            [name for name in self.env["account.move"]._fields if name.startswith("debt_")]
        )
