from odoo import fields, models


class DebtCreditRelease(models.Model):
    _inherit = "debt.credit.release"

    picking_id = fields.Many2one(
        "stock.picking", string="Delivery", index="btree_not_null", check_company=True
    )

    def _debt_documents(self):
        # EXTENDS debt_recovery_sale: a released delivery passes, and so do the
        # deliveries of a released order (see stock.picking._debt_credit_documents).
        documents = super()._debt_documents()
        if self.picking_id:
            documents |= {f"stock.picking,{self.picking_id.id}"}
        return documents
