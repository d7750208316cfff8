from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    debt_promise_tolerance_days = fields.Integer(
        related="company_id.debt_promise_tolerance_days", readonly=False
    )
    debt_dispute_deadline_days = fields.Integer(
        related="company_id.debt_dispute_deadline_days", readonly=False
    )
