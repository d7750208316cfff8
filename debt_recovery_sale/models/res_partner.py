from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === Per-company override of the credit policy (managers only) === #
    debt_credit_exempt = fields.Boolean(
        string="Exempt from credit rules",
        company_dependent=True,
        groups="debt_recovery.group_debt_manager",
        help="In this company, no credit rule holds this debtor's orders or deliveries.",
    )
    debt_credit_limit = fields.Float(
        string="Own credit limit",
        company_dependent=True,
        groups="debt_recovery.group_debt_manager",
        help="In this company, replaces Odoo's credit limit in the credit rules; "
        "0 uses Odoo's credit limit.",
    )

    # === What the credit rules say now, in the current company === #
    debt_credit_banner = fields.Text(string="Credit policy", compute="_compute_debt_credit_banner")
    debt_credit_blocked = fields.Boolean(
        string="Credit hold",
        compute="_compute_debt_credit_banner",
        help="New business is blocked now, or orders wait on credit hold.",
    )
    debt_credit_hold_count = fields.Integer(
        string="Orders on credit hold", compute="_compute_debt_credit_hold_count"
    )

    @api.depends_context("company")
    def _compute_debt_credit_banner(self):
        """The rules that fire now (with no new business) and why each held order
        of the debtor waits, in the current company."""
        company = self.env.company
        for partner in self:
            if not partner.id:
                partner.debt_credit_banner = partner.debt_credit_blocked = False
                continue
            decision = partner._debt_credit_decide(company)
            lines = [partner._debt_credit_explain(decision, company)] if decision.findings else []
            held = (
                self.env["sale.order"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("debt_credit_hold", "=", True),
                        ("state", "in", ("draft", "sent")),
                        (
                            "partner_invoice_id.commercial_partner_id",
                            "=",
                            partner.commercial_partner_id.id,
                        ),
                    ],
                    limit=5,
                )
            )
            lines += [
                self.env._(
                    "%(order)s on credit hold: %(why)s", order=o.name, why=o.debt_credit_note
                )
                for o in held
            ]
            partner.debt_credit_banner = "\n".join(lines) or False
            partner.debt_credit_blocked = decision.blocked or bool(held)

    @api.depends_context("company")
    def _compute_debt_credit_hold_count(self):
        debtors = self.commercial_partner_id.ids
        groups = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.env.company.id),
                    ("debt_credit_hold", "=", True),
                    ("partner_invoice_id.commercial_partner_id", "in", debtors),
                ],
                ["partner_invoice_id"],
                ["__count"],
            )
        )
        counts = {}
        for partner, count in groups:
            key = partner.commercial_partner_id.id
            counts[key] = counts.get(key, 0) + count
        for partner in self:
            partner.debt_credit_hold_count = counts.get(partner.commercial_partner_id.id, 0)

    def action_debt_credit_holds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_recovery_sale.action_debt_credit_hold_orders"
        )
        action["domain"] = [
            ("debt_credit_hold", "=", True),
            ("partner_invoice_id.commercial_partner_id", "=", self.commercial_partner_id.id),
        ]
        return action
