"""Sending a letter: the one way every letter (demand, reminder by post,
hand-over notice) is rendered, kept and logged."""

from odoo import fields, models

from ..core.contacts import letter_filename


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _debt_send_letter(
        self, report, body, *, company=None, moves=None, summary=None, reference=None, **values
    ):
        """Render ``report`` for this debtor in ``company``, keep the PDF in the
        debtor's chatter (attachment of that company, one naming scheme) and,
        given a ``summary``, log the letter in the contact log.

        Returns (attachment, message, contact or an empty recordset).
        """
        self.ensure_one()
        debtor = self.commercial_partner_id
        moves = moves if moves is not None else self.env["account.move"]
        company = company or moves.company_id[:1] or self.env.company
        reports = self.env["ir.actions.report"].with_company(company)
        content, _kind = reports._render_qweb_pdf(report, debtor.ids)
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
