"""The daily collection run: one ordered list of steps, driven by the cron
(batches, commits, resumable) or by hand (one transaction, for managers, the
demo and tests). Every step is idempotent for a day, so a rerun, a resumed
cron or a second worker redoes nothing."""

from datetime import timedelta

from odoo import api, fields, models

from .debt_escalation import BATCH_SIZE

DAILY_RUN = "debt_recovery.ir_cron_debt_daily_run"
RUN_WORKER = "debt_recovery.ir_cron_debt_run_worker"

# The steps before and after escalation, in the order they run. Escalation
# sits between them because it is the one step done in committed batches.
STEPS_BEFORE = ("_step_promises", "_step_disputes", "_step_segmentation")
STEPS_AFTER = ("_step_reminders", "_step_worklist", "_step_kpis")


class DebtEscalation(models.AbstractModel):
    _name = "debt.escalation"
    _inherit = ["debt.escalation", "debt.authority.mixin"]

    # ------------------------------------------------------------
    # DRIVERS
    # ------------------------------------------------------------

    @api.model
    def _cron_daily_run(self, run_date=None, batch_size=BATCH_SIZE):
        """Scheduled: every company, batches committed as they are done; when
        the cron's time is up it ends the job and triggers the next one
        (``_continue_later``), which goes on where this one stopped."""
        engine = self.sudo()  # every company's invoices, whoever the cron user is
        cron = self.env["ir.cron"]
        stats = engine._drive(
            # Every company, a few rows: the run goes company by company.
            engine.env["res.company"].search([]),  # pylint: disable=no-search-all
            run_date or fields.Date.context_today(self),
            batch_size,
            cron=cron,
        )
        if stats is not None:
            cron._commit_progress(remaining=0)  # the whole run is done

    @api.model
    def action_run_now(self):
        """The daily run for the user's companies, from the menu (managers)."""
        self._debt_authorize("action_run_now")
        stats = self.sudo()._run(self.env.companies, reminders=True)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Collection run done"),
                "message": self.env._(
                    "%(invoices)s invoices processed, %(debtors)s debtors segmented, "
                    "%(contacts)s reminders logged (sent, scheduled, skipped or failed).",
                    invoices=stats["_step_escalation"],
                    debtors=stats["_step_segmentation"],
                    contacts=stats["_step_reminders"],
                ),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _run(self, companies, run_date=None, reminders=False):
        """The whole run in the current transaction (no intermediate commits).

        Returns {step: what it counted}.
        """
        return self._drive(
            companies, run_date or fields.Date.context_today(self), BATCH_SIZE, reminders=reminders
        )

    @api.model
    def _drive(self, companies, run_date, batch_size, cron=None, reminders=True):
        """Run the steps in order. With ``cron``, each escalation batch is
        committed and the run stops (returns None) when the cron's time is up;
        called again once its reminders are planned, it goes on with them."""
        stats = {}
        if cron is None or not self.env["debt.run.slice"]._planned(companies, run_date):
            stats.update(self._steps_before(companies, run_date, batch_size, cron))
            if "_step_escalation" not in stats:
                self._continue_later(DAILY_RUN)  # the steps after come then
                return None
        for step in STEPS_AFTER:
            if step == "_step_reminders" and not reminders:
                continue
            if step == "_step_kpis" and run_date < fields.Date.context_today(self):
                continue  # the snapshot is as of today: a past day's run does not write it
            stats[step] = getattr(self, step)(companies, run_date, cron=cron)
            if step == "_step_reminders" and stats[step] is None:
                return None  # slices are left: the next job goes on with them
        return stats

    @api.model
    def _steps_before(self, companies, run_date, batch_size, cron):
        """The steps before escalation, then escalation in batches; without
        "_step_escalation" in what it returns when the cron's time ran out."""
        stats = {}
        for step in STEPS_BEFORE:
            stats[step] = getattr(self, step)(companies, run_date)
        if cron is not None:
            cron._commit_progress(remaining=self._count_pending(companies, run_date))
        rules = self._transition_rows(companies)
        escalated = 0
        while moves := self._lock_batch(companies, run_date, batch_size):
            self._process_batch(moves, run_date, rules)
            escalated += len(moves)
            if cron is not None and not cron._commit_progress(len(moves)):
                return stats
        stats["_step_escalation"] = escalated
        return stats

    @api.model
    def _cron_run_worker(self):
        """Scheduled, triggered by the daily run: another cron worker (in this
        server or another) sends slices of the day's reminders alongside it;
        having sent the last one, it wakes the run, which may be waiting."""
        Slice = self.env["debt.run.slice"].sudo()
        run_date = Slice._open_date()
        if not run_date:
            return
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=Slice._left(run_date))
        sent = Slice._work(run_date, cron)
        if Slice._left(run_date) and Slice._claim(run_date):
            self._continue_later(RUN_WORKER)  # its time is up, slices are still free
            return
        cron._commit_progress(remaining=0)
        if sent and not Slice._left(run_date):
            # It sent the last slice: the run may be waiting for it.
            self.env.ref(DAILY_RUN).sudo()._trigger()

    @api.model
    def _continue_later(self, cron_xmlid, waiting=False):
        """End this cron job as done and trigger the next one: Odoo calls a
        job that reports work left up to ten times in a row, whatever each
        call costs, and kills it at limit_time_real_cron; a job per stretch
        of work is never killed for doing its work. Waiting on another
        worker's slice, the run is woken by that worker, or in five minutes
        should that worker die."""
        self.env["ir.cron"]._commit_progress(remaining=0)
        later = fields.Datetime.now() + timedelta(minutes=5) if waiting else None
        self.env.ref(cron_xmlid).sudo()._trigger(later)

    # ------------------------------------------------------------
    # STEPS
    # ------------------------------------------------------------

    @api.model
    def _step_promises(self, companies, run_date):
        return self.env["debt.promise"]._evaluate(run_date)

    @api.model
    def _step_disputes(self, companies, run_date):
        return self.env["debt.dispute"]._notify_past_deadline(run_date)

    @api.model
    def _step_segmentation(self, companies, run_date):
        return self._segment_debtors(run_date)

    @api.model
    def _step_reminders(self, companies, run_date, cron=None):
        """Reminders of the day, grouped per debtor, on the stages just decided.

        Scheduled, they are planned in slices that every cron worker shares
        (``debt.run.slice``); the run goes on once the last slice is sent, and
        returns None (to be called again) while another worker holds one.
        """
        if cron is None:
            return len(self.env["debt.reminder"]._send_reminders(companies))
        Slice = self.env["debt.run.slice"]
        Slice._plan(companies, run_date)
        # The plan and the second worker's trigger in one commit: the other
        # workers start now, not after this one's first slice.
        self.env.ref(RUN_WORKER).sudo()._trigger()
        cron._commit_progress()
        sent = Slice._work(run_date, cron)
        if Slice._left(run_date):
            # Its time is up with slices still free, or another worker holds
            # the last ones (and wakes the run when it has sent them).
            self._continue_later(DAILY_RUN, waiting=not Slice._claim(run_date))
            return None
        return sent

    @api.model
    def _step_worklist(self, companies, run_date, cron=None):
        """The clerks' worklist, with the calls the reminders just scheduled."""
        return self.env["res.partner"]._debt_refresh_worklist()

    @api.model
    def _step_kpis(self, companies, run_date, cron=None):
        return self.env["debt.kpi.report"]._refresh()
