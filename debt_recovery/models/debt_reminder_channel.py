"""How a reminder goes out on each channel, for a whole batch at once.

SMS: the batch's template rendered per template and language, the chatter
messages, ``sms.sms`` rows and notifications created together (queued;
``_flush_sms`` hands them to the provider after the commit). Call: the
activities created together. Letter: the contact row only; the PDF is
rendered by a deferred job (``debt_reminder_document.py``). Bad input (no
number, a template that fails) is logged on the debtor; the batch goes on.
"""

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.tools import clean_context

from odoo.addons.sms.tools.sms_tools import sms_content_to_rendered_html

from ..core.reminders import shorten_sms


class DebtReminder(models.AbstractModel):
    _inherit = "debt.reminder"

    # ------------------------------------------------------------
    # ONE BY ONE (the wizard's email, previews)
    # ------------------------------------------------------------

    @api.model
    def _render_context(self, recipient, moves):
        return {
            "debt_reminder_move_ids": moves.ids,
            "debt_recipient_id": recipient.id,
            "debt_recipient_lang": recipient.lang or recipient.commercial_partner_id.lang,
            "mail_notify_force_send": False,  # through the mail queue
            "mail_post_autofollow": False,
        }

    @api.model
    def _send_email(self, debtor, recipient, stage, moves):
        template = self._default_mail_template(stage)
        message = debtor.with_context(**self._render_context(recipient, moves))
        message = message.message_post_with_source(
            template, subtype_xmlid="mail.mt_comment", partner_ids=recipient.ids
        )
        if not message.partner_ids:
            raise ValueError(self.env._("The email template gave no recipient."))
        return {"message_id": message[:1].id, "mail_template_id": template.id}

    # ------------------------------------------------------------
    # BATCHES
    # ------------------------------------------------------------

    @api.model
    def _send_channel_batch(self, company, channel, items, now):
        """The batch's reminders of ``channel`` together, or one by one if that
        fails (``_batch_or_each``)."""
        return self._batch_or_each(
            company,
            items,
            now,
            channel,
            lambda part: self._channel_batch(company, channel, part, now),
        )

    @api.model
    def _channel_batch(self, company, channel, items, now, strict=False):
        """Send ``items`` of one channel; returns their contact rows (one INSERT).

        Items with bad input are logged as failures, or raise if ``strict``.
        Nothing leaves before the commit, so the rows are made last: a key
        taken meanwhile rolls the whole batch back.
        """
        contacts = self.env["debt.contact"]
        prepare = getattr(self, f"_prepare_{channel}")
        values, failed = prepare(company, items)
        if strict and failed:
            raise next(iter(failed.values()))
        for item in items:
            if item["debtor"].id in failed:
                error = failed[item["debtor"].id]
                contacts |= self._log_failure(company, item["debtor"], item["reminder"], now, error)
        ready = [item for item in items if item["debtor"].id not in failed]
        if not ready:
            return contacts
        deliver = getattr(self, f"_deliver_{channel}")
        extra = deliver(company, ready, values)
        rows = self.env["debt.contact"].create(
            [
                self.env["debt.contact"]._log_values(
                    item["debtor"],
                    channel,
                    self.env._(
                        "%(stage)s: %(count)s invoice(s)",
                        stage=item["stage"].name,
                        count=len(item["moves"]),
                    ),
                    company=company,
                    moves=item["moves"],
                    date=now,
                    stage_id=item["reminder"].stage_id,
                    user_id=False,
                    idempotency_key=item["reminder"].key,
                    recipient_id=item["recipient"].id,
                    **row,
                )
                for item, row in zip(ready, extra, strict=True)
            ]
        )
        rows.flush_recordset()  # the keys: a concurrent run fails here
        if channel == "letter":
            self._hold_letters()
        return contacts | rows

    # ------------------------------------------------------------
    # SMS
    # ------------------------------------------------------------

    @api.model
    def _prepare_sms(self, company, items):
        """({debtor id: (number, body, template)}, {debtor id: error})."""
        self._prepare_documents(items)
        online = self._online_payment(company)
        numbers, failed = {}, {}
        for item in items:
            item["online"] = online
            recipient, debtor = item["recipient"], item["debtor"]
            number = recipient._phone_format(number=recipient.phone or debtor.phone)
            if number:
                numbers[debtor.id] = number
            else:
                failed[debtor.id] = ValueError(self.env._("No valid mobile number."))
        default = self.env.ref("debt_recovery.sms_template_debt_reminder")
        by_template = {}
        for item in items:
            if item["debtor"].id in numbers:
                template = item["stage"].sms_template_id or default
                by_template.setdefault(template, []).append(item)
        values = {}
        for template, group in by_template.items():
            rendered, errors = self._render_emails(template, group, ["body"])
            failed.update(errors)
            for debtor_id, fields_ in rendered.items():
                values[debtor_id] = (numbers[debtor_id], shorten_sms(fields_["body"]), template)
        return values, failed

    @api.model
    def _deliver_sms(self, company, items, values):
        """What ``_message_sms`` (queued) does for each debtor, for the batch:
        the chatter messages, SMS and notifications in one create each."""
        debtors = self.env["res.partner"].browse([item["debtor"].id for item in items])
        debtors = debtors.with_context(**self._batch_context(items))
        subtype = self.env.ref("mail.mt_note")
        author_id, email_from = debtors._message_compute_author(None, None)
        alias_domains = debtors.sudo()._mail_get_alias_domains(default_company=self.env.company)
        companies = debtors._mail_get_companies(default=self.env.company)
        reply_to = debtors._notify_get_reply_to(default=email_from, author_id=author_id)
        values_list = [
            {
                "email_add_signature": True,
                "author_id": author_id,
                "author_guest_id": False,
                "email_from": email_from,
                "model": "res.partner",
                "res_id": debtor.id,
                "body": escape(sms_content_to_rendered_html(values[debtor.id][1])),
                "message_type": "sms",
                "parent_id": False,
                "subject": False,
                "subtype_id": subtype.id,
                "partner_ids": item["recipient"].ids,
                "incoming_email_to": False,
                "incoming_email_cc": False,
                "outgoing_email_to": False,
                "record_alias_domain_id": alias_domains[debtor.id].id,
                "record_company_id": companies[debtor.id].id,
                "reply_to": reply_to[debtor.id],
            }
            for debtor, item in zip(debtors, items, strict=True)
        ]
        messages = debtors._message_create(values_list)
        recipients = self.env["mail.followers"]._get_recipient_data(
            debtors, "sms", subtype.id, [item["recipient"].id for item in items]
        )
        sms_values = []
        for debtor, item, message, msg_vals in zip(
            debtors, items, messages, values_list, strict=True
        ):
            data = self._notify_inbox(recipients, debtor, item, message, msg_vals, author_id)
            number, body, _template = values[debtor.id]
            sms_values += [
                {
                    "body": body,
                    "mail_message_id": message.id,
                    "state": "outgoing",
                    "partner_id": pdata["id"],
                    "number": number,
                }
                for pdata in data
                if pdata["notif"] == "sms"
            ]
        sudo_env = self.sudo().with_context(clean_context(self.env.context)).env
        sms = sudo_env["sms.sms"].create(sms_values)
        sudo_env["mail.notification"].create(
            [
                {
                    "author_id": author_id,
                    "mail_message_id": s.mail_message_id.id,
                    "res_partner_id": s.partner_id.id,
                    "sms_number": s.number,
                    "notification_type": "sms",
                    "sms_id_int": s.id,
                    "sms_tracker_ids": [Command.create({"sms_uuid": s.uuid})],
                    "is_read": True,
                    "notification_status": "ready",
                    "failure_type": "",
                }
                for s in sms
            ]
        )
        return [
            {"message_id": message.id, "sms_template_id": values[debtor.id][2].id}
            for debtor, message in zip(debtors, messages, strict=True)
        ]

    # ------------------------------------------------------------
    # CALL
    # ------------------------------------------------------------

    @api.model
    def _prepare_phone(self, company, items):
        """({debtor id: what the templates show}, {debtor id: error})."""
        self._prepare_documents(items)
        online = self._online_payment(company)
        for item in items:
            item["online"] = online
        context = self._batch_context(items)
        values, failed = {}, {}
        for item in items:
            debtor = item["debtor"].with_context(**context)
            try:
                values[debtor.id] = debtor._debt_reminder_data()
            except Exception as error:  # noqa: BLE001 - logged, the batch goes on
                self.env.invalidate_all()
                failed[debtor.id] = error
        return values, failed

    @api.model
    def _deliver_phone(self, company, items, values):
        """The collectors' call activities, in one create."""
        call = self.env.ref("mail.mail_activity_data_call")
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        admin = self.env.ref("base.user_admin")
        activities = []
        for item in items:
            debtor, recipient = item["debtor"], item["recipient"]
            data = values[debtor.id]
            lines = Markup("").join(
                Markup("<li>%s: %s (%s)</li>")
                % (line["name"], line["residual_text"], line["days_late"])
                for line in data["lines"]
            )
            note = self.env._(
                "Call %(who)s (%(phone)s) about %(total)s overdue. Ask for a date of payment "
                "and record a promise or a dispute.",
                who=recipient.name,
                phone=recipient.phone or debtor.phone or "",
                total=data["total_text"],
            )
            activities.append(
                {
                    "activity_type_id": call.id,
                    "summary": self.env._("Call about %(total)s overdue", total=data["total_text"]),
                    "automated": True,
                    "note": Markup("<p>%s</p><ul>%s</ul>") % (note, lines),
                    "date_deadline": today,
                    "res_model_id": model_id,
                    "res_id": debtor.id,
                    "user_id": self._responsible(debtor, admin).id,
                }
            )
        # Collectors see their tasks in the activities menu and worklist: no
        # email per task assigned (Odoo's ``action_notify``), hundreds a run.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(activities)
        return [{"outcome": "scheduled", "note": a["summary"]} for a in activities]

    # ------------------------------------------------------------
    # LETTER
    # ------------------------------------------------------------

    @api.model
    def _prepare_letter(self, company, items):
        return {}, {}

    @api.model
    def _deliver_letter(self, company, items, values):
        """Nothing rendered here: the job renders the letters of the batch."""
        return [{"outcome": "scheduled", "document_pending": True} for _item in items]

    @api.model
    def _responsible(self, debtor, admin=None):
        """Collector, else the company's collections manager, else salesperson,
        else admin (``admin``: looked up once for a batch)."""
        return (
            debtor.debt_collector_id
            or self.env.company.debt_manager_id
            or debtor.user_id
            or admin
            or self.env.ref("base.user_admin")
        )
