"""Email reminders of a batch, rendered together.

One debtor at a time, a reminder email cost a composer, a template render
and a wkhtmltopdf run for the attached statement. Here the batch's
templates are rendered in one call per template and language (the
debtors' invoices and claims reach the template through the context, keyed
by debtor), access tokens are set in one statement, the contact rows are
created together, and the statement is a link, its PDF rendered later when
the company wants it attached (``debt_reminder_document.py``). A debtor
whose email fails to render is rendered again on its own, logged, and the
batch goes on.
"""

import logging

from odoo import api, models
from odoo.tools import SQL, clean_context

_logger = logging.getLogger(__name__)


class DebtReminder(models.AbstractModel):
    _inherit = "debt.reminder"

    @api.model
    def _default_mail_template(self, stage):
        return stage.mail_template_id or self.env.ref("debt_recovery.mail_template_debt_reminder")

    @api.model
    def _prepare_documents(self, items):
        """What the templates of a batch read, fetched together: the invoices'
        fields and their portal access tokens (set in one statement)."""
        moves = self.env["account.move"].browse({m for item in items for m in item["moves"].ids})
        if not moves:
            return
        self.env.execute_query(
            SQL(
                "UPDATE account_move SET access_token = gen_random_uuid()::text"
                " WHERE id = ANY(%s) AND access_token IS NULL",
                moves.ids,
            )
        )
        moves.invalidate_recordset(["access_token"])
        moves.fetch(["name", "invoice_date", "invoice_date_due", "amount_total", "access_token"])

    @api.model
    def _render_emails(self, template, items, fields_=None):
        """{debtor id: {subject, body, email_from?}} of ``items`` (one template;
        or ``fields_`` of it), one render per language; debtors that fail are in
        the second dict."""
        if fields_ is None:
            fields_ = ["subject", "body_html"] + (["email_from"] if template.email_from else [])
        by_lang = {}
        for item in items:
            recipient = item["recipient"]
            lang = recipient.lang or item["debtor"].lang or self.env.lang
            by_lang.setdefault(lang, []).append(item)
        rendered, failed = {}, {}
        for lang, group in by_lang.items():
            context = self._batch_context(group)
            try:
                with self.env.cr.savepoint(flush=False):
                    rendered.update(self._render_group(template, lang, context, group, fields_))
            except Exception:  # noqa: BLE001 - render each on its own to find the culprit
                self.env.invalidate_all()
                for item in group:
                    try:
                        with self.env.cr.savepoint(flush=False):
                            rendered.update(
                                self._render_group(template, lang, context, [item], fields_)
                            )
                    except Exception as error:  # noqa: BLE001 - logged, the batch goes on
                        self.env.invalidate_all()
                        failed[item["debtor"].id] = error
        return rendered, failed

    @api.model
    def _render_group(self, template, lang, context, group, fields_):
        ids = [item["debtor"].id for item in group]
        renderer = template.with_context(lang=lang, **context)
        values = {
            field: renderer._render_field(field, ids, compute_lang=False) for field in fields_
        }
        return {res_id: {field: values[field][res_id] for field in fields_} for res_id in ids}

    @api.model
    def _batch_context(self, items):
        """The rendering context of a batch: each debtor's invoices, recipient and claim."""
        return {
            "debt_reminder_batch": {
                item["debtor"].id: {
                    "move_ids": item["moves"].ids,
                    "recipient_id": item["recipient"].id,
                    "claims": item.get("claims"),
                }
                for item in items
            },
            "debt_reminder_online": items[0].get("online"),
            "mail_notify_force_send": False,
            "mail_post_autofollow": False,
        }

    @api.model
    def _send_email_batch(self, company, items, now):
        """Send the prepared email reminders ``items`` (dicts: debtor,
        recipient, stage, moves, reminder, claims); returns the contact rows."""
        contacts = self.env["debt.contact"]
        if not items:
            return contacts
        self._prepare_documents(items)
        online = self._online_payment(company)
        for item in items:
            item["online"] = online
        templates = {
            stage: self._default_mail_template(stage) for stage in {i["stage"] for i in items}
        }
        by_template = {}
        for item in items:
            by_template.setdefault(templates[item["stage"]], []).append(item)
        subtype = self.env.ref("mail.mt_comment")
        sent = []
        for template, group in by_template.items():
            rendered, failed = self._render_emails(template, group)
            for item in group:
                debtor = item["debtor"]
                if debtor.id in failed:
                    contacts |= self._log_failure(
                        company, debtor, item["reminder"], now, failed[debtor.id]
                    )
                    continue
                if not item["recipient"].email:
                    error = ValueError(self.env._("The email template gave no recipient."))
                    contacts |= self._log_failure(company, debtor, item["reminder"], now, error)
                    continue
                item["template"] = template
                item["values"] = rendered[debtor.id]
                sent.append(item)
        if sent:
            contacts |= self._post_emails(company, sent, subtype, now)
        return contacts

    @api.model
    def _post_emails(self, company, items, subtype, now):
        """Contact rows (one INSERT, the idempotency keys claimed first), then
        each debtor's message through Odoo's mail thread (queue, layout)."""
        contact_values = [
            self.env["debt.contact"]._log_values(
                item["debtor"],
                "email",
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
                outcome="sent",
                idempotency_key=item["reminder"].key,
                recipient_id=item["recipient"].id,
                mail_template_id=item["template"].id,
            )
            for item in items
        ]
        contacts = self.env["debt.contact"].create(contact_values)
        contacts.flush_recordset()  # claims the keys now: a concurrent run fails here
        messages, mails = self._post_messages(items, subtype)
        for contact, message in zip(contacts, messages, strict=True):
            contact.message_id = message
        self._hold_for_documents(company, contacts, mails)
        return contacts

    @api.model
    def _post_messages(self, items, subtype):
        """What ``message_post`` does for each debtor, done for the batch: the
        chatter messages in one create, their emails (Odoo's notification
        layout, queued) and notifications in one create each."""
        debtors = self.env["res.partner"].browse([item["debtor"].id for item in items])
        debtors = debtors.with_context(**self._batch_context(items))
        author_id, email_from = debtors._message_compute_author(None, None)
        alias_domains = debtors.sudo()._mail_get_alias_domains(default_company=self.env.company)
        companies = debtors._mail_get_companies(default=self.env.company)
        reply_to = debtors._notify_get_reply_to(default=email_from, author_id=author_id)
        values_list = []
        for item in items:
            debtor_id, values, template = item["debtor"].id, item["values"], item["template"]
            values_list.append(
                {
                    "email_add_signature": False,
                    "email_layout_xmlid": template.email_layout_xmlid or False,
                    "author_id": author_id,
                    "author_guest_id": False,
                    "email_from": values.get("email_from") or email_from,
                    "model": "res.partner",
                    "res_id": debtor_id,
                    "body": values["body_html"],
                    "message_type": "notification",
                    "parent_id": False,
                    "subject": values["subject"] or False,
                    "subtype_id": subtype.id,
                    "partner_ids": item["recipient"].ids,
                    "incoming_email_to": False,
                    "incoming_email_cc": False,
                    "outgoing_email_to": False,
                    "record_alias_domain_id": alias_domains[debtor_id].id,
                    "record_company_id": companies[debtor_id].id,
                    "reply_to": reply_to[debtor_id],
                }
            )
        messages = debtors._message_create(values_list)
        recipients = self.env["mail.followers"]._get_recipient_data(
            debtors, "notification", subtype.id, [item["recipient"].id for item in items]
        )
        mail_values, notification_values = [], []
        for debtor, item, message, msg_vals in zip(
            debtors, items, messages, values_list, strict=True
        ):
            data = self._notify_inbox(recipients, debtor, item, message, msg_vals, author_id)
            emails = [pdata for pdata in data if pdata["notif"] == "email"]
            mails, notifications = self._email_values(
                debtor,
                message,
                {**msg_vals, "tracking_value_ids": []},  # a new message: nothing tracked
                emails,
                item["template"].auto_delete,
            )
            mail_values += mails
            notification_values += notifications
        Mail = self.env["mail.mail"].sudo().with_context(clean_context(self.env.context))
        mails = Mail.create(mail_values)
        for values, mail in zip(notification_values, mails, strict=True):
            for notification in values:
                notification["mail_mail_id"] = mail.id
        self.env["mail.notification"].sudo().with_context(clean_context(self.env.context)).create(
            [n for values in notification_values for n in values]
        )
        return messages, mails

    @api.model
    def _notify_inbox(self, recipients, debtor, item, message, msg_vals, author_id):
        """Who a reminder's message notifies (its recipient and the debtor's
        followers, not its author), those reading in Odoo notified at once
        as ``message_post`` does; returns them for the channel's own sending."""
        data = [
            pdata
            for pid, pdata in recipients[debtor.id].items()
            if pdata["active"] is not False
            and pid != author_id
            and (pid == item["recipient"].id or pdata["is_follower"])
        ]
        inbox = [pdata for pdata in data if pdata["notif"] == "inbox"]
        if inbox:
            debtor._notify_thread_by_inbox(message, inbox, msg_vals=msg_vals)
        return data

    @api.model
    def _email_values(self, debtor, message, msg_vals, partners_data, auto_delete):
        """The ``mail.mail`` values of one message, as ``_notify_thread_by_email``
        builds them (one per recipients group), with their notifications."""
        base_mail_values = debtor._notify_by_email_get_base_mail_values(
            message, partners_data, additional_values={"auto_delete": auto_delete}
        )
        base_notification_values = debtor._notify_by_email_get_base_notification_values(message)
        mails, notifications = [], []
        for _lang, render_values, group in debtor._notify_get_classified_recipients_iterator(
            message, partners_data, msg_vals=msg_vals
        ):
            body = debtor._notify_by_email_render_layout(
                message, group, msg_vals=msg_vals, render_values=render_values
            )
            if not group["recipients_ids"]:
                continue
            mails.append(
                debtor._notify_by_email_get_final_mail_values(
                    group["recipients_ids"], base_mail_values, additional_values={"body_html": body}
                )
            )
            notifications.append(
                [
                    {"res_partner_id": pid, **base_notification_values}
                    for pid in group["recipients_ids"]
                ]
            )
        return mails, notifications

    @api.model
    def _online_payment(self, company):
        """Whether ``company`` takes payments online (the links open the payment form)."""
        return bool(
            self.env["payment.provider"]
            .sudo()
            .search_count(
                [("state", "in", ("enabled", "test")), ("company_id", "in", company.ids)],
                limit=1,
            )
        )
