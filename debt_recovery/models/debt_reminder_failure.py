"""The contact log of the run's reminders, and those that did not go out: a
skip the policy decided, or a failure while rendering or sending. Each is
logged once (its idempotency key) and becomes a task for the collector; none
stops the batch."""

from psycopg2 import IntegrityError

from odoo import api, fields, models

from ..core.reminders import failed_key, skip_key


class DebtReminder(models.AbstractModel):
    _inherit = "debt.reminder"

    def _log_reminder(self, company, debtor, reminder, now, summary, moves, **values):
        """The contact row of a reminder of the run (sent, skipped or failed)."""
        return self.env["debt.contact"]._log(
            debtor,
            reminder.channel,
            summary,
            company=company,
            moves=moves,
            date=now,
            stage_id=reminder.stage_id,
            user_id=False,
            **values,
        )

    # ------------------------------------------------------------
    # SKIPS AND FAILURES
    # ------------------------------------------------------------

    @api.model
    def _log_skip(self, company, debtor, reminder, stages, now):
        reason_label = dict(
            self.env["debt.contact"]._fields["reason"]._description_selection(self.env)
        )[reminder.skip]
        contact = self._log_reminder(
            company,
            debtor,
            reminder,
            now,
            self.env._(
                "%(stage)s not sent: %(reason)s",
                stage=stages.browse(reminder.stage_id).name,
                reason=reason_label,
            ),
            self.env["account.move"].browse(reminder.move_ids),
            outcome="skipped",
            reason=reminder.skip,
            idempotency_key=skip_key(reminder.key, reminder.skip),
            recipient_id=reminder.extra.get("recipient_id"),
        )
        if reminder.skip == "no_address":
            self._make_task(debtor, contact.summary)
        return contact

    @api.model
    def _log_failure(self, company, debtor, reminder, now, error):
        """A failed reminder: contact row, chatter message and a To-Do; never raises."""
        if isinstance(error, ValueError):
            reason = "no_address"  # no recipient or number: raised before rendering
        elif reminder.channel in ("email", "sms"):
            reason = "render_failed"  # provider errors come later, from _flush_sms
        else:
            reason = "error"
        text = str(error) or error.__class__.__name__
        summary = self.env._(
            "%(channel)s reminder failed: %(error)s", channel=reminder.channel, error=text
        )
        try:
            with self.env.cr.savepoint():
                contact = self._log_reminder(
                    company,
                    debtor,
                    reminder,
                    now,
                    summary,
                    self.env["account.move"].browse(reminder.move_ids),
                    outcome="failed",
                    reason=reason,
                    note=text,
                    idempotency_key=failed_key(reminder.key),
                    recipient_id=reminder.extra.get("recipient_id"),
                )
                debtor.message_post(body=summary)
                self._make_task(debtor, summary)
                return contact
        except IntegrityError:  # already logged today
            self.env.invalidate_all()
            return self.env["debt.contact"]

    @api.model
    def _make_task(self, debtor, summary):
        """A To-Do for the debtor's collector, unless the same one is open."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        title = self.env._("Reminder not sent")
        if debtor.activity_ids.filtered(
            lambda a: a.activity_type_id == todo
            and a.summary == title
            and a.note
            and summary in a.note
        ):
            return
        debtor.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=fields.Date.context_today(self),
            summary=title,
            note=summary,
            user_id=self._responsible(debtor).id,
        )

    @api.model
    def _flush_sms(self, contacts):
        """Hand the queued SMS of ``contacts`` to the provider; failures become tasks."""
        contacts = contacts.filtered(lambda c: c.channel == "sms" and c.outcome == "sent")
        if not contacts:
            return
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search(
                [("mail_message_id", "in", contacts.message_id.ids), ("state", "=", "outgoing")]
            )
        )
        sms._send(unlink_failed=False, unlink_sent=True, raise_exception=False)
        failed = {s.mail_message_id: s.failure_type for s in sms.exists() if s.state == "error"}
        for contact in contacts.filtered(lambda c: c.message_id in failed):
            error = failed[contact.message_id] or "error"
            summary = self.env._("SMS reminder failed: %(error)s", error=error)
            contact.write({"outcome": "failed", "reason": "provider_error", "note": error})
            contact.partner_id.message_post(body=summary)
            self._make_task(contact.partner_id, summary)
