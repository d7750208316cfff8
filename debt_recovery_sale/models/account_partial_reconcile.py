from odoo import api, models

PRECOMMIT_KEY = "debt_recovery_sale.recheck"


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        # EXTENDS account: a payment on a customer invoice may bring its debtor back
        # within the credit rules; its held business is released just before the
        # commit, once the reconciliation is complete.
        partials = super().create(vals_list)
        moves = (partials.debit_move_id.move_id | partials.credit_move_id.move_id).filtered(
            lambda m: m.move_type in ("out_invoice", "out_refund")
        )
        if moves:
            pending = self.env.cr.precommit.data.setdefault(PRECOMMIT_KEY, set())
            if not pending:
                self.env.cr.precommit.add(self._debt_credit_recheck_debtors)
            pending.update((m.company_id.id, m.commercial_partner_id.id) for m in moves)
        return partials

    def _debt_credit_recheck_debtors(self):
        pairs = self.env.cr.precommit.data.pop(PRECOMMIT_KEY, set())
        Partner = self.env["res.partner"].sudo()
        for company_id in {company_id for company_id, _partner in pairs}:
            partners = Partner.browse([p for c, p in pairs if c == company_id])
            company = self.env["res.company"].browse(company_id)
            partners.with_company(company)._debt_credit_recheck(company)
