from odoo import fields, models


class DebtCreditReleaseWizard(models.TransientModel):
    _inherit = "debt.credit.release.wizard"

    picking_id = fields.Many2one("stock.picking", string="Delivery", readonly=True)

    def _debt_document(self):
        # EXTENDS debt_recovery_sale
        return self.picking_id or super()._debt_document()
