from odoo import fields, models

from ..core.contacts import STAGE_CHANNEL_SELECTION


class DebtChannelCap(models.Model):
    """How many reminders a company may send one debtor on a channel in 7 days.

    One row per company and channel (not a column per channel): a channel
    added to ``core.contacts.STAGE_CHANNELS`` needs no schema change, and a
    channel without a row falls back to ``core.contact_policy``'s default.
    """

    _name = "debt.channel.cap"
    _description = "Reminder Cap per Channel"
    _inherit = ["debt.company.setting.mixin"]

    channel = fields.Selection(STAGE_CHANNEL_SELECTION, required=True)
    per_week = fields.Integer(
        string="Per 7 days",
        required=True,
        help="Reminders to one debtor on this channel within any 7 days (calls: at most 7).",
    )

    _company_channel_uniq = models.Constraint(
        "UNIQUE(company_id, channel)", "A channel has one cap per company."
    )
    _per_week_valid = models.Constraint(
        "CHECK(per_week >= 0 AND (channel != 'phone' OR per_week <= 7))",
        "A cap is not negative, and at most 7 calls in 7 days.",
    )
