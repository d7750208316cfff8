import csv
import io

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core.claim import INSOLVENCY

CSV_COLUMNS = [
    "invoice",
    "invoice_date",
    "due_date",
    "currency",
    "open",
    "interest",
    "fees",
    "credited",
    "claimed",
    "not_claimed",
    "reason",
]


class ResPartner(models.Model):
    """Insolvency proceedings: what they hold, and the statement of claim
    lodged with the administrator."""

    _inherit = "res.partner"

    debt_insolvency_date = fields.Date(
        string="Insolvency opened on",
        company_dependent=True,
        tracking=True,
        copy=False,
        help="Opening date of the debtor's insolvency proceedings: its invoices are held, "
        "no reminder goes out, interest stops on this date, and the statement of claim "
        "for the administrator is drawn up as of it.",
    )

    def _debt_insolvency_opening(self, company):
        self.ensure_one()
        opening = self.commercial_partner_id.with_company(company).debt_insolvency_date
        if not opening:
            raise UserError(
                self.env._(
                    "%(debtor)s has no insolvency opening date in %(company)s.",
                    debtor=self.commercial_partner_id.display_name,
                    company=company.name,
                )
            )
        return opening

    def _debt_insolvency_claim(self, company):
        """The statement of claim: ``{"date", "claims": [claim values per currency]}``."""
        self.ensure_one()
        debtor = self.commercial_partner_id
        opening = debtor._debt_insolvency_opening(company)
        Partner = self.env["res.partner"].with_context(lang=debtor.lang)
        claims = debtor._debt_claim(company, opening, INSOLVENCY)
        return {
            "date": opening,
            "claims": [Partner._debt_claim_values(cur, claim) for cur, claim in claims.items()],
        }

    def action_debt_insolvency_claim(self):
        """The statement of claim as a PDF, as of the opening date."""
        self._debt_authorize("action_debt_insolvency_claim")
        for debtor in self:
            debtor._debt_insolvency_opening(self.env.company)
        return self.env.ref("debt_recovery.action_report_debt_insolvency_claim").report_action(self)

    def action_debt_insolvency_claim_csv(self):
        """The statement of claim as CSV, one line per invoice, for the administrator's import."""
        self._debt_authorize("action_debt_insolvency_claim_csv")
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": self.env._(
                    "Statement of claim - %(debtor)s.csv", debtor=self.commercial_partner_id.name
                ),
                "raw": self._debt_insolvency_claim_csv(self.env.company),
                "mimetype": "text/csv",
                "res_model": "res.partner",
                "res_id": self.commercial_partner_id.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    def action_debt_write_off(self):
        """Write off the debtor's open invoices (the wizard lists them)."""
        self._debt_authorize("action_debt_write_off")
        return self._debt_write_off_action("res.partner", self.commercial_partner_id.ids)

    @api.model
    def _debt_write_off_action(self, model, ids):
        return {
            "type": "ir.actions.act_window",
            "res_model": "debt.write.off.wizard",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Write off bad debt"),
            "context": {"active_model": model, "active_ids": ids},
        }

    def _debt_insolvency_claim_csv(self, company):
        """Amounts as plain decimals in the claim's currency, a total line per currency."""
        statement = self._debt_insolvency_claim(company)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        Move = self.env["account.move"]
        for values in statement["claims"]:
            currency = values["currency"].name
            for line in values["claim"].lines:
                move = Move.browse(line.move_id)
                writer.writerow(
                    [
                        move.name,
                        move.invoice_date and move.invoice_date.isoformat(),
                        move.invoice_date_due and move.invoice_date_due.isoformat(),
                        currency,
                        *map(str, (line.open, line.interest, line.fees, line.credited, line.due)),
                        str(line.held),
                        line.reason or "",
                    ]
                )
            writer.writerow(
                ["TOTAL", "", "", currency, *[""] * 4, str(values["claim"].total), "", ""]
            )
        return out.getvalue().encode()
