from collections import defaultdict
from decimal import Decimal

from odoo import Command, fields, models
from odoo.exceptions import UserError

from ..core.interest import (
    RATE_SOURCES,
    MissingRate,
    Rate,
    compensation,
    interest_segments,
    profile_for,
    round_money,
)


class AccountMove(models.Model):
    """Statutory interest and recovery compensation of customer invoices."""

    _inherit = "account.move"

    def _debt_jurisdiction(self):
        self.ensure_one()
        return self.commercial_partner_id.debt_jurisdiction or self.company_id.debt_jurisdiction

    def _debt_profile(self):
        """How this invoice's interest is computed: its law, for a consumer or a business."""
        self.ensure_one()
        code = self._debt_jurisdiction()
        custom = self.company_id._debt_custom_profile() if code == "custom" else None
        return profile_for(code, self.commercial_partner_id.debt_consumer, custom)

    def _debt_interest(self, calc_date=None):
        """What each invoice owes on top of its amount on ``calc_date``.

        Returns ``{move: {"interest", "compensation", "segments", "jurisdiction"}}``
        with amounts in the invoice currency. Payments and credit notes lower
        the base from their date. A missing reference rate stops with a message
        naming the rate and the day, rather than a wrong amount.
        """
        calc_date = calc_date or fields.Date.context_today(self)
        jurisdictions = {move: move._debt_jurisdiction() for move in self}
        profiles = {move: move._debt_profile() for move in self}
        sources = {profile.source for profile in profiles.values()} - {None}
        rates = defaultdict(list)
        for rate in self.env["debt.interest.rate"].sudo().search([("source", "in", list(sources))]):
            rates[rate.source].append(Rate(rate.date_from, rate.date_to, Decimal(str(rate.rate))))
        results = {}
        for move in self:
            profile = profiles[move]
            currency = move.currency_id
            try:
                segments = interest_segments(
                    principal=Decimal(str(move.amount_total)),
                    due_date=move.invoice_date_due,
                    calc_date=calc_date,
                    payments=move._debt_settlements(),
                    rates=rates[profile.source],
                    profile=profile,
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
            interest = round_money(
                sum((s.amount for s in segments), Decimal(0)), Decimal(str(currency.rounding))
            )
            fee = self._debt_fee(profile, move, calc_date)
            results[move] = {
                "interest": float(interest),
                "compensation": fee,
                "segments": segments,
                "jurisdiction": jurisdictions[move],
            }
        return results

    def _debt_settlements(self):
        """(date, amount) of every payment or credit note matched with the invoice."""
        receivable = self.line_ids.filtered(lambda line: line.display_type == "payment_term")
        partials = receivable.matched_credit_ids
        return [(p.max_date, Decimal(str(p.debit_amount_currency))) for p in partials]

    def _debt_fee(self, profile, move, calc_date):
        """The fixed compensation, stated by law in its own currency."""
        fee_currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", profile.fee_currency)], limit=1)
        )
        debt = move.currency_id._convert(
            move.amount_total, fee_currency, move.company_id, calc_date
        )
        fee = float(compensation(profile, Decimal(str(debt))))
        if not fee:
            return 0.0
        return fee_currency._convert(fee, move.currency_id, move.company_id, calc_date)

    def action_debt_invoice_interest(self):
        """A draft invoice charging the statutory interest and compensation of
        these invoices, for a clerk to review, post or discard (waive)."""
        self._debt_authorize("action_debt_invoice_interest")
        claims = self._debt_interest()
        interest = self.env.ref("debt_recovery.product_late_interest")
        fee = self.env.ref("debt_recovery.product_recovery_compensation")
        charges = self.env["account.move"]
        for (debtor, currency), moves in self.grouped(
            lambda m: (m.commercial_partner_id, m.currency_id)
        ).items():
            lines = []
            for move in moves:
                claim = claims[move]
                if claim["interest"]:
                    lines.append((interest, claim["interest"], move))
                if claim["compensation"]:
                    lines.append((fee, claim["compensation"], move))
            if not lines:
                continue
            charges |= self.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": debtor.id,
                    "currency_id": currency.id,
                    "company_id": moves.company_id.id,
                    "invoice_origin": ", ".join(moves.mapped("name")),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": f"{product.name}: {move.name}",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                        for product, amount, move in lines
                    ],
                }
            )
        if not charges:
            raise UserError(self.env._("Nothing to charge: no interest or compensation is due."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", charges.ids)],
            "name": self.env._("Interest and fees"),
        }
