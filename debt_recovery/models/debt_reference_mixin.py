from odoo import api, fields, models


class DebtReferenceMixin(models.AbstractModel):
    """A company's numbered collection record (promise, dispute, placement):
    its reference comes from the ``ir.sequence`` coded as the model."""

    _name = "debt.reference.mixin"
    _description = "Numbered Collection Record"

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(self._name) or "/"
        return super().create(vals_list)
