"""The day's reminders cut into slices of debtors that any run worker takes.

Sending reminders is the long part of the daily run (Python per debtor), so a
deployment with several cron workers, in one server or several, shares it:
the run plans the slices once, every worker claims one at a time with
``SKIP LOCKED`` and marks it done in the transaction that sends its
reminders. A slice is therefore sent once, or not at all and claimed again
after a crash; two workers never hold the same debtor, so neither waits on
the other nor trips on the other's idempotency keys. The hourly pass of
what quiet hours held back has slices of its own (its ``run_key``), so a
pass cut short by its time goes on where it stopped.
"""

import os
import socket

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..core.reminders import quiet_run_hour

# Debtors per slice. Odoo calls a cron job that reports work left up to ten
# times in one job, one slice per call once its ten seconds are spent, and
# kills the job at limit_time_real_cron (by default limit_time_real, 120 s):
# ten slices must fit in it. 50 debtors with email, call and letter take a
# few seconds, and still batch the queries (about 0.6 a debtor per batch).
SLICE_SIZE = 50
# Slices of past days are kept this long, to look at who sent what.
KEEP_DAYS = 7
# The run key of the daily run's slices; core.reminders.quiet_run_key names
# an hourly pass's.
DAILY = "daily"


class DebtRunSlice(models.Model):
    _name = "debt.run.slice"
    _description = "Collections run: a slice of the day's reminders"
    _order = "run_date desc, sequence"

    run_date = fields.Date(required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    run_key = fields.Char(
        required=True,
        default=DAILY,
        readonly=True,
        help="The daily run's slices, or an hourly pass of the reminders held by quiet hours.",
    )
    run_label = fields.Char(string="Run", compute="_compute_run_label")
    sequence = fields.Integer(required=True, readonly=True)
    partner_ids = fields.Json(string="Debtors", required=True, readonly=True)
    debtor_count = fields.Integer(string="Debtors in the slice", compute="_compute_debtor_count")
    state = fields.Selection(
        [("todo", "To do"), ("done", "Done")], default="todo", required=True, readonly=True
    )
    worker = fields.Char(readonly=True, help="The process that sent the slice (host:pid).")
    contact_count = fields.Integer(string="Contacts logged", readonly=True)

    _slice_uniq = models.Constraint(
        "UNIQUE(run_date, run_key, company_id, sequence)", "A slice is planned once a run."
    )

    @api.depends("run_key")
    def _compute_run_label(self):
        for piece in self:
            hour = quiet_run_hour(piece.run_key or DAILY)
            if hour is None:
                piece.run_label = self.env._("Daily run")
            else:
                piece.run_label = self.env._("Held by quiet hours, %(hour)s:00 UTC", hour=hour)

    @api.depends("partner_ids")
    def _compute_debtor_count(self):
        for piece in self:
            piece.debtor_count = len(piece.partner_ids or ())

    @api.model
    def _plan(self, companies, run_date, key=DAILY, pending=None):
        """Slices of the debtors with reminders to consider on ``run_date``
        (or of ``pending``, {company: debtor ids}), a reminder batch each;
        planned once a run (a resumed or repeated run finds them planned)."""
        old = fields.Date.subtract(run_date, days=KEEP_DAYS)
        self.sudo().search([("run_date", "<", old)]).unlink()
        planned = self.sudo().search(self._run_domain(companies, run_date, key)).company_id
        if pending is None:
            pending = self.env["debt.reminder"]._pending_debtors(companies - planned)
        values = []
        for company, debtor_ids in pending.items():
            if company in planned:
                continue
            for sequence, chunk in enumerate(split_every(SLICE_SIZE, debtor_ids)):
                values.append(
                    {
                        "run_date": run_date,
                        "run_key": key,
                        "company_id": company.id,
                        "sequence": sequence,
                        "partner_ids": list(chunk),
                    }
                )
        return self.sudo().create(values)

    @api.model
    def _run_domain(self, companies, run_date, key=DAILY):
        return [
            ("run_date", "=", run_date),
            ("run_key", "=", key),
            ("company_id", "in", companies.ids),
        ]

    @api.model
    def _planned(self, companies, run_date, key=DAILY):
        """Whether the run of ``run_date`` planned its reminders: what comes
        before them (segmentation, escalation) is done for the day."""
        domain = self._run_domain(companies, run_date, key)
        return bool(self.sudo().search_count(domain, limit=1))

    @api.model
    def _claim(self, run_date, key=DAILY):
        """One slice of the run nobody holds, locked by this transaction."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM debt_run_slice
                 WHERE run_date = %s AND run_key = %s AND state = 'todo'
                 ORDER BY company_id, sequence
                 LIMIT 1
                   FOR UPDATE SKIP LOCKED
                """,
                run_date,
                key,
            )
        )
        return self.sudo().browse(rows[0][0] if rows else ())

    @api.model
    def _work(self, run_date, cron, now=None, key=DAILY):
        """Send slices of the run until none is left free; each slice is
        committed with its reminders. Returns the number of slices sent."""
        reminder = self.env["debt.reminder"].sudo()
        worker = f"{socket.gethostname()}:{os.getpid()}"
        sent = 0
        while piece := self._claim(run_date, key):
            contacts = reminder._process_batch(
                piece.company_id, piece.partner_ids, now or fields.Datetime.now()
            )
            piece.write({"state": "done", "worker": worker, "contact_count": len(contacts)})
            cron._commit_progress()
            reminder._flush_sms(contacts)  # after the commit: queued SMS are never sent twice
            sent += 1
            if not cron._commit_progress(1):
                break
        return sent

    @api.model
    def _open_date(self):
        """The latest daily run with a slice still to send, if any."""
        latest = self.sudo().search(
            [("state", "=", "todo"), ("run_key", "=", DAILY)], order="run_date desc", limit=1
        )
        return latest.run_date

    @api.model
    def _left(self, run_date, key=DAILY):
        """Slices of the run not sent yet (free, or held by another worker)."""
        return self.sudo().search_count(
            [("run_date", "=", run_date), ("run_key", "=", key), ("state", "=", "todo")]
        )
