from odoo import models


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "debt.credit.hold.mixin"]

    _debt_credit_link = "picking_id"

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def button_validate(self):
        # EXTENDS stock: outgoing deliveries of a debtor the credit rules block are
        # put on hold instead of being validated; the others are validated.
        held = self.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and p.state not in ("done", "cancel")
            and p.partner_id
        )._debt_credit_check()
        if held and held == self.filtered(lambda p: p.state != "done"):
            return True
        return super(StockPicking, self - held).button_validate()

    # ------------------------------------------------------------
    # CREDIT HOLD (debt.credit.hold.mixin)
    # ------------------------------------------------------------

    def _debt_credit_debtor(self):
        self.ensure_one()
        if self.sale_id:
            return self.sale_id._debt_credit_debtor()
        return super()._debt_credit_debtor()

    def _debt_credit_documents(self):
        """A delivery adds no exposure (its order is counted already); a release of
        its order covers it."""
        documents = super()._debt_credit_documents()
        if self.sale_id:
            documents |= self.sale_id._debt_credit_documents()
        return documents

    def _debt_credit_paid_in_advance(self):
        self.ensure_one()
        return bool(self.sale_id) and self.sale_id._debt_credit_paid_in_advance()

    def _debt_credit_open_domain(self):
        return [("state", "not in", ("done", "cancel"))]

    def _debt_credit_hold_message(self):
        return self.env._("Credit hold: the delivery was not validated.")

    def _debt_credit_go_on(self):
        return self.button_validate()

    def _debt_credit_lifted(self):
        """Validating stays with the warehouse."""
        self.write({"debt_credit_hold": False})
