from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..core.claim import INSOLVENCY, credit_kind
from ..core.interest import (
    RATE_SOURCES,
    MissingRate,
    Rate,
    compensation,
    compensation_owed,
    profile_for,
    statutory_interest,
)


class AccountMove(models.Model):
    """Statutory interest and recovery compensation of customer invoices."""

    _inherit = "account.move"

    debt_is_charge = fields.Boolean(
        string="Interest and fee charge",
        copy=False,
        readonly=True,
        help="Charges interest or fees of other invoices: it attracts neither itself.",
    )
    debt_charge_ids = fields.One2many(
        "debt.interest.charge", "move_id", string="Interest and fees charged", copy=False
    )

    def _debt_jurisdiction(self):
        self.ensure_one()
        return self.commercial_partner_id.debt_jurisdiction or self.company_id.debt_jurisdiction

    def _debt_profile(self):
        """How this invoice's interest is computed: its law, for a consumer or a business."""
        self.ensure_one()
        code = self._debt_jurisdiction()
        custom = self.company_id._debt_custom_profile() if code == "custom" else None
        return profile_for(code, self.commercial_partner_id.debt_consumer, custom)

    def _debt_interest(self, calc_date=None, charged_states=("posted",), covered=None):
        """What each invoice owes on top of its amount on ``calc_date``, beyond
        what charge invoices in ``charged_states`` already charged.

        ``covered``: {move: [(date, amount)]} of the debtor's unmatched
        payments and credit notes a claim applies to it
        (``core.claim.credit_allocation``): received on their date, like a
        payment matched with it.

        Returns ``{move: {"interest", "back", "compensation", "accrual",
        "charged", "waived", "jurisdiction"}}`` with amounts in the invoice
        currency: the interest of the days not charged nor waived yet, the
        periods charged on a share only (``core.claim.Invoice.back``), the
        fee unless charged or waived, the core ``Accrual``, what was charged
        and waived before. A charge invoice owes
        nothing on top. Payments lower the base from their date, credit
        notes from the first late day (``core.interest``); insolvency
        proceedings stop it on their opening date. A missing reference rate
        stops with a message naming the rate and the day, rather than a
        wrong amount.
        """
        calc_date = calc_date or fields.Date.context_today(self)
        # What settled them, payment or credit note, for all at once (``_debt_settlements``).
        self.line_ids.matched_credit_ids.credit_move_id.move_id.mapped("move_type")
        Charge = self.env["debt.interest.charge"]
        charged = Charge._debt_charged(self, charged_states)
        jurisdictions = {move: move._debt_jurisdiction() for move in self}
        profiles = {move: move._debt_profile() for move in self}
        sources = {profile.source for profile in profiles.values()} - {None}
        rates = defaultdict(list)
        for rate in self.env["debt.interest.rate"].sudo().search([("source", "in", list(sources))]):
            rates[rate.source].append(Rate(rate.date_from, rate.date_to, Decimal(str(rate.rate))))
        results, fee_currencies = {}, {}
        for move in self:
            profile = profiles[move]
            # Insolvency proceedings stop interest on their opening date.
            opening = move.commercial_partner_id.with_company(move.company_id).debt_insolvency_date
            until = min(calc_date, opening) if opening else calc_date
            before = charged.get(move) or Charge._debt_nothing_charged()
            if move.debt_is_charge:
                profile = profile_for("none", False)
            payments, credited = [], Decimal(0)
            for day, amount, kind in move._debt_settlements():
                if kind == "credit_note":
                    credited += amount
                else:
                    payments.append((day, amount))
            received = (covered or {}).get(move, [])
            payments += received
            open_amount = Decimal(str(move.amount_residual)) - sum(
                (amount for _day, amount in received), Decimal(0)
            )
            settled_on = (
                max((day for day, _amount in payments), default=None)
                if move.currency_id.compare_amounts(float(open_amount), 0) <= 0
                else None
            )
            principal = Decimal(str(move.amount_total))
            terms = {
                "rounding": Decimal(str(move.currency_id.rounding)),
                "principal": principal,
                "due_date": move.invoice_date_due,
                "payments": payments,
                "credited": credited,
                "rates": rates[profile.source],
                "profile": profile,
            }
            try:
                accrual = statutory_interest(
                    calc_date=until, charged_until=before["until"], **terms
                )
                # The periods charged on a share only: what the whole open
                # amount accrued over each, known today (core.claim.Invoice.back).
                back = tuple(
                    (
                        start,
                        end,
                        statutory_interest(
                            calc_date=min(end, until),
                            charged_until=start - timedelta(days=1),
                            **terms,
                        ).amount,
                        Decimal(str(amount)),
                    )
                    for start, end, amount in before["partial"]
                )
            except MissingRate as missing:
                raise UserError(
                    self.env._(
                        "No %(rate)s covers %(day)s, needed for the interest on %(invoice)s. "
                        "Add it in Collections > Configuration > Reference rates.",
                        rate=dict(RATE_SOURCES)[missing.source],
                        day=missing.day,
                        invoice=move.name,
                    )
                ) from missing
            owed = compensation_owed(
                move.invoice_date_due, until, settled_on, owed=principal - credited
            )
            fee = (
                self._debt_fee(profile, move, calc_date, fee_currencies)
                if owed and not before["fee_done"]
                else 0.0
            )
            results[move] = {
                "interest": float(accrual.amount),
                "back": back,
                "compensation": fee,
                "accrual": accrual,
                "charged": before["interest"] + before["compensation"],
                "waived": before["waived"],
                "jurisdiction": jurisdictions[move],
            }
        return results

    def _debt_settlements(self):
        """(date, amount, kind) of everything matched with the invoice: kind
        "credit_note" for a credit note (it corrects the invoice), "payment"
        for anything else that settles it (a payment, a write-off)."""
        receivable = self.line_ids.filtered(lambda line: line.display_type == "payment_term")
        settlements = []
        for partial in receivable.matched_credit_ids:
            kind = credit_kind(partial.credit_move_id.move_id.move_type)
            settlements.append(
                (partial.max_date, Decimal(str(partial.debit_amount_currency)), kind)
            )
        return settlements

    def _debt_fee(self, profile, move, calc_date, currencies=None):
        """The fixed compensation, stated by law in its own currency
        (``currencies``: {name: currency} looked up before, one query each)."""
        currencies = {} if currencies is None else currencies
        if profile.fee_currency not in currencies:
            currencies[profile.fee_currency] = (
                self.env["res.currency"]
                .with_context(active_test=False)
                .search([("name", "=", profile.fee_currency)], limit=1)
            )
        fee_currency = currencies[profile.fee_currency]
        debt = move.currency_id._convert(
            move.amount_total, fee_currency, move.company_id, calc_date
        )
        fee = float(compensation(profile, Decimal(str(debt))))
        if not fee:
            return 0.0
        return fee_currency._convert(fee, move.currency_id, move.company_id, calc_date)

    def action_debt_invoice_interest(self):
        """A draft invoice charging the statutory interest and compensation of
        these invoices, for a clerk to review, post or discard (waive). It
        charges what the claim asks for (nothing on a held amount) and records
        it per invoice: running it again charges the days since, a fee once;
        charge invoices themselves are never charged."""
        self._debt_authorize("action_debt_invoice_interest")
        moves = self.filtered(lambda m: not m.debt_is_charge)
        claims = moves._debt_interest(charged_states=("draft", "posted"))
        claimed = self._debt_claimed_charges(moves, fields.Date.context_today(self))
        interest = self.env.ref("debt_recovery.product_late_interest")
        fee = self.env.ref("debt_recovery.product_recovery_compensation")
        charges = self.env["account.move"]
        ledger = []
        for (debtor, currency), group in moves.grouped(
            lambda m: (m.commercial_partner_id, m.currency_id)
        ).items():
            lines = []  # (product, move, label, ledger row) of each charge line
            for move in group:
                accrual = claims[move]["accrual"]
                amount, compensation, back, share = claimed.get(move) or (
                    *self._debt_paid_late(move, claims),
                    (),
                    1.0,
                )
                # The periods charged on a share only, now owed in full or in part:
                # a line each, so that the ledger books them on their own period.
                for start, end, owed in back:
                    label = self._debt_charge_label(interest, move, (start, end), back=True)
                    row = {"kind": "interest", "date_from": start, "date_to": end, "share": share}
                    lines.append((interest, move, label, {**row, "amount": float(owed)}))
                amount = currency.round(amount - sum(float(owed) for _s, _e, owed in back))
                if not currency.is_zero(amount):
                    period = (accrual.start, accrual.end)
                    row = {
                        "kind": "interest",
                        "date_from": accrual.start,
                        "date_to": accrual.end,
                        "rate": float(accrual.rate),
                        "share": share,
                        "amount": amount,
                    }
                    label = self._debt_charge_label(interest, move, period)
                    lines.append((interest, move, label, row))
                if not currency.is_zero(compensation):
                    row = {"kind": "compensation", "amount": compensation}
                    lines.append((fee, move, self._debt_charge_label(fee, move), row))
            if not lines:
                continue
            charge = self.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": debtor.id,
                    "currency_id": currency.id,
                    "company_id": group.company_id.id,
                    "invoice_origin": ", ".join(group.mapped("name")),
                    "debt_is_charge": True,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": label,
                                "quantity": 1,
                                "price_unit": row["amount"],
                                "tax_ids": [Command.clear()],
                            }
                        )
                        for product, _move, label, row in lines
                    ],
                }
            )
            charges |= charge
            for line, (_product, move, _label, row) in zip(
                charge.invoice_line_ids, lines, strict=True
            ):
                ledger.append(
                    {
                        **row,
                        "move_id": move.id,
                        "charge_move_id": charge.id,
                        "charge_line_id": line.id,
                    }
                )
        if not charges:
            raise UserError(self.env._("Nothing to charge: no interest or compensation is due."))
        # The ledger is written by this action only (a clerk may not book a row
        # that would stop an invoice's interest): its check above is the authority.
        self.env["debt.interest.charge"].sudo().create(ledger)
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", charges.ids)],
            "name": self.env._("Interest and fees"),
        }

    def _debt_claimed_charges(self, moves, day):
        """{move: (interest, compensation, back, share)} the claim asks for on
        ``moves`` on ``day`` (``res.partner._debt_claim``): a held amount
        attracts none; ``back``: the periods charged on a share only, and
        what they owe now; ``share``: of the open amount, what is charged."""
        result = {}
        for (debtor, company), group in moves.grouped(
            lambda m: (m.commercial_partner_id, m.company_id)
        ).items():
            # An insolvent debtor's interest runs to the opening date, for its
            # statement of claim (core.claim.INSOLVENCY: insolvency holds nothing).
            insolvency = debtor.with_company(company).debt_insolvency_date
            insolvent = debtor.debt_insolvent or (insolvency and insolvency <= day)
            drafts_too = ("draft", "posted")
            claims = debtor._debt_claim(
                company,
                day,
                INSOLVENCY if insolvent else "demand",
                moves=group,
                charges=True,
                charged_states=drafts_too,
            )
            for claim in claims.values():
                for line in claim.lines:
                    result[self.browse(line.move_id)] = (
                        float(line.interest),
                        float(line.fees),
                        line.back,
                        float(line.share),
                    )
        return result

    def _debt_paid_late(self, move, claims):
        """(interest, compensation) of an invoice no claim reads: owed when it
        was paid late, nothing when it is not due yet or was paid in time."""
        figures = claims[move]
        if move.currency_id.is_zero(move.amount_residual) and figures["interest"] > 0:
            return figures["interest"], figures["compensation"]
        return 0.0, 0.0

    def action_debt_waive_interest(self):
        """The waiver form for this invoice's interest and fees (a manager confirms it)."""
        self._debt_authorize("action_debt_waive_interest")
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "debt.interest.waiver.wizard",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Waive interest and fees"),
            "context": {"active_model": "account.move", "active_id": self.id},
        }

    def _debt_charge_label(self, product, move, period=None, back=False):
        """The charge line's text: what it charges, of which invoice, for
        which days; ``back``: a period charged before on a share only."""
        if not period:
            return f"{product.name}: {move.name}"
        values = {
            "product": product.name,
            "invoice": move.name,
            "start": format_date(self.env, period[0]),
            "end": format_date(self.env, period[1]),
        }
        if back:
            return self.env._(
                "%(product)s: %(invoice)s, %(start)s - %(end)s, on the amount no longer disputed",
                **values,
            )
        return self.env._("%(product)s: %(invoice)s, %(start)s - %(end)s", **values)
