from odoo import api, fields, models

from ..core.claim import STATEMENT


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
        """Open invoices (oldest due first) and, per currency, what is owed and
        how much of it is overdue: the claim (``res.partner._debt_claim``) of
        every open invoice, held ones apart, credits deducted."""
        Partner = self.env["res.partner"].with_context(lang=debtor.lang)
        lines, totals, not_claimed, credits = [], {}, [], []
        for currency, claim in debtor._debt_claim(self.env.company, today, STATEMENT).items():
            values = Partner._debt_claim_values(currency, claim)
            overdue = 0.0
            for line in values["claimed"]:
                move = line["move"]
                late = (today - move.invoice_date_due).days if move.invoice_date_due else 0
                lines.append(
                    {
                        "move": move,
                        "currency": currency,
                        "original": move.amount_total,
                        "open": line["claimable"],
                        "days_late": max(late, 0),
                    }
                )
                if late > 0:
                    overdue += line["claimable"] - line["credited"]
            not_claimed += [{**item, "currency": currency} for item in values["not_claimed"]]
            credits += [{**credit, "currency": currency} for credit in values["credits"]]
            totals[currency] = {
                "open": values["total"],
                "overdue": currency.round(max(overdue, 0.0)),
                "credits": values["credits"],
                "below_minimum": values["below_minimum"],
            }
        return {
            "lines": lines,
            "totals": totals,
            "not_claimed": not_claimed,
            "credits": credits,
            "date": today,
        }
