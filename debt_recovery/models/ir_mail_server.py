"""A reminder refused for good at send time is a bounce.

A mail server that verifies recipients refuses a dead address in the SMTP
dialogue (a 5xx reply to RCPT) instead of sending a delivery status
notification later. Odoo then only marks the mail as failed; the reminder
run would email the dead address again at the next stage. Here the refusal
of a reminder email goes through Odoo's bounce handling, as the notification
would have (``mail.thread._routing_handle_bounce``): the address is marked on
the partner, the contact says "bounced" and the next run takes another
channel. A temporary refusal (4xx) is not a bounce
(``core.contacts.permanent_refusals`` decides which replies are).
"""

import logging
import smtplib

from odoo import models
from odoo.tools import email_normalize

from odoo.addons.base.models.ir_mail_server import MailDeliveryException

from ..core.contacts import permanent_refusals

_logger = logging.getLogger(__name__)


class IrMailServer(models.Model):
    _inherit = "ir.mail_server"

    # EXTENDS 'base'
    def send_email(self, message, *args, **kwargs):
        try:
            return super().send_email(message, *args, **kwargs)
        except MailDeliveryException as error:
            refusal = error.__context__  # send_email raises from the SMTP error
            if isinstance(refusal, smtplib.SMTPRecipientsRefused):
                try:
                    with self.env.cr.savepoint():
                        self._debt_refused(message["Message-Id"], refusal.recipients)
                except Exception:  # the mail's own failure is what must be kept
                    _logger.exception("Could not record the SMTP refusal of %s", message["To"])
            raise

    def _debt_refused(self, message_id, recipients):
        """``recipients``: {address: (SMTP code, reply)}, as smtplib gives them."""
        permanent = {
            email: reply
            for address, reply in permanent_refusals(recipients).items()
            if (email := email_normalize(address))
        }
        if not permanent or not message_id:
            return
        message = self.env["mail.message"].sudo().search([("message_id", "=", message_id)], limit=1)
        reminders = (
            self.env["debt.contact"]
            .sudo()
            .search_count([("message_id", "=", message.id), ("channel", "=", "email")], limit=1)
            if message
            else 0
        )
        if not reminders:
            return  # not a reminder: Odoo's own handling of a failed mail
        for email, reply in permanent.items():
            self.env["mail.thread"].sudo()._routing_handle_bounce(
                False,
                {
                    "email_from": "",
                    "to": email,
                    "message_id": message_id,
                    "body": self.env._("Refused by the mail server: %(reply)s", reply=reply),
                    "bounced_email": email,
                    "bounced_partner": self.env["res.partner"]
                    .sudo()
                    .search([("email_normalized", "=", email)]),
                    "bounced_msg_ids": [message_id],
                    "bounced_message": message,
                },
            )
