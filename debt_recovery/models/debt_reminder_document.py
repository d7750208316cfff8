"""Statement PDFs off the hot path.

By default a reminder links to the debtor's statement (rendered when
opened). A company that attaches it gets its emails created held (a
scheduled date a day ahead, so a stopped job delays them, never loses
them) and marked ``document_pending``; this job, triggered by the send
step, renders the PDFs batch by batch, attaches them and releases the
emails to the mail queue. Sending never waits for wkhtmltopdf.
"""

from datetime import timedelta

from odoo import api, fields, models

# Emails a company wants with a PDF wait at most this long for it.
HOLD = timedelta(days=1)
DOCUMENT_BATCH = 50


class DebtReminder(models.AbstractModel):
    _inherit = "debt.reminder"

    @api.model
    def _hold_for_documents(self, company, contacts, mails):
        """Hold ``mails`` until the job attaches the statement, if ``company`` wants it."""
        if not company.debt_reminder_attach_pdf or not contacts:
            return
        mails.write({"scheduled_date": fields.Datetime.now() + HOLD})
        contacts.write({"document_pending": True})
        self.env.ref("debt_recovery.ir_cron_debt_reminder_documents")._trigger()

    @api.model
    def _cron_reminder_documents(self):
        """Scheduled: statements of the held reminder emails, a batch per commit."""
        cron = self.env["ir.cron"]
        Contact = self.env["debt.contact"].sudo()
        while True:
            contacts = Contact.search(
                [("document_pending", "=", True)], limit=DOCUMENT_BATCH
            ).try_lock_for_update()
            if not contacts:
                return
            self._attach_documents(contacts)
            remaining = Contact.search_count([("document_pending", "=", True)])
            if not cron._commit_progress(len(contacts), remaining=remaining):
                return

    @api.model
    def _attach_documents(self, contacts):
        """Render and attach the statement of each contact's email, then release it."""
        report = self.env.ref("debt_recovery.action_report_debt_statement")
        Attachment = self.env["ir.attachment"].sudo()
        for contact in contacts:
            debtor = contact.partner_id.with_company(contact.company_id)
            pdf, _kind = (
                self.env["ir.actions.report"]
                .with_company(contact.company_id)
                .with_context(lang=contact.recipient_id.lang or debtor.lang)
                ._render_qweb_pdf(report, debtor.ids)
            )
            attachment = Attachment.create(
                {
                    "name": f"{report.name} - {debtor.name}.pdf",
                    "raw": pdf,
                    "res_model": "mail.message",
                    "res_id": contact.message_id.id,
                    "mimetype": "application/pdf",
                }
            )
            message = contact.message_id.sudo()
            message.attachment_ids = [(4, attachment.id)]
            mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
            mails.write({"attachment_ids": [(4, attachment.id)], "scheduled_date": False})
        contacts.write({"document_pending": False})
