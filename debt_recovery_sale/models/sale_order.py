from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

MANAGER_GROUP = "debt_recovery.group_debt_manager"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # === Credit hold === #
    debt_credit_hold = fields.Boolean(
        string="Credit hold",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="Confirming was refused by the credit rules: the order waits for a manager's "
        "release, a prepayment or the debtor's payments.",
    )
    debt_credit_hold_date = fields.Datetime(string="Held since", readonly=True, copy=False)
    debt_credit_note = fields.Text(
        string="Credit decision",
        readonly=True,
        copy=False,
        help="Which credit rules fired at the last confirmation, with their figures.",
    )
    debt_credit_prepayment = fields.Boolean(
        string="Prepayment asked",
        readonly=True,
        copy=False,
        help="The order is confirmed once the customer paid it online.",
    )
    debt_credit_release_id = fields.Many2one(
        "debt.credit.release", string="Released by", readonly=True, copy=False
    )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_confirm(self):
        # EXTENDS sale: orders of a debtor the credit rules block are put on hold
        # instead of being confirmed; the others are confirmed.
        held = self._debt_credit_check()
        if held and held == self:
            return True
        return super(SaleOrder, self - held).action_confirm()

    def action_debt_credit_release(self):
        """Open the release wizard (managers only)."""
        self._debt_credit_check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release credit hold"),
            "res_model": "debt.credit.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

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
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _debt_credit_debtor(self):
        self.ensure_one()
        return self.partner_invoice_id.commercial_partner_id

    def _debt_credit_paid_in_advance(self):
        """Paid in full online, or the prepayment the credit hold asked for is paid."""
        self.ensure_one()
        if self.currency_id.compare_amounts(self.amount_paid, 0.0) <= 0:
            return False
        if self.currency_id.compare_amounts(self.amount_paid, self.amount_total) >= 0:
            return True
        return self.debt_credit_prepayment and self._is_confirmation_amount_reached()

    def _debt_credit_decision(self):
        """The core decision for confirming this order: its total, in company currency
        at today's rate, comes on top of the debtor's exposure."""
        self.ensure_one()
        company = self.company_id
        amount = self.currency_id._convert(
            self.amount_total, company.currency_id, company, fields.Date.context_today(self)
        )
        return self._debt_credit_debtor()._debt_credit_decide(
            company, new_amount=amount, documents=frozenset([f"sale.order,{self.id}"])
        )

    def _debt_credit_check(self):
        """Hold the quotations the credit rules block and return them; note the
        warnings and releases of the others, which may be confirmed."""
        held = self.browse()
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            company = order.company_id
            if order._debt_credit_paid_in_advance():
                order.sudo().write({"debt_credit_hold": False})
                continue
            decision = order._debt_credit_decision()
            note = (
                order._debt_credit_debtor()._debt_credit_explain(decision, company)
                if decision.findings
                else False
            )
            if decision.blocked:
                order._debt_credit_hold(note)
                held |= order
                continue
            order.sudo().write(
                {
                    "debt_credit_hold": False,
                    "debt_credit_note": note,
                    "debt_credit_release_id": decision.release_id or False,
                }
            )
            if note:
                order.message_post(body=plaintext2html(note))
        return held

    def _debt_credit_hold(self, note):
        self.ensure_one()
        self.sudo().write(
            {
                "debt_credit_hold": True,
                "debt_credit_hold_date": fields.Datetime.now(),
                "debt_credit_note": note,
                "debt_credit_release_id": False,
            }
        )
        self.message_post(
            body=plaintext2html(
                self.env._("Credit hold: the order was not confirmed.\n%(why)s", why=note)
            )
        )

    def _debt_credit_check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a collections manager can release a credit hold."))

    def _debt_credit_release(self, reason, until=False, up_to=0.0):
        """A manager lets this held order through, logged on the order and in the
        contact log; with ``until`` / ``up_to`` the debtor's new business passes
        too, until that date / while its exposure stays within that amount."""
        self.ensure_one()
        self._debt_credit_check_manager()
        if not self.debt_credit_hold:
            raise UserError(self.env._("%(order)s is not on credit hold.", order=self.name))
        release = self.env["debt.credit.release"]._debt_grant(
            self, self._debt_credit_debtor(), reason, until, up_to, {"order_id": self.id}
        )
        order = self if self.has_access("write") else self.sudo()
        order.action_confirm()
        return release

    @api.model
    def _debt_credit_release_held(self, partners=None, company=None):
        """Confirm the held quotations (of ``partners`` in ``company``) that now pass
        the credit rules, e.g. after the debtor paid; each release is logged."""
        domain = [("debt_credit_hold", "=", True), ("state", "in", ("draft", "sent"))]
        if partners is not None:
            domain.append(("partner_invoice_id.commercial_partner_id", "in", partners.ids))
        if company is not None:
            domain.append(("company_id", "=", company.id))
        released = self.browse()
        for order in self.sudo().search(domain, order="id"):
            order = order.with_company(order.company_id)
            if not order._debt_credit_paid_in_advance() and order._debt_credit_decision().blocked:
                continue
            summary = self.env._(
                "Credit hold on %(order)s lifted: the debtor is back within the credit policy",
                order=order.name,
            )
            order.message_post(body=summary)
            order._debt_credit_debtor()._debt_credit_log(order.company_id, summary)
            order.action_confirm()
            released |= order
        return released
