import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from ..core.contact_policy import Debtor
from ..core.contacts import STAGE_CHANNELS, address_bounced
from ..core.reminders import (
    Contact,
    OpenInvoice,
    Recipient,
    StageRule,
    choose_recipient,
    group_by_debtor,
    held_skips_like,
    make_policy,
    plan_reminders,
    quiet_run_key,
)
from .account_move import open_invoice_sql
from .debt_stage import CHANNEL_FIELDS

_logger = logging.getLogger(__name__)

# Debtors per batch: three queries prepare a batch, one transaction sends it.
BATCH_SIZE = 200
# The hourly pass of what quiet hours held back.
HOURLY_PASS = "debt_recovery.ir_cron_debt_reminders"
# How far back the contact log is read for cadence, gaps and caps.
HISTORY_DAYS = 400

# Open invoices of a batch of debtors that are in collection.
INVOICES = """
    SELECT m.id, m.commercial_partner_id, i.stage_id, i.stage_date, m.amount_residual,
           m.payment_state, m.debt_hold_reason
      FROM account_move m
      JOIN debt_item i ON i.move_id = m.id
     WHERE %(open)s
       AND m.company_id = %(company)s
       AND m.commercial_partner_id = ANY(%(debtors)s)
       AND i.stage_id IS NOT NULL AND i.closed_date IS NULL
     ORDER BY m.commercial_partner_id, m.invoice_date_due, m.id
"""


