from odoo import fields, models
from odoo.exceptions import UserError

from .debt_credit_hold_mixin import DebtCreditHoldMixin


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "debt.credit.hold.mixin"]

    _debt_credit_link = "order_id"
    _debt_credit_partner_field = "partner_invoice_id"
    _debt_credit_guarded = (*DebtCreditHoldMixin._debt_credit_guarded, "debt_credit_prepayment")

    # === Credit hold (the rest from debt.credit.hold.mixin) === #
    debt_credit_prepayment = fields.Boolean(
        string="Prepayment asked",
        readonly=True,
        copy=False,
        help="The order is confirmed once the customer paid it online.",
    )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_confirm(self):
        # EXTENDS sale: orders of a debtor the credit rules block are put on hold
        # instead of being confirmed; the others are confirmed.
        held = self.filtered(lambda o: o.state in ("draft", "sent"))._debt_credit_check()
        if held and held == self:
            return True
        return super(SaleOrder, self - held).action_confirm()

    def action_debt_credit_prepayment(self):
        """Ask the customer to pay the order in advance through the portal."""
        if self.filtered(lambda o: not o.debt_credit_hold or o.state not in ("draft", "sent")):
            raise UserError(self.env._("Only quotations on credit hold wait for a prepayment."))
        self.write({"require_payment": True, "prepayment_percent": 1.0})
        self.sudo().write({"debt_credit_prepayment": True})
        for order in self:
            order.message_post(
                body=self.env._(
                    "Prepayment of %(amount)s asked: the order is confirmed once paid online.",
                    amount=order.currency_id.format(order._get_prepayment_required_amount()),
                )
            )
        return self.action_quotation_send()

    # ------------------------------------------------------------
    # CREDIT HOLD (debt.credit.hold.mixin)
    # ------------------------------------------------------------

    def _debt_credit_paid_in_advance(self):
        """Paid in full online, or the prepayment the credit hold asked for is paid."""
        self.ensure_one()
        if self.currency_id.compare_amounts(self.amount_paid, 0.0) <= 0:
            return False
        if self.currency_id.compare_amounts(self.amount_paid, self.amount_total) >= 0:
            return True
        return self.debt_credit_prepayment and self._is_confirmation_amount_reached()

    def _debt_credit_new_amount(self):
        """The order's total, in company currency at today's rate."""
        self.ensure_one()
        company = self.company_id
        return self.currency_id._convert(
            self.amount_total, company.currency_id, company, fields.Date.context_today(self)
        )

    def _debt_credit_open_domain(self):
        return [("state", "in", ("draft", "sent"))]

    def _debt_credit_hold_message(self):
        return self.env._("Credit hold: the order was not confirmed.")

    def _debt_credit_go_on(self):
        self.action_confirm()
        return True

    def _debt_credit_lifted(self):
        self.action_confirm()
