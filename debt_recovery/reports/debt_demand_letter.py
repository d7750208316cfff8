import base64
from datetime import timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core.letters import CLAIMING_KINDS, epc_qr_payload


class DebtDemandLetter(models.AbstractModel):
    """Values of a collection letter: invoices, interest, fees, deadline, how to pay.

    This report writes the letter of the debtor's furthest stage; the reports
    of ``debt_letter_kinds`` write one kind of letter whatever the stage.
    """

    _name = "report.debt_recovery.report_debt_demand_letter"
    _description = "Collection Letter"

    # The kind of letter, or None: the one of the debtor's furthest stage.
    _debt_letter_kind = None

    @api.model
    def _get_report_values(self, docids, data=None):
        debtors = self.env["res.partner"].browse(docids)
        today = fields.Date.context_today(self)
        kind = (data or {}).get("kind") or self._debt_letter_kind
        letters = {debtor.id: self._letter(debtor, today, kind) for debtor in debtors}
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": debtors,
            "letters": letters,
            "template": "debt_recovery.report_debt_demand_letter_document",
        }

    @api.model
    def _letter(self, debtor, today, kind=None):
        company = self.env.company
        moves = self.env["account.move"].search(
            [
                ("commercial_partner_id", "=", debtor.commercial_partner_id.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("amount_residual", ">", 0),
                ("company_id", "=", company.id),
                "|",
                ("invoice_date_due", "<", today),
                ("debt_stage_id", "!=", False),  # e.g. a courtesy reminder before the due date
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
        # The stage's letter claims interest if the stage says so; a formal letter
        # chosen by hand claims what the law allows.
        charge = any(stages.mapped("apply_interest")) or kind in CLAIMING_KINDS
        kind = kind or stages[-1:].letter_kind or "reminder"
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
                "days_late": max((today - move.invoice_date_due).days, 0),
                "interest": claim.get("interest", 0.0),
                "fee": claim.get("compensation", 0.0),
                "url": move.get_base_url() + move._get_share_url(redirect=True),
            }
            lines.append(line)
            for key in totals:
                totals[key] = currency.round(totals[key] + line[key])
        total_claimed = currency.round(totals["open"] + totals["interest"] + totals["fee"])
        return {
            "kind": kind,
            "lines": lines,
            "totals": totals,
            "total_claimed": total_claimed,
            "currency": currency,
            "deadline": today + timedelta(days=company.debt_payment_deadline_days),
            "bank": bank,
            "qr_code": self._transfer_qr_code(bank, currency, total_claimed, moves),
            "jurisdiction": moves[:1]._debt_jurisdiction() if charge else False,
            "collector": debtor.commercial_partner_id.debt_collector_id or self.env.user,
        }

    @api.model
    def _transfer_qr_code(self, bank, currency, amount, moves):
        """A data URI of the EPC QR code that prefills the transfer in a banking
        app, or False where the format does not apply (not euros, no IBAN)."""
        payload = epc_qr_payload(
            name=bank.partner_id.name,
            iban=bank.acc_number,
            bic=bank.bank_id.bic,
            amount=Decimal(str(amount)),
            currency=currency.name,
            remittance=" ".join(moves.mapped("name")),
        )
        if not payload:
            return False
        png = self.env["ir.actions.report"].barcode("QR", payload, width=180, height=180)
        return "data:image/png;base64," + base64.b64encode(png).decode()
