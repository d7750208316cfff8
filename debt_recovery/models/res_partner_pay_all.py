"""One link that pays everything a debtor is asked to pay (the claim)."""

from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.tools import consteq

from odoo.addons.payment import utils as payment_utils

from ..core.claim import MESSAGE

# What a debtor's signed link opens: a token of one never opens the other.
PAY_ALL = "debt_pay_all"
STATEMENT = "debt_statement"


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _debt_link_token(self, company, purpose):
        """The signature of a debtor's link (``PAY_ALL``, ``STATEMENT``) in ``company``."""
        self.ensure_one()
        # 128 bits of the HMAC: enough against guessing, short enough for an SMS.
        return payment_utils.generate_access_token(
            purpose, self.commercial_partner_id.id, company.id, env=self.env
        )[:32]

    @api.model
    def _debt_link_check(self, partner_id, company_id, token, purpose):
        """The debtor and company a link's token was signed for, or (None, None)."""
        partner = self.sudo().browse(partner_id).exists()
        company = self.env["res.company"].sudo().browse(company_id).exists()
        if not (token and partner and company) or partner != partner.commercial_partner_id:
            return None, None
        if not consteq(str(token), partner._debt_link_token(company, purpose)):
            return None, None
        return partner, company

    def _debt_pay_all_url(self, company=None):
        """The debtor's pay-all page, signed: what the reminder email and SMS link to."""
        self.ensure_one()
        company = company or self._debt_reminder_company()
        return company.get_base_url() + self._debt_pay_all_path(company)

    def _debt_pay_all_path(self, company):
        debtor = self.commercial_partner_id
        query = urlencode(
            {"company_id": company.id, "access_token": debtor._debt_link_token(company, PAY_ALL)}
        )
        return f"/my/debt/pay/{debtor.id}?{query}"

    def _debt_pay_all_claims(self, company):
        """{currency: claim values}: what the page lists and lets the debtor pay
        (the claim of a message: overdue invoices, holds apart, credits deducted)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        Partner = self.with_context(lang=self.lang)
        return {
            currency: Partner._debt_claim_values(currency, claim)
            for currency, claim in self._debt_claim(company, today, MESSAGE).items()
        }