class DebtReminder(models.AbstractModel):
    """Reminders of the daily run: one per debtor, stage, channel and day.

    Preparation reads a batch of debtors in three queries (invoices, contacts
    and recipients, contact log) and asks ``core.reminders`` what is due and
    allowed; sending re-checks each debtor's invoices, renders the stage's
    templates and logs every contact and skip in ``debt.contact``, whose
    unique idempotency key makes a rerun send nothing twice. Each debtor and
    each channel runs in a savepoint: a failure is logged on the debtor as a
    task and the batch goes on.
    """

    _name = "debt.reminder"
    _description = "Collection Reminders"

    # ------------------------------------------------------------
    # ENTRY POINTS
    # ------------------------------------------------------------

    @api.model
    def _cron_send_reminders(self, now=None):
        """Scheduled, hourly: the reminders quiet hours held back today, for the
        debtors now in their contact hours.

        It waits while the day's run has slices to send (the two never work on
        the same debtors at once). Its debtors are cut into slices of its own,
        one plan an hour: a pass whose time is up triggers the next job, which
        goes on where it stopped instead of starting over.
        """
        engine = self.sudo()
        now = now or fields.Datetime.now()
        today = fields.Date.context_today(self, now)
        Slice = engine.env["debt.run.slice"]
        cron = self.env["ir.cron"]
        if Slice._left(today):
            return  # the day's run is sending; it reads the contact hours itself
        key = quiet_run_key(now)
        # Every company, a few rows; the debtors are then read in slices.
        companies = engine.env["res.company"].search([])  # pylint: disable=no-search-all
        if not Slice._planned(companies, today, key):
            Slice._plan(companies, today, key, engine._held_by_quiet_hours(companies, today))
        cron._commit_progress(remaining=Slice._left(today, key))
        Slice._work(today, cron, now=now, key=key)
        if Slice._left(today, key):
            self.env["debt.escalation"]._continue_later(HOURLY_PASS)
        else:
            cron._commit_progress(remaining=0)

    @api.model
    def _held_by_quiet_hours(self, companies, today):
        """{company: [debtor ids]} of the debtors in collection whose reminder
        quiet hours held back today (one query, beside the pending debtors')."""
        rows = self.env.execute_query(
            SQL(
                """
SELECT company_id, array_agg(DISTINCT partner_id ORDER BY partner_id)
  FROM debt_contact
 WHERE company_id = ANY(%(companies)s) AND outcome = 'skipped'
   AND date >= %(since)s AND idempotency_key LIKE %(held)s
 GROUP BY company_id
                """,
                companies=companies.ids,
                since=today - timedelta(days=1),  # keys name the day in the company's clock
                held=held_skips_like(today),
            )
        )
        held = {company_id: set(ids) for company_id, ids in rows}
        pending = self._pending_debtors(companies.browse(list(held)))
        return {
            company: [debtor for debtor in ids if debtor in held[company.id]]
            for company, ids in pending.items()
        }

    @api.model
    def _send_reminders(self, companies, now=None, batch_size=BATCH_SIZE):
        """All reminders of ``companies`` in the current transaction (no commit).

        Returns the ``debt.contact`` rows written (sent, scheduled, skipped, failed).
        """
        now = now or fields.Datetime.now()
        contacts = self.env["debt.contact"]
        for company, debtor_ids in self._pending_debtors(companies).items():
            for batch in split_every(batch_size, debtor_ids):
                contacts |= self._process_batch(company, list(batch), now)
        self._flush_sms(contacts)
        return contacts

    @api.model
    def _process_batch(self, company, debtor_ids, now):
        reminders = self._prepare(company, debtor_ids, now)
        return self._send(company, reminders, now)

    # ------------------------------------------------------------
    # PREPARATION
    # ------------------------------------------------------------

    @api.model
    def _pending_debtors(self, companies):
        """{company: [debtor ids]} of debtors with invoices in collection, not on hold."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
SELECT m.company_id, array_agg(DISTINCT m.commercial_partner_id ORDER BY m.commercial_partner_id)
  FROM account_move m
  JOIN debt_item i ON i.move_id = m.id
 WHERE %(open)s
   AND m.company_id = ANY(%(companies)s) AND m.debt_hold_reason IS NULL
   AND i.stage_id IS NOT NULL AND i.closed_date IS NULL
 GROUP BY m.company_id
 ORDER BY m.company_id
                """,
                open=open_invoice_sql("m"),
                companies=companies.ids,
            )
        )
        Company = self.env["res.company"]
        return {Company.browse(company_id): ids for company_id, ids in rows}

    @api.model
    def _stage_rules(self, company):
        stages = (
            self.env["debt.stage"]
            .sudo()
            .search_fetch(
                [("company_id", "=", company.id)],
                [
                    "sequence",
                    *CHANNEL_FIELDS.values(),
                    "repeat_interval_days",
                    "max_repeats",
                ],
            )
        )
        return {
            stage.id: StageRule(
                stage_id=stage.id,
                sequence=stage.sequence,
                channels=stage._debt_channels(),
                repeat_interval_days=stage.repeat_interval_days,
                max_repeats=stage.max_repeats,
            )
            for stage in stages
        }

    @api.model
    def _prepare(self, company, debtor_ids, now, stages=None):
        """The reminders due for a batch of debtors: a list of ``core`` Reminders.

        Three queries whatever the batch size; ``now`` is naive UTC.
        """
        today = fields.Date.context_today(self, now)
        stages = stages if stages is not None else self._stage_rules(company)
        self.env.flush_all()
        invoices = [
            OpenInvoice(
                move_id=row[0],
                debtor_id=row[1],
                stage_id=row[2],
                stage_date=row[3],
                residual=float(row[4]),
                payment_state=row[5],
                hold_reason=row[6],
            )
            for row in self.env.execute_query(
                SQL(INVOICES, open=open_invoice_sql("m"), company=company.id, debtors=debtor_ids)
            )
        ]
        grouped = group_by_debtor(invoices, stages)
        if not grouped:
            return []
        people = self._read_people(list(grouped))
        history = self._read_history(company, list(grouped), now)
        policy_values = company._debt_policy_values()
        reminders = []
        for debtor_id, (stage_id, since, move_ids) in grouped.items():
            debtor, recipient_id, policy = self._policy_inputs(
                people.get(debtor_id, []), policy_values
            )
            for reminder in plan_reminders(
                debtor_id=debtor_id,
                stage=stages[stage_id],
                since=since,
                move_ids=move_ids,
                debtor=debtor,
                policy=policy,
                contacts=history.get(debtor_id, []),
                now_utc=now,
                today=today,
            ):
                reminder.extra["recipient_id"] = recipient_id
                reminders.append(reminder)
        return reminders

    @api.model
    def _read_people(self, debtor_ids):
        """Each debtor with its invoicing contacts, as dicts: one query."""
        rows = self.env.execute_query(
            SQL(
                """
SELECT p.id, p.commercial_partner_id, p.type, p.id = p.commercial_partner_id,
       COALESCE(p.debt_do_not_contact, FALSE), p.email, p.phone, p.tz,
       (COALESCE(p.street, '') != '' AND (COALESCE(p.city, '') != '' OR COALESCE(p.zip, '') != '')),
       COALESCE(p.debt_opt_out_email, FALSE), COALESCE(p.debt_opt_out_sms, FALSE),
       COALESCE(p.debt_opt_out_letter, FALSE), COALESCE(p.debt_opt_out_phone, FALSE),
       p.debt_contact_hour_from, p.debt_contact_hour_to,
       p.email_normalized, p.debt_bounced_email, p.debt_preferred_channel
  FROM res_partner p
 WHERE p.commercial_partner_id = ANY(%(debtors)s) AND p.active
   AND (p.id = p.commercial_partner_id OR p.type = 'invoice')
 ORDER BY p.commercial_partner_id, p.id
                """,
                debtors=debtor_ids,
            )
        )
        keys = (
            "id debtor_id type is_commercial dnc email phone tz has_address "
            "opt_email opt_sms opt_letter opt_phone hour_from hour_to "
            "email_normalized bounced_email preferred"
        ).split()
        people = {}
        for row in rows:
            person = dict(zip(keys, row, strict=True))
            people.setdefault(person["debtor_id"], []).append(person)
        return people

    @api.model
    def _read_history(self, company, debtor_ids, now):
        """{debtor id: [core Contact]} of the last months' outbound contacts: one query."""
        rows = self.env.execute_query(
            SQL(
                """
SELECT partner_id, date, channel, outcome, stage_id, idempotency_key
  FROM debt_contact
 WHERE company_id = %(company)s AND partner_id = ANY(%(debtors)s)
   AND direction = 'outbound' AND date >= %(since)s
                """,
                company=company.id,
                debtors=debtor_ids,
                since=now - timedelta(days=HISTORY_DAYS),
            )
        )
        history = {}
        for partner_id, when, channel, outcome, stage_id, key in rows:
            history.setdefault(partner_id, []).append(
                Contact(when=when, channel=channel, outcome=outcome, stage_id=stage_id, key=key)
            )
        return history

    @api.model
    def _policy_inputs(self, people, policy_values):
        """(core Debtor, recipient partner id, core Policy) of one debtor."""
        commercial = next((p for p in people if p["is_commercial"]), None) or {}
        chosen = choose_recipient(
            [
                Recipient(p["id"], p["type"], p["dnc"], p["is_commercial"])
                for p in people
                if p["is_commercial"] or p["type"] == "invoice"
            ]
        )
        person = next((p for p in people if chosen and p["id"] == chosen.partner_id), None)
        opted_out = frozenset(ch for ch in STAGE_CHANNELS if commercial.get(f"opt_{ch}"))
        debtor = Debtor(
            do_not_contact=bool(commercial.get("dnc")) or person is None,
            opted_out=opted_out,
            email=person and person["email"],
            mobile=(person and person["phone"]) or commercial.get("phone"),
            has_address=bool(commercial.get("has_address")),
            tz=(person and person["tz"]) or commercial.get("tz"),
            preferred_channel=commercial.get("preferred"),
            bounced=frozenset(
                {"email"}
                if person and address_bounced(person["email_normalized"], person["bounced_email"])
                else ()
            ),
        )
        policy = make_policy(
            **policy_values,
            debtor_hour_from=commercial.get("hour_from"),
            debtor_hour_to=commercial.get("hour_to"),
        )
        return debtor, person and person["id"], policy
