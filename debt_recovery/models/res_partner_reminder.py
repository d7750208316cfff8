"""What the reminder templates (mail, SMS, statement) read off the debtor."""

from odoo import fields, models
from odoo.fields import Domain
from odoo.tools import format_date, formatLang

from ..core.claim import MESSAGE
from .res_partner_pay_all import STATEMENT


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # REMINDER TEMPLATES
    # ------------------------------------------------------------

    def _debt_reminder_moves(self):
        """The invoices of the reminder being rendered (context), else all open overdue ones."""
        self.ensure_one()
        move_ids = self._debt_reminder_batch().get(
            "move_ids", self.env.context.get("debt_reminder_move_ids")
        )
        Move = self.env["account.move"]
        if move_ids is not None:
            return Move.browse(move_ids).sorted(lambda m: (m.invoice_date_due, m.id))
        return Move.search(
            self._debt_overdue_domain()
            & Domain("commercial_partner_id", "=", self.commercial_partner_id.id),
            order="invoice_date_due, id",
        )

    def _debt_reminder_data(self):
        """What the reminder templates show: the claim (``_debt_claim``, as a
        message: no interest) of the reminder's invoices, with payment links.

        Lines are the invoices claimed; held ones are in ``not_claimed``, the
        debtor's credits in ``credits``. Amounts and dates are formatted in
        the language the template renders in.
        """
        self.ensure_one()
        moves = self._debt_reminder_moves()
        today = fields.Date.context_today(self)
        company = self._debt_reminder_company()
        claims = self._debt_reminder_batch().get("claims")
        if claims is None:
            claims = self._debt_claim(company, today, MESSAGE, moves=moves) if moves else {}
        online = self.env.context.get("debt_reminder_online")
        if online is None:
            online = self.env["debt.reminder"]._online_payment(company)
        lines, totals, not_claimed, credits = [], {}, [], []
        for currency, claim in claims.items():
            values = self._debt_claim_values(currency, claim)

            def money(amount, currency=currency):
                return formatLang(self.env, amount, currency_obj=currency)

            for line in values["claimed"]:
                move = line["move"]
                url = move.get_base_url() + move.get_portal_url(
                    anchor="portal_pay" if online else None
                )
                lines.append(
                    {
                        "move": move,
                        "name": move.name,
                        "date": format_date(self.env, move.invoice_date),
                        "due": format_date(self.env, move.invoice_date_due),
                        "days_late": (today - move.invoice_date_due).days,
                        "amount_text": money(move.amount_total),
                        "residual": line["claimable"],
                        "residual_text": money(line["claimable"]),
                        "url": url,
                    }
                )
            not_claimed += [
                {**item, "name": item["move"].name, "amount_text": money(item["amount"])}
                for item in values["not_claimed"]
            ]
            credits += [{**c, "amount_text": money(c["amount"])} for c in values["credits"]]
            if values["total"] > 0:
                totals[currency] = values["total"]
        total_text = " + ".join(
            formatLang(self.env, amount, currency_obj=currency)
            for currency, amount in totals.items()
        )
        return {
            "lines": lines,
            "totals": totals,
            "total_text": total_text,
            "not_claimed": not_claimed,
            "credits": credits,
            "count": len(lines),
            "link": lines[0]["url"] if lines else "",
            "online": online,
            "company": company,
            "statement_url": self.with_company(company)._debt_statement_url(),
        }

    def _debt_statement_url(self):
        """The debtor's account statement, rendered when the link is opened."""
        self.ensure_one()
        debtor, company = self.commercial_partner_id, self.env.company
        token = debtor._debt_link_token(company, STATEMENT)
        return f"{self.get_base_url()}/debt_recovery/statement/{debtor.id}/{company.id}/{token}"

    def _debt_reminder_batch(self):
        """This debtor's entry in the batch being rendered (``debt.reminder``), if any."""
        return (self.env.context.get("debt_reminder_batch") or {}).get(self.id) or {}

    def _debt_reminder_company(self):
        """The company that reminds (its invoices'), for the templates' subject and signature."""
        self.ensure_one()
        return self._debt_reminder_moves().company_id[:1] or self.env.company
