from odoo import api, models


class DebtInsolvencyClaim(models.AbstractModel):
    """Statement of claim for an insolvency administrator: what the debtor
    owed on the opening date (``res.partner._debt_insolvency_claim``)."""

    _name = "report.debt_recovery.report_debt_insolvency_claim"
    _description = "Statement of Claim in Insolvency"

    @api.model
    def _get_report_values(self, docids, data=None):
        debtors = self.env["res.partner"].browse(docids).commercial_partner_id
        return {
            "doc_ids": debtors.ids,
            "doc_model": "res.partner",
            "docs": debtors,
            "statements": {
                debtor.id: debtor._debt_insolvency_claim(self.env.company) for debtor in debtors
            },
        }
