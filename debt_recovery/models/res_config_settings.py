from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    debt_promise_tolerance_days = fields.Integer(
        related="company_id.debt_promise_tolerance_days", readonly=False
    )
    debt_dispute_deadline_days = fields.Integer(
        related="company_id.debt_dispute_deadline_days", readonly=False
    )
    debt_segment_pace_ids = fields.One2many(
        related="company_id.debt_segment_pace_ids", readonly=False
    )
    debt_escalate_broken_promises = fields.Boolean(
        related="company_id.debt_escalate_broken_promises", readonly=False
    )
    debt_dispute_hold = fields.Selection(related="company_id.debt_dispute_hold", readonly=False)
    debt_jurisdiction = fields.Selection(related="company_id.debt_jurisdiction", readonly=False)
    debt_custom_rate_source = fields.Selection(
        related="company_id.debt_custom_rate_source", readonly=False
    )
    debt_custom_margin = fields.Float(related="company_id.debt_custom_margin", readonly=False)
    debt_custom_fee = fields.Monetary(related="company_id.debt_custom_fee", readonly=False)
    debt_claim_minimum = fields.Monetary(related="company_id.debt_claim_minimum", readonly=False)
    debt_payment_deadline_days = fields.Integer(
        related="company_id.debt_payment_deadline_days", readonly=False
    )
    debt_contact_hour_from = fields.Float(
        related="company_id.debt_contact_hour_from", readonly=False
    )
    debt_contact_hour_to = fields.Float(related="company_id.debt_contact_hour_to", readonly=False)
    debt_no_weekends = fields.Boolean(related="company_id.debt_no_weekends", readonly=False)
    debt_min_days_between = fields.Integer(
        related="company_id.debt_min_days_between", readonly=False
    )
    debt_channel_cap_ids = fields.One2many(
        related="company_id.debt_channel_cap_ids", readonly=False
    )
    debt_manager_id = fields.Many2one(related="company_id.debt_manager_id", readonly=False)
    debt_letter_by_post = fields.Boolean(related="company_id.debt_letter_by_post", readonly=False)
    debt_bad_debt_account_id = fields.Many2one(
        related="company_id.debt_bad_debt_account_id", readonly=False
    )
    debt_reminder_attach_pdf = fields.Boolean(
        related="company_id.debt_reminder_attach_pdf", readonly=False
    )
