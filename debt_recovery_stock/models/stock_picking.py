from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html


class StockPicking(models.Model):
    _inherit = "stock.picking"

    debt_credit_hold = fields.Boolean(
        string="Credit hold",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="Validating was refused by the credit rules: the delivery waits for a "
        "manager's release or the debtor's payments.",
    )
    debt_credit_hold_date = fields.Datetime(string="Held since", readonly=True, copy=False)
    debt_credit_note = fields.Text(
        string="Credit decision",
        readonly=True,
        copy=False,
        help="Which credit rules fired at the last validation, with their figures.",
    )
    debt_credit_release_id = fields.Many2one(
        "debt.credit.release", string="Released by", readonly=True, copy=False
    )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def button_validate(self):
        # EXTENDS stock: outgoing deliveries of a debtor the credit rules block are
        # put on hold instead of being validated; the others are validated.
        held = self._debt_credit_check()
        if held and held == self.filtered(lambda p: p.state != "done"):
            return True
        return super(StockPicking, self - held).button_validate()

    def action_debt_credit_release(self):
        """Open the release wizard (managers only)."""
        self.env["sale.order"]._debt_credit_check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release credit hold"),
            "res_model": "debt.credit.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": self.id},
        }

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _debt_credit_debtor(self):
        self.ensure_one()
        if self.sale_id:
            return self.sale_id._debt_credit_debtor()
        return self.partner_id.commercial_partner_id

    def _debt_credit_decision(self):
        """A delivery adds no exposure (its order is counted already): the rules
        decide on the debtor as it is; a release of its order covers it."""
        self.ensure_one()
        documents = {f"stock.picking,{self.id}"}
        if self.sale_id:
            documents.add(f"sale.order,{self.sale_id.id}")
        return self._debt_credit_debtor()._debt_credit_decide(
            self.company_id, documents=frozenset(documents)
        )

    def _debt_credit_check(self):
        """Hold the outgoing deliveries the credit rules block and return them."""
        held = self.browse()
        for picking in self.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and p.state not in ("done", "cancel")
            and p.partner_id
        ):
            if picking.sale_id and picking.sale_id._debt_credit_paid_in_advance():
                picking.sudo().write({"debt_credit_hold": False})
                continue
            decision = picking._debt_credit_decision()
            note = (
                picking._debt_credit_debtor()._debt_credit_explain(decision, picking.company_id)
                if decision.findings
                else False
            )
            if decision.blocked:
                picking.sudo().write(
                    {
                        "debt_credit_hold": True,
                        "debt_credit_hold_date": fields.Datetime.now(),
                        "debt_credit_note": note,
                        "debt_credit_release_id": False,
                    }
                )
                picking.message_post(
                    body=plaintext2html(
                        self.env._(
                            "Credit hold: the delivery was not validated.\n%(why)s", why=note
                        )
                    )
                )
                held |= picking
                continue
            picking.sudo().write(
                {
                    "debt_credit_hold": False,
                    "debt_credit_note": note,
                    "debt_credit_release_id": decision.release_id or False,
                }
            )
        return held

    def _debt_credit_release(self, reason, until=False, up_to=0.0):
        """A manager lets this held delivery go (see sale.order._debt_credit_release)."""
        self.ensure_one()
        self.env["sale.order"]._debt_credit_check_manager()
        if not self.debt_credit_hold:
            raise UserError(self.env._("%(picking)s is not on credit hold.", picking=self.name))
        self.env["debt.credit.release"]._debt_grant(
            self, self._debt_credit_debtor(), reason, until, up_to, {"picking_id": self.id}
        )
        picking = self if self.has_access("write") else self.sudo()
        return picking.button_validate()

    @api.model
    def _debt_credit_lift_held(self, partners, company):
        """Lift the holds of the deliveries (of ``partners`` in ``company``) that now
        pass the credit rules; each is logged. Validating stays with the warehouse."""
        pickings = self.sudo().search(
            [
                ("debt_credit_hold", "=", True),
                ("state", "not in", ("done", "cancel")),
                ("company_id", "=", company.id),
                ("partner_id.commercial_partner_id", "in", partners.ids),
            ]
        )
        lifted = self.browse()
        for picking in pickings:
            if picking._debt_credit_decision().blocked:
                continue
            summary = self.env._(
                "Credit hold on %(picking)s lifted: the debtor is back within the credit policy",
                picking=picking.name,
            )
            picking.write({"debt_credit_hold": False})
            picking.message_post(body=summary)
            picking._debt_credit_debtor()._debt_credit_log(company, summary)
            lifted |= picking
        return lifted
