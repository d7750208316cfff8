"""The claim of a debtor, read off the ledger and decided by ``core.claim``."""

import dataclasses
from decimal import Decimal

from odoo import api, models
from odoo.fields import Domain
from odoo.tools.translate import LazyTranslate

from ..core import claim as core
from ..core.promises import promise_holds_until

_lt = LazyTranslate(__name__)

# What the debtor reads next to an amount that is not claimed.
REASON_LABELS = {
    "excluded": _lt("Not in collection"),
    "insolvency": _lt("Insolvency proceedings"),
    "no_followup": _lt("Not followed up"),
    "placement": _lt("With our collection agency"),
    "dispute": _lt("Under dispute"),
    "promise": _lt("Promised payment"),
    "below_minimum": _lt("Below our minimum amount"),
}


def _dec(value, currency):
    return Decimal(str(currency.round(value)))


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # THE CLAIM
    # ------------------------------------------------------------

    @api.private
    def _debt_claim(
        self, company, date, kind=None, moves=None, charges=None, charged_states=("posted",)
    ):
        """What this debtor is asked to pay by ``company`` on ``date``: ``{currency: Claim}``.

        ``kind``: a letter kind (``core.letters``), None for the letter of the
        debtor's furthest stage, ``core.claim.STATEMENT``, ``MESSAGE`` or
        ``INSOLVENCY`` (the statement of claim: invoices issued by ``date``,
        the opening date, insolvency not holding them, no minimum).
        Letters cover the overdue invoices and those already in a stage (a
        courtesy reminder before the due date); the statement every open
        invoice; ``moves`` narrows to those invoices. ``charges``: whether
        interest and fees are claimed; by default a formal letter claims
        them, a stage's letter when its stage says so, a statement or a
        message never. Credits in a currency no invoice is open in are left
        out (no claim to deduct them from). ``charged_states``: the charge
        invoices whose interest and fees count as charged (the interest
        invoice counts its drafts too). The claims of many debtors: ``_debt_claims``.
        """
        self.ensure_one()
        return self._debt_claims(company, date, kind, moves, charges, charged_states)[self.id]

    @api.private
    def _debt_claims(
        self, company, date, kind=None, moves=None, charges=None, charged_states=("posted",)
    ):
        """{partner id: {currency: Claim}}: ``_debt_claim`` of each partner of
        ``self`` (its commercial partner's claim), in the same few queries
        however many debtors (invoices, holds, interest, credits).

        ``charges`` None: each debtor's claim charges interest and fees as its
        own invoices' stages say (``_debt_claim_charges``).
        """
        debtors = self.commercial_partner_id
        domain = (
            Domain("commercial_partner_id", "in", debtors.ids)
            & Domain("move_type", "=", "out_invoice")
            & Domain("state", "=", "posted")
            & Domain("amount_residual", ">", 0)
            & Domain("company_id", "=", company.id)
        )
        if kind not in (core.STATEMENT, core.INSOLVENCY):
            domain &= Domain("invoice_date_due", "<", date) | Domain("debt_stage_id", "!=", False)
        if kind == core.INSOLVENCY:
            domain &= Domain("invoice_date", "<=", date)
        if moves is not None:
            domain &= Domain("id", "in", moves.ids)
        Move = self.env["account.move"].with_company(company)
        invoices = Move.search_fetch(
            domain,
            [
                "commercial_partner_id",
                "currency_id",
                "amount_residual",
                "invoice_date_due",
                "no_followup",
                "debt_disputed_amount",
                "debt_promise_id",
                "debt_placement_id",
            ],
            order="invoice_date_due, id",
        )
        owed = invoices.grouped("commercial_partner_id")
        placement_holds = kind not in core.CLAIMS_PLACED
        insolvency_holds = kind != core.INSOLVENCY
        facts, charged = {}, Move
        for debtor in debtors.with_company(company):
            mine = owed.get(debtor, Move)
            insolvency = debtor.debt_insolvency_date
            insolvent = debtor.debt_insolvent or bool(insolvency and insolvency <= date)
            for move in mine:
                facts[move] = core.Invoice(
                    move_id=move.id,
                    residual=_dec(move.amount_residual, move.currency_id),
                    due_date=move.invoice_date_due,
                    disputed=_dec(move.debt_disputed_amount, move.currency_id),
                    dispute_whole=company.debt_dispute_hold == "invoice",
                    promise_until=self._debt_promise_until(move.debt_promise_id),
                    placed=bool(move.debt_placement_id),
                    excluded=debtor.debt_excluded,
                    insolvent=insolvent,
                    no_followup=move.no_followup,
                )
            if charges if charges is not None else self._debt_claim_charges(kind, mine):
                charged |= mine.filtered(
                    lambda m: (
                        core.hold_of(
                            facts[m],
                            date,
                            placement_holds=placement_holds,
                            insolvency_holds=insolvency_holds,
                        )[0]
                        < facts[m].residual
                    )
                )
        credits = self._debt_credits(company, debtors, invoices.currency_id)
        # What the debtor's unmatched credits cover of an invoice was received
        # on their date: its interest stops on it then (core.claim.credit_allocation).
        covered = {}
        for debtor in debtors:
            for currency, group in owed.get(debtor, Move).grouped("currency_id").items():
                allocation = core.credit_allocation(
                    [facts[move] for move in group],
                    credits.get((debtor.id, currency), ()),
                    on=date,
                    placement_holds=placement_holds,
                    insolvency_holds=insolvency_holds,
                )
                for move_id, taken in allocation.items():
                    covered[Move.browse(move_id)] = [
                        (credit.when or date, amount) for credit, amount in taken
                    ]
        for move, charge in charged._debt_interest(date, charged_states, covered).items():
            facts[move] = dataclasses.replace(
                facts[move],
                interest=_dec(charge["interest"], move.currency_id),
                fees=_dec(charge["compensation"], move.currency_id),
                back=charge["back"],
            )
        minimum = company.debt_claim_minimum
        minimums = {
            currency: _dec(company.currency_id._convert(minimum, currency, company, date), currency)
            if minimum and insolvency_holds
            else core.ZERO
            for currency in invoices.currency_id
        }
        claims = {}
        for debtor in debtors:
            mine = owed.get(debtor, Move)
            claims[debtor.id] = {
                currency: core.claim(
                    [facts[m] for m in mine if m.currency_id == currency],
                    credits.get((debtor.id, currency), ()),
                    on=date,
                    rounding=Decimal(str(currency.rounding)),
                    minimum=minimums[currency],
                    placement_holds=placement_holds,
                    insolvency_holds=insolvency_holds,
                )
                for currency in mine.currency_id
            }
        return {partner.id: claims[partner.commercial_partner_id.id] for partner in self}

    @api.model
    def _debt_promise_until(self, promise):
        """The last day an open promise holds its invoices: its date plus tolerance."""
        if not promise:
            return None
        return promise_holds_until(promise.promised_date, promise.tolerance_days)

    @api.model
    def _debt_claim_charges(self, kind, moves):
        """Whether a claim of ``kind`` on ``moves`` claims interest and fees."""
        if kind in (core.STATEMENT, core.MESSAGE):
            return core.charges_apply(kind, False)
        # The stages of the whole batch in one read (their compute reads item by item).
        moves.debt_item_ids.mapped("stage_id")
        return core.charges_apply(kind, any(moves.debt_stage_id.mapped("apply_interest")))

    @api.model
    def _debt_credits(self, company, debtors, currencies):
        """{(debtor id, currency): [core Credit]}: the debtors' open credit notes
        and unmatched payments on ``company``'s receivable accounts, in ``currencies``."""
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search_fetch(
                Domain("partner_id", "in", debtors.ids)
                & Domain("company_id", "=", company.id)
                & Domain("account_id.account_type", "=", "asset_receivable")
                & Domain("parent_state", "=", "posted")
                & Domain("reconciled", "=", False)
                & Domain("amount_residual", "<", 0)
                & Domain("currency_id", "in", currencies.ids),
                [
                    "partner_id",
                    "currency_id",
                    "amount_residual_currency",
                    "date",
                    "move_id",
                    "move_name",
                    "ref",
                ],
                order="date, id",
            )
        )
        credits = {}
        for line in lines:
            amount = _dec(-line.amount_residual_currency, line.currency_id)
            if amount <= 0:
                continue
            credits.setdefault((line.partner_id.id, line.currency_id), []).append(
                core.Credit(
                    ref=line.id,
                    amount=amount,
                    kind=core.credit_kind(line.move_id.move_type),
                    when=line.date,
                    name=line.move_name or line.ref or "",
                )
            )
        return credits

    @api.model
    def _debt_claim_values(self, currency, claim):
        """A claim as the letters and messages show it: records and floats,
        reasons in the language of the context (the debtor's, for a letter)."""
        Move = self.env["account.move"]
        lang = self.env.lang or "en_US"
        lines = [
            {
                "move": Move.browse(line.move_id),
                "open": float(line.open),
                "held": float(line.held),
                "claimable": float(line.claimable),
                "interest": float(line.interest),
                "fee": float(line.fees),
                "credited": float(line.credited),
                "reason": line.reason,
            }
            for line in claim.lines
        ]
        return {
            "currency": currency,
            "claim": claim,
            "lines": lines,
            "claimed": [line for line in lines if line["claimable"] > 0],
            "not_claimed": [
                {
                    "move": Move.browse(item.move_id),
                    "amount": float(item.amount),
                    "reason": item.reason,
                    "label": REASON_LABELS[item.reason]._translate(lang),
                }
                for item in claim.not_claimed
            ],
            "credits": [
                {
                    "name": use.credit.name,
                    "kind": use.credit.kind,
                    "date": use.credit.when,
                    "amount": float(use.applied),
                }
                for use in claim.credits
            ],
            "claimable": float(claim.claimable),
            "interest": float(claim.interest),
            "fee": float(claim.fees),
            "credit": float(claim.credit_applied),
            "total": float(claim.total),
            "below_minimum": claim.below_minimum,
            "minimum": float(claim.minimum),
        }
