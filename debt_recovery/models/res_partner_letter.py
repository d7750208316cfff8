"""Sending a letter: the one way every letter (demand, reminder by post,
hand-over notice) is rendered, kept and logged."""

from odoo import fields, models
from odoo.tools import format_date

from ..core.contacts import letter_filename


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_debt_send_letter(self):
        """Print the demand letter (one per currency claimed, in one PDF): it
        downloads, a copy stays in the debtor's chatter and the letter is in
        the contact log."""
        self._debt_authorize("action_debt_send_letter")
        report = self.env.ref("debt_recovery.action_report_debt_demand_letter")
        today = fields.Date.context_today(self)
        attachments = self.env["ir.attachment"]
        for debtor in self.commercial_partner_id:
            letters = self.env["report.debt_recovery.report_debt_demand_letter"]._letters(
                debtor, today
            )
            moves = self.env["account.move"].union(
                *(line["move"] for letter in letters for line in letter["lines"])
            )
            attachment, _message, _contact = debtor._debt_send_letter(
                report,
                self.env._(
                    "Demand letter printed: %(total)s claimed, to pay by %(deadline)s.",
                    total=" + ".join(
                        letter["currency"].format(letter["total_claimed"]) for letter in letters
                    ),
                    deadline=format_date(self.env, letters[0]["deadline"]),
                ),
                moves=moves,
                summary=self.env._("Demand letter (%(kind)s)", kind=letters[0]["kind"]),
            )
            attachments |= attachment
        if len(attachments) == 1:
            return {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{attachments.id}?download=true",
                "target": "self",
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Letters printed"),
                "message": self.env._(
                    "%(count)s letters are in the debtors' chatter.", count=len(attachments)
                ),
                "type": "success",
            },
        }

    def _debt_send_letter(
        self,
        report,
        body,
        *,
        company=None,
        moves=None,
        summary=None,
        reference=None,
        data=None,
        pdf=None,
        **values,
    ):
        """Render ``report`` for this debtor in ``company`` (with the report's
        ``data``; or take its rendered ``pdf``), keep the PDF in the debtor's
        chatter (attachment of that company, one naming scheme) and, given a
        ``summary``, log the letter in the contact log.

        Returns (attachment, message, contact or an empty recordset).
        """
        self.ensure_one()
        debtor = self.commercial_partner_id
        moves = moves if moves is not None else self.env["account.move"]
        company = company or moves.company_id[:1] or self.env.company
        reports = self.env["ir.actions.report"].with_company(company)
        content = pdf or reports._render_qweb_pdf(report, debtor.ids, data=data)[0]
        attachment = self.env["ir.attachment"].create(
            {
                "name": letter_filename(
                    report.name, debtor.name, fields.Date.context_today(self), reference
                ),
                "raw": content,
                "res_model": "res.partner",
                "res_id": debtor.id,
                "company_id": company.id,
                "mimetype": "application/pdf",
            }
        )
        # Posted in the company: the message carries it (record_company_id), and the
        # agency package of another company never picks it up.
        message = debtor.with_company(company).message_post(
            body=body, attachment_ids=attachment.ids
        )
        contact = self.env["debt.contact"]
        if summary:
            contact = contact._log(
                debtor,
                "letter",
                summary,
                company=company,
                moves=moves,
                message_id=message.id,
                **values,
            )
        return attachment, message, contact
