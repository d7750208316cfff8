import base64
from datetime import timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core.letters import epc_qr_payload


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
        letters = {debtor.id: self._letters(debtor, today, kind) for debtor in debtors}
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": debtors,
            "letters": letters,
            "template": "debt_recovery.report_debt_demand_letter_document",
        }

    @api.model
    def _letter(self, debtor, today, kind=None, currency=None):
        """The letter to ``debtor`` (in ``currency``, needed if it owes in several)."""
        letters = self._letters(debtor, today, kind)
        if currency:
            letters = [letter for letter in letters if letter["currency"] == currency]
        elif len(letters) > 1:
            raise UserError(
                self.env._(
                    "%(debtor)s owes in several currencies: print one letter per currency.",
                    debtor=debtor.name,
                )
            )
        if not letters:
            raise UserError(self.env._("Nothing is claimed from %(debtor)s.", debtor=debtor.name))
        return letters[0]

    @api.model
    def _letters(self, debtor, today, kind=None):
        """One letter per currency something is claimed in: the claim of
        ``res.partner._debt_claim``, with how and by when to pay."""
        company = self.env.company
        claims = debtor._debt_claim(company, today, kind)
        if not claims:
            raise UserError(
                self.env._("%(debtor)s has no overdue invoice to claim.", debtor=debtor.name)
            )
        claimed = {currency: claim for currency, claim in claims.items() if claim.total > 0}
        if not claimed:
            Partner = self.env["res.partner"]  # the clerk reads this one
            reasons = {
                item["label"]
                for currency, claim in claims.items()
                for item in Partner._debt_claim_values(currency, claim)["not_claimed"]
            }
            raise UserError(
                self.env._(
                    "Nothing is claimed from %(debtor)s: %(reasons)s.",
                    debtor=debtor.name,
                    reasons=", ".join(sorted(reasons))
                    or self.env._("its credits cover what is open"),
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
        every = self.env["account.move"].browse(
            [line.move_id for claim in claims.values() for line in claim.lines]
        )
        # The stage's letter claims interest if the stage says so; a formal letter
        # chosen by hand claims what the law allows (core.claim.charges_apply):
        # the same rule, on the same invoices, as the claim's.
        charge = self.env["res.partner"]._debt_claim_charges(kind, every)
        jurisdiction = every[:1]._debt_jurisdiction() if charge else False
        kind = kind or self.env["debt.stage"]._worst(every.debt_stage_id).letter_kind or "reminder"
        return [
            self._letter_values(debtor, today, kind, jurisdiction, currency, claim, bank)
            for currency, claim in claimed.items()
        ]

    @api.model
    def _letter_values(self, debtor, today, kind, jurisdiction, currency, claim, bank):
        company = self.env.company
        Partner = self.env["res.partner"].with_context(lang=debtor.lang)
        values = Partner._debt_claim_values(currency, claim)
        lines = []
        for line in values["claimed"]:
            move = line["move"]
            lines.append(
                {
                    **line,
                    "original": move.amount_total,
                    "paid": currency.round(move.amount_total - move.amount_residual),
                    "open": line["claimable"],
                    "days_late": max((today - move.invoice_date_due).days, 0),
                    "url": move.get_base_url() + move._get_share_url(redirect=True),
                }
            )
        totals = {
            key: currency.round(sum(line[key] for line in lines))
            for key in ("original", "paid", "open", "interest", "fee")
        }
        totals["credit"] = values["credit"]
        moves = self.env["account.move"].union(*(line["move"] for line in lines))
        return {
            "kind": kind,
            "lines": lines,
            "totals": totals,
            "total_claimed": values["total"],
            "not_claimed": values["not_claimed"],
            "credits": values["credits"],
            "claim": claim,
            "currency": currency,
            "deadline": today + timedelta(days=company.debt_payment_deadline_days),
            "bank": bank,
            "qr_code": self._transfer_qr_code(bank, currency, values["total"], moves),
            "jurisdiction": jurisdiction,
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
