"""Sending the prepared reminders of a batch: skips logged debtor by debtor,
what goes out gathered per channel, each debtor's invoices re-checked at
send time against the claim (a payment, dispute or promise since the
preparation is never claimed)."""

import dataclasses
import logging

from psycopg2 import IntegrityError

from odoo import api, fields, models

from ..core.claim import MESSAGE
from ..core.reminders import NOTHING_LEFT

_logger = logging.getLogger(__name__)


class DebtReminder(models.AbstractModel):
    _inherit = "debt.reminder"

    # ------------------------------------------------------------
    # SENDING
    # ------------------------------------------------------------

    @api.model
    def _send(self, company, reminders, now):
        """Send or log each prepared reminder; returns the contact rows written.

        Skips are logged debtor by debtor; what goes out is gathered and sent
        channel by channel for the whole batch (``_send_emails``,
        ``_send_channel_batch``).
        """
        self = self.with_company(company)  # noqa: PLW0642 - letters and tasks read env.company
        contacts = self.env["debt.contact"]
        by_debtor = {}
        for reminder in reminders:
            by_debtor.setdefault(reminder.debtor_id, []).append(reminder)
        Partner = self.env["res.partner"].with_company(company)
        stages = self.env["debt.stage"].browse({r.stage_id for r in reminders})
        # What the re-check and the templates read, for the whole batch.
        moves = self.env["account.move"].browse(
            {m for r in reminders if not r.skip for m in r.move_ids}
        )
        moves.fetch(["invoice_date_due", "commercial_partner_id", "company_id", "currency_id"])
        moves.mapped("no_followup")  # computed from the journal items: once for the batch
        recipients = Partner.browse({r.extra.get("recipient_id") for r in reminders} - {None})
        recipients.fetch(["name", "email", "lang", "phone", "email_normalized", "country_id"])
        recipients = {partner.id: partner for partner in recipients}
        by_channel = {}
        partners = Partner.browse(list(by_debtor))
        debtors = {partner.id: partner for partner in partners}
        claims = self._batch_claims(company, partners, moves, now)
        for debtor_id, mine in by_debtor.items():
            debtor = debtors[debtor_id]
            try:
                done, queued = self._send_debtor(
                    company, debtor, mine, stages, now, recipients, claims.get(debtor_id)
                )
                contacts |= done
                for item in queued:
                    by_channel.setdefault(item["reminder"].channel, []).append(item)
            except Exception as error:  # noqa: BLE001 - logged as a task, the batch goes on
                self.env.invalidate_all()
                _logger.exception("Reminders of debtor %s failed", debtor_id)
                contacts |= self._log_failure(company, debtor, mine[0], now, error)
        emails = by_channel.pop("email", [])
        for channel, items in by_channel.items():
            contacts |= self._send_channel_batch(company, channel, items, now)
        contacts |= self._send_emails(company, emails, now)
        return contacts.exists()

    @api.model
    def _send_emails(self, company, items, now):
        """The batch's emails together, or one by one if that fails."""
        if not items:
            return self.env["debt.contact"]
        return self._batch_or_each(
            company, items, now, "email", lambda part: self._send_email_batch(company, part, now)
        )

    @api.model
    def _batch_or_each(self, company, items, now, channel, send):
        """``send(items)`` for the whole batch; if that fails, ``send([item])``
        for each one: a key another worker took meanwhile is skipped, any
        other error is logged on the debtor and the batch goes on."""
        try:
            with self.env.cr.savepoint():
                return send(items)
        except Exception as error:  # noqa: BLE001 - retried one by one below
            self.env.invalidate_all()
            _logger.info(
                "Batch of %s %s reminders failed (%s), one by one", len(items), channel, error
            )
        contacts = self.env["debt.contact"]
        for item in items:
            try:
                with self.env.cr.savepoint():
                    contacts |= send([item])
            except IntegrityError:
                # Another worker sent this reminder meanwhile: its key is taken.
                self.env.invalidate_all()
            except Exception as error:  # noqa: BLE001 - logged as a task, the batch goes on
                self.env.invalidate_all()
                _logger.info("Reminder %s failed: %s", item["reminder"].key, error)
                contacts |= self._log_failure(company, item["debtor"], item["reminder"], now, error)
        return contacts

    @api.model
    def _batch_claims(self, company, debtors, moves, now):
        """{debtor id: {currency: Claim}} of the batch's invoices, in a few
        queries for the whole batch; empty if that fails (each debtor's claim
        is then computed on its own, and a failing one logged)."""
        if not moves:
            return {}
        try:
            with self.env.cr.savepoint(flush=False):
                today = fields.Date.context_today(self, now)
                return debtors._debt_claims(company, today, MESSAGE, moves=moves)
        except Exception:  # noqa: BLE001 - debtor by debtor below
            self.env.invalidate_all()
            _logger.info("Claims of a batch of %s debtors failed, one by one", len(debtors))
            return {}

    @api.model
    def _send_debtor(self, company, debtor, reminders, stages, now, recipients=None, claims=None):
        """Skips of one debtor: (contact rows, its reminders to send with the
        batch, as dicts: debtor, recipient, stage, moves, reminder, claims).
        ``claims``: the debtor's, computed with its batch."""
        contacts = self.env["debt.contact"]
        to_skip = [r for r in reminders if r.skip]
        to_send = [r for r in reminders if not r.skip]
        moves = self.env["account.move"]
        if to_send:
            moves, claims = self._recheck_claims(company, to_send[0].move_ids, now, debtor, claims)
            if not moves:
                to_skip += [dataclasses.replace(r, skip=NOTHING_LEFT) for r in to_send]
                to_send = []
        queued = [
            {
                "debtor": debtor,
                "recipient": (recipients or {}).get(reminder.extra.get("recipient_id"))
                or self.env["res.partner"].browse(reminder.extra.get("recipient_id")),
                "stage": stages.browse(reminder.stage_id),
                "moves": moves,
                "reminder": reminder,
                "claims": claims,
            }
            for reminder in to_send
        ]
        if to_skip:
            with self.env.cr.savepoint():
                for reminder in to_skip:
                    contacts |= self._log_skip(company, debtor, reminder, stages, now)
        return contacts, queued

    @api.model
    def _recheck(self, company, move_ids, now=None):
        """Right before sending: the invoices still to mention, those something
        is claimed of (``res.partner._debt_claim`` as a message). Paid, held,
        covered by the debtor's credits or below the company's minimum:
        nothing left, nothing sent."""
        return self._recheck_claims(company, move_ids, now)[0]

    @api.model
    def _recheck_claims(self, company, move_ids, now=None, debtor=None, claims=None):
        """(invoices still to mention, their claim) – the claim is returned
        only when it covers exactly those invoices, so the template can show
        it without claiming again. ``debtor``: the invoices' (prefetched);
        ``claims``: its claim on them, computed with its batch."""
        moves = self.env["account.move"].browse(move_ids)
        if debtor is None:
            moves = moves.exists()
        today = fields.Date.context_today(self, now)
        claimed, all_claims = [], {}
        debtors = debtor or moves.commercial_partner_id
        batch_claims = claims if len(debtors) == 1 else None
        for partner in debtors:
            mine = batch_claims
            if mine is None:
                mine = partner._debt_claim(company, today, MESSAGE, moves=moves)
            all_claims.update(mine)
            claimed += [
                i for claim in mine.values() if claim.total > 0 for i in claim.claimed_move_ids
            ]
        result = moves.browse(claimed).sorted(lambda m: (m.invoice_date_due, m.id))
        exact = set(result.ids) == set(moves.ids) and len(debtors) == 1
        return result, (all_claims if exact else None)

    @api.model
    def _send_channel(self, company, debtor, recipient, stage, moves, reminder, now):
        """One reminder, sent by hand (the wizard): bad input raises."""
        if reminder.channel != "email":
            item = {
                "debtor": debtor,
                "recipient": recipient,
                "stage": stage,
                "moves": moves,
                "reminder": reminder,
                "claims": None,
            }
            return self._channel_batch(company, reminder.channel, [item], now, strict=True)
        summary = self.env._("%(stage)s: %(count)s invoice(s)", stage=stage.name, count=len(moves))
        contact = self._log_reminder(
            company,
            debtor,
            reminder,
            now,
            summary,
            moves,
            outcome="sent",
            idempotency_key=reminder.key,
            recipient_id=recipient.id,
        )
        contact.flush_recordset()  # claims the key now: a concurrent run fails here
        contact.write(self._send_email(debtor, recipient, stage, moves))
        return contact
