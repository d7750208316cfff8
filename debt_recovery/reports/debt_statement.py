from odoo import api, fields, models
from odoo.fields import Domain

from ..models.account_move import open_invoice_domain


class DebtStatement(models.AbstractModel):
    """Customer account statement: every open invoice of a debtor, with what is late."""

    _name = "report.debt_recovery.report_debt_statement"
    _description = "Customer Account Statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        debtors = self.env["res.partner"].browse(docids).commercial_partner_id
        today = fields.Date.context_today(self)
        return {
            "doc_ids": debtors.ids,
            "doc_model": "res.partner",
            "docs": debtors,
            "statements": {debtor.id: self._statement(debtor, today) for debtor in debtors},
        }

    @api.model
    def _statement(self, debtor, today):
        """Open invoices (oldest due first) and the open and overdue totals per currency."""
        moves = self.env["account.move"].search(
            open_invoice_domain()
            & Domain("commercial_partner_id", "=", debtor.id)
            & Domain("company_id", "=", self.env.company.id),
            order="invoice_date_due, id",
        )
        lines, totals = [], {}
        for move in moves:
            currency = move.currency_id
            late = (today - move.invoice_date_due).days if move.invoice_date_due else 0
            lines.append(
                {
                    "move": move,
                    "currency": currency,
                    "original": move.amount_total,
                    "open": move.amount_residual,
                    "days_late": max(late, 0),
                }
            )
            total = totals.setdefault(currency, {"open": 0.0, "overdue": 0.0})
            total["open"] = currency.round(total["open"] + move.amount_residual)
            if late > 0:
                total["overdue"] = currency.round(total["overdue"] + move.amount_residual)
        return {"lines": lines, "totals": totals, "date": today}
