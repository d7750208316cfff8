"""How a reminder goes out on each channel: email and SMS through their
templates, the letter as a PDF (print task or post), the call as an activity."""

from markupsafe import Markup

from odoo import api, fields, models

from ..core.reminders import shorten_sms


class DebtReminder(models.AbstractModel):
    _inherit = "debt.reminder"

    # ------------------------------------------------------------
    # CHANNELS
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
        template = stage.mail_template_id or self.env.ref(
            "debt_recovery.mail_template_debt_reminder"
        )
        message = debtor.with_context(**self._render_context(recipient, moves))
        message = message.message_post_with_source(
            template, subtype_xmlid="mail.mt_comment", partner_ids=recipient.ids
        )
        if not message.partner_ids:
            raise ValueError(self.env._("The email template gave no recipient."))
        return {"message_id": message[:1].id, "mail_template_id": template.id}

    @api.model
    def _send_sms(self, debtor, recipient, stage, moves):
        template = stage.sms_template_id or self.env.ref("debt_recovery.sms_template_debt_reminder")
        context = self._render_context(recipient, moves)
        body = template.with_context(**context)._render_field(
            "body", debtor.ids, compute_lang=True
        )[debtor.id]
        number = recipient._phone_format(number=recipient.phone or debtor.phone)
        if not number:
            raise ValueError(self.env._("No valid mobile number."))
        message = debtor.with_context(**context)._message_sms(
            shorten_sms(body),
            partner_ids=recipient.ids,
            sms_pid_to_number={recipient.id: number},
            put_in_queue=True,
        )
        return {"message_id": message.id, "sms_template_id": template.id}

    @api.model
    def _send_letter(self, debtor, recipient, stage, moves):
        report = stage.letter_report_id or self.env.ref(
            "debt_recovery.action_report_debt_demand_letter"
        )
        today = fields.Date.context_today(self)
        # The contact row exists already (it holds the idempotency key): no summary.
        attachment, message, _contact = debtor._debt_send_letter(
            report,
            self.env._("%(stage)s: letter ready to post.", stage=stage.name),
            moves=moves,
        )
        if self.env.company.debt_letter_by_post and "snailmail.letter" in self.env:
            # Queued: snailmail's own cron posts pending letters.
            self.env["snailmail.letter"].create(
                {
                    "partner_id": debtor.id,
                    "model": "res.partner",
                    "res_id": debtor.id,
                    "report_template": report.id,
                    "attachment_id": attachment.id,
                    "company_id": self.env.company.id,
                    "state": "pending",
                }
            )
        else:
            debtor.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=self.env._("Print and post the letter"),
                note=self.env._(
                    "%(stage)s: the letter is attached in the chatter.", stage=stage.name
                ),
                user_id=self._responsible(debtor).id,
            )
        return {"message_id": message.id, "outcome": "scheduled"}

    @api.model
    def _send_phone(self, debtor, recipient, stage, moves):
        data = debtor.with_context(**self._render_context(recipient, moves))._debt_reminder_data()
        lines = Markup("").join(
            Markup("<li>%s: %s (%s)</li>")
            % (line["name"], line["residual_text"], line["days_late"])
            for line in data["lines"]
        )
        note = self.env._(
            "Call %(who)s (%(phone)s) about %(total)s overdue. Ask for a date of payment and "
            "record a promise or a dispute.",
            who=recipient.name,
            phone=recipient.phone or debtor.phone or "",
            total=data["total_text"],
        )
        activity = debtor.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=fields.Date.context_today(self),
            summary=self.env._("Call about %(total)s overdue", total=data["total_text"]),
            note=Markup("<p>%s</p><ul>%s</ul>") % (note, lines),
            user_id=self._responsible(debtor).id,
        )
        return {"outcome": "scheduled", "note": activity.summary}

    @api.model
    def _responsible(self, debtor):
        """Collector, else the company's collections manager, else salesperson, else admin."""
        return (
            debtor.debt_collector_id
            or self.env.company.debt_manager_id
            or debtor.user_id
            or self.env.ref("base.user_admin")
        )
