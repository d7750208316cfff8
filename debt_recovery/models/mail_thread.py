from odoo import api, models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    # EXTENDS 'mail'
    @api.model
    def _routing_handle_bounce(self, email_message, message_dict):
        """A bounce of a reminder email: its contact row says "bounced"."""
        result = super()._routing_handle_bounce(email_message, message_dict)
        message, email = message_dict.get("bounced_message"), message_dict.get("bounced_email")
        if message and email:
            contacts = (
                self.env["debt.contact"]
                .sudo()
                .search([("message_id", "in", message.ids), ("channel", "=", "email")])
            )
            contacts._debt_receive_bounce(email, message_dict.get("body"))
        return result
