from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    debt_stage_ids = fields.One2many("debt.stage", "company_id", string="Collection stages")
    debt_promise_tolerance_days = fields.Integer(
        string="Promise tolerance (days)",
        default=3,
        help="Days after a promised date before an unpaid promise counts as broken.",
    )
    debt_dispute_deadline_days = fields.Integer(
        string="Dispute deadline (days)",
        default=14,
        help="Days a new dispute has to be resolved in.",
    )

    _debt_tolerance_positive = models.Constraint(
        "CHECK(debt_promise_tolerance_days >= 0 AND debt_dispute_deadline_days >= 0)",
        "Collection delays cannot be negative.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # EXTENDS base: every new company starts with the default ladder.
        companies = super().create(vals_list)
        self.env["debt.stage"]._create_default_ladder(companies)
        return companies
