from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    debt_promise_kept_rate = fields.Integer(
        string="Promises kept (%)",
        compute="_compute_debt_promise_kept_rate",
        help="Share of the promises this collector took in the last 12 months that were "
        "kept, fully or in part.",
    )

    def _compute_debt_promise_kept_rate(self):
        rates = self.env["debt.promise"]._kept_rates("user_id", self.ids)
        for user in self:
            user.debt_promise_kept_rate = rates.get(user.id) or 0
