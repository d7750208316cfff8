"""The debtor's open invoices on its Collections tab, and what is claimed of them."""

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools.misc import formatLang

from ..core.claim import STATEMENT


class ResPartner(models.Model):
    _inherit = "res.partner"

    debt_open_invoice_ids = fields.Many2many(
        "account.move",
        string="Open invoices",
        compute="_compute_debt_open_invoices",
        help="The debtor's open customer invoices in the current company, claimed or held.",
    )
    debt_claim_summary = fields.Char(
        string="Claimed today",
        compute="_compute_debt_open_invoices",
        help="What a statement would ask for today, per currency, after holds and credits; "
        "and what is held.",
    )

    @api.depends_context("company")
    def _compute_debt_open_invoices(self):
        company = self.env.company
        today = fields.Date.context_today(self)
        for partner in self:
            debtor = partner.commercial_partner_id
            partner.debt_open_invoice_ids = self.env["account.move"].search(
                Domain("commercial_partner_id", "=", debtor.id)
                & Domain("move_type", "=", "out_invoice")
                & Domain("state", "=", "posted")
                & Domain("amount_residual", ">", 0)
                & Domain("company_id", "=", company.id),
                order="invoice_date_due, id",
            )
            partner.debt_claim_summary = (
                partner._debt_claim_line(company, today) if partner.debt_open_invoice_ids else False
            )

    def _debt_claim_line(self, company, today):
        """ "1,270.00 € claimed, 4,300.00 € held; $ 90.00 claimed" from the claim."""
        parts = []
        claims = self.commercial_partner_id._debt_claim(company, today, STATEMENT)
        for currency, claim in claims.items():
            held = sum(line.amount for line in claim.not_claimed)
            total = formatLang(self.env, float(claim.total), currency_obj=currency)
            text = self.env._("%(amount)s claimed", amount=total)
            if held:
                text = self.env._(
                    "%(claimed)s, %(held)s held",
                    claimed=text,
                    held=formatLang(self.env, float(held), currency_obj=currency),
                )
            parts.append(text)
        return "; ".join(parts)
