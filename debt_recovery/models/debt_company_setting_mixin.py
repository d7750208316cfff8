from odoo import fields, models


class DebtCompanySettingMixin(models.AbstractModel):
    """A row of one of a company's small settings tables (segment pace, reminder
    caps): it belongs to the company and goes with it."""

    _name = "debt.company.setting.mixin"
    _description = "Company Collection Setting"
    _order = "company_id, id"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
