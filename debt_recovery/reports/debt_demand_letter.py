from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

# What the letter says, by the phase of the debtor's worst stage.
LETTER_KINDS = {
    "preventive": "courtesy",
    "administrative": "reminder",
    "extrajudicial": "demand",
    "agency": "handover",
    "judicial": "handover",
    "enforcement": "handover",
    "closed": "demand",
}


class DebtDemandLetter(models.AbstractModel):
    """Values of the demand letter: invoices, interest, fees, deadline, how to pay."""

    _name = "report.debt_recovery.report_debt_demand_letter"
    _description = "Demand Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        debtors = self.env["res.partner"].browse(docids)
        today = fields.Date.context_today(self)
        letters = {debtor.id: self._letter(debtor, today) for debtor in debtors}
        return {"doc_ids": docids, "doc_model": "res.partner", "docs": debtors, "letters": letters}

    @api.model
    def _letter(self, debtor, today):
        company = self.env.company
        moves = self.env["account.move"].search(
            [
                ("commercial_partner_id", "=", debtor.commercial_partner_id.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("amount_residual", ">", 0),
                ("invoice_date_due", "<", today),
                ("company_id", "=", company.id),
            ],
            order="invoice_date_due, id",
        )
        if not moves:
            raise UserError(
                self.env._("%(debtor)s has no overdue invoice to claim.", debtor=debtor.name)
            )
        if len(moves.currency_id) > 1:
            raise UserError(
                self.env._(
                    "%(debtor)s owes in several currencies: print one letter per currency.",
                    debtor=debtor.name,
                )
            )
        bank = company.partner_id.bank_ids[:1]
        if not bank:
            raise UserError(
                self.env._(
                    "The letter tells the debtor where to pay, but %(company)s has no bank "
                    "account: add one on the company's contact (Accounting tab).",
                    company=company.name,
                )
            )
        stages = moves.debt_stage_id.sorted()
        charge = any(stages.mapped("apply_interest"))
        interest = moves._debt_interest(today) if charge else {}
        currency = moves.currency_id
        lines, totals = [], dict.fromkeys(("original", "paid", "open", "interest", "fee"), 0.0)
        for move in moves:
            claim = interest.get(move, {})
            line = {
                "move": move,
                "original": move.amount_total,
                "paid": move.amount_total - move.amount_residual,
                "open": move.amount_residual,
                "days_late": (today - move.invoice_date_due).days,
                "interest": claim.get("interest", 0.0),
                "fee": claim.get("compensation", 0.0),
                "url": move.get_base_url() + move._get_share_url(redirect=True),
            }
            lines.append(line)
            for key in totals:
                totals[key] = currency.round(totals[key] + line[key])
        phase = stages[-1:].phase or "administrative"
        return {
            "kind": LETTER_KINDS[phase],
            "lines": lines,
            "totals": totals,
            "total_claimed": currency.round(totals["open"] + totals["interest"] + totals["fee"]),
            "currency": currency,
            "deadline": today + timedelta(days=company.debt_payment_deadline_days),
            "bank": bank,
            "jurisdiction": moves[:1]._debt_jurisdiction() if charge else False,
            "collector": debtor.commercial_partner_id.debt_collector_id or self.env.user,
        }
