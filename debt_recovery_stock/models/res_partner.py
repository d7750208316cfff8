from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _debt_credit_held_debtors(self):
        # EXTENDS debt_recovery_sale: debtors with a delivery on credit hold too.
        held = super()._debt_credit_held_debtors()
        for company, partner in (
            self.env["stock.picking"]
            .sudo()
            ._read_group(
                [("debt_credit_hold", "=", True), ("state", "not in", ("done", "cancel"))],
                ["company_id", "partner_id"],
            )
        ):
            held[company] = held.get(company, self.browse()) | partner.commercial_partner_id
        return held

    def _debt_credit_recheck(self, company):
        # EXTENDS debt_recovery_sale: lift the holds of deliveries that now pass.
        result = super()._debt_credit_recheck(company)
        self.env["stock.picking"]._debt_credit_lift_held(self.commercial_partner_id, company)
        return result
