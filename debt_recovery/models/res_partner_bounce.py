"""A bounced email address is not used for reminders until it changes.

Odoo's bounce handling (``mail.thread._routing_handle_bounce``) calls
``_message_receive_bounce`` on every partner with the bounced address: the
address is kept here, and ``core.contacts.address_bounced`` tells the
reminder run it is invalid while it is still the partner's email. A new
address, or an email received from the old one (Odoo's
``_message_reset_bounce``), makes the email channel available again.
"""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    debt_bounced_email = fields.Char(
        string="Bounced email",
        readonly=True,
        copy=False,
        help="A reminder to this address bounced: reminders go by SMS or letter "
        "until the email address changes.",
    )

    # EXTENDS 'mail'
    def _message_receive_bounce(self, email, partner):
        result = super()._message_receive_bounce(email, partner)
        self.filtered(lambda p: p.debt_bounced_email != email).write({"debt_bounced_email": email})
        return result

    # EXTENDS 'mail'
    def _message_reset_bounce(self, email):
        result = super()._message_reset_bounce(email)
        self.filtered("debt_bounced_email").write({"debt_bounced_email": False})
        return result
