"""Letter and statement PDFs off the hot path.

A postal reminder is logged by the send step with ``document_pending``;
this job renders the batch's letters (several per wkhtmltopdf run), keeps
each in the debtor's chatter and queues it for print or post.

By default a reminder email links to the debtor's statement (rendered when
opened). A company that attaches it gets its emails created held (a
scheduled date a day ahead, so a stopped job delays them, never loses
them) and marked ``document_pending``; this job renders the PDFs batch by
batch, attaches them and releases the emails to the mail queue. Sending
never waits for wkhtmltopdf.
"""

import logging
import os
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta

import lxml.html

from odoo import api, fields, models, modules
from odoo.tools import SQL, split_every

from odoo.addons.base.models import ir_actions_report

from ..core import pdf_marks
from .account_move import open_invoice_sql

_logger = logging.getLogger(__name__)

# Emails a company wants with a PDF wait at most this long for it.
HOLD = timedelta(days=1)
DOCUMENT_BATCH = 50
# Letters per wkhtmltopdf run: its start-up is paid once for these.
LETTERS_PER_RUN = 25
# wkhtmltopdf runs at once (one process each) while the next batch renders.
PARALLEL_RUNS = 2
# Where each letter starts: an invisible mark in a system font (drawn as
# text, so the PDF's pages can be told apart) at the top of its first page.
MARK = "DRLETTER%sX"
MARK_STYLE = (
    "position: absolute; top: 0; left: 0; font-size: 1px; line-height: 1px; color: #fff;"
    " font-family: 'DejaVu Sans Mono', monospace;"
)


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
    def _hold_letters(self):
        """Postal reminders were logged: the job renders their letters."""
        self.env.ref("debt_recovery.ir_cron_debt_reminder_documents")._trigger()

    @api.model
    def _cron_reminder_documents(self):
        """Scheduled: letters and statements of the held reminders, a batch per commit."""
        cron = self.env["ir.cron"]
        Contact = self.env["debt.contact"].sudo()
        while True:
            contacts = Contact.search(
                [("document_pending", "=", True)], limit=DOCUMENT_BATCH
            ).try_lock_for_update()
            if not contacts:
                return
            self._render_letters(contacts.filtered(lambda c: c.channel == "letter"))
            self._attach_documents(contacts.filtered(lambda c: c.channel == "email"))
            remaining = Contact.search_count([("document_pending", "=", True)])
            if not cron._commit_progress(len(contacts), remaining=remaining):
                return

    @api.model
    def _attach_documents(self, contacts):
        """Render the statements of the contacts' emails as the letters are
        (``_letter_pdfs``: several per wkhtmltopdf run, each in its debtor's
        language), attach each to its email and release it."""
        report = self.env.ref("debt_recovery.action_report_debt_statement")
        Attachment = self.env["ir.attachment"].sudo()
        for company, group in contacts.grouped("company_id").items():
            pdfs, failed = self.with_company(company)._letter_pdfs(report, group.partner_id)
            if failed:  # the batch is retried by the next job, none of its emails lost
                raise next(iter(failed.values()))
            for contact in group:
                debtor = contact.partner_id
                attachment = Attachment.create(
                    {
                        "name": f"{report.name} - {debtor.name}.pdf",
                        "raw": pdfs[debtor.id],
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

    @api.model
    def _render_letters(self, contacts):
        """Render the letters of ``contacts`` (postal reminders), several per
        wkhtmltopdf run, keep each in its debtor's chatter and queue it for
        print or post. A letter that fails is logged on its contact and debtor."""
        groups = {}
        for contact in contacts:
            report = contact.stage_id.letter_report_id or self.env.ref(
                "debt_recovery.action_report_debt_demand_letter"
            )
            groups.setdefault((contact.company_id, report), []).append(contact)
        for (company, report), group in groups.items():
            engine = self.with_company(company)
            debtors = self.env["res.partner"].union(*(c.partner_id for c in group))
            pdfs, failed = engine._letter_pdfs(report, debtors)
            for contact in group:
                debtor_id = contact.partner_id.id
                try:
                    with self.env.cr.savepoint():
                        engine._letter_done(
                            contact, report, pdfs.get(debtor_id), failed.get(debtor_id)
                        )
                except Exception as error:  # noqa: BLE001 - logged on the contact
                    self.env.invalidate_all()
                    engine._letter_done(contact, report, None, error)

    @api.model
    def _letter_done(self, contact, report, pdf, error):
        debtor = contact.partner_id.with_company(contact.company_id)
        stage = contact.stage_id
        if error is not None:
            text = str(error) or error.__class__.__name__
            summary = self.env._("letter reminder failed: %(error)s", error=text)
            contact.write(
                {"outcome": "failed", "reason": "error", "note": text, "document_pending": False}
            )
            debtor.message_post(body=summary)
            self._make_task(debtor, summary)
            return
        attachment, message, _contact = debtor._debt_send_letter(
            report,
            self.env._("%(stage)s: letter ready to post.", stage=stage.name),
            company=contact.company_id,
            moves=contact.move_ids,
            pdf=pdf,
        )
        if self.env.company.debt_letter_by_post and "snailmail.letter" in self.env:
            # Queued: snailmail's own cron posts pending letters.
            self.env["snailmail.letter"].create(
                {
                    "partner_id": debtor.id,
                    "model": "res.partner",
                    "res_id": debtor.id,
                    "report_template": report.id,
                    "attachment_id": attachment.id,
                    "company_id": self.env.company.id,
                    "state": "pending",
                }
            )
        else:
            debtor.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self),
                summary=self.env._("Print and post the letter"),
                note=self.env._(
                    "%(stage)s: the letter is attached in the chatter.", stage=stage.name
                ),
                user_id=self._responsible(debtor).id,
            )
        contact.write({"message_id": message.id, "document_pending": False})

    @api.model
    def _letter_pdfs(self, report, debtors):
        """({debtor id: PDF}, {debtor id: error}) of ``report`` for ``debtors``:
        ``LETTERS_PER_RUN`` per wkhtmltopdf run, up to ``PARALLEL_RUNS`` runs
        at once while the next batch's HTML is rendered here (the engine runs
        apart, the ORM only in this thread); else (a letter that fails, pages
        that cannot be told apart) one run per debtor."""
        Report = self.env["ir.actions.report"]
        together = Report._debt_renders_pdf()
        pdfs, failed, alone, running = {}, {}, [], []
        self._letter_tokens(debtors)
        # A test's wkhtmltopdf must run in its thread (it lends the test cursor).
        pool = None if modules.module.current_test else ThreadPoolExecutor(PARALLEL_RUNS)

        def finish(batch, run):
            try:
                pdfs.update(self._letters_cut(run))
            except Exception as error:  # noqa: BLE001 - rendered one by one below
                _logger.info("Letters rendered one by one: %s", error)
                alone.extend(batch)

        try:
            for batch in split_every(LETTERS_PER_RUN, debtors.ids, list):
                if not together or len(batch) == 1:
                    alone += batch
                    continue
                try:
                    running.append((batch, self._letters_start(report, batch, pool)))
                except Exception as error:  # noqa: BLE001 - rendered one by one below
                    _logger.info("Letters rendered one by one: %s", error)
                    alone += batch
                while len(running) > PARALLEL_RUNS:
                    finish(*running.pop(0))
            while running:
                finish(*running.pop(0))
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)
            for _batch, run in running:
                run.folder.cleanup()
        for debtor_id in alone:
            try:
                pdfs[debtor_id] = Report._render_qweb_pdf(report, [debtor_id])[0]
            except Exception as error:  # noqa: BLE001 - logged on the contact
                failed[debtor_id] = error
        return pdfs, failed

    @api.model
    def _letter_tokens(self, debtors):
        """The portal tokens of the links a letter prints, for its debtors' open
        invoices in one statement (one ``account.move`` write each costs 0.2 s)."""
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                "UPDATE account_move m SET access_token = gen_random_uuid()::text"
                " WHERE %(open)s AND m.commercial_partner_id = ANY(%(debtors)s)"
                " AND m.access_token IS NULL",
                open=open_invoice_sql("m"),
                debtors=debtors.ids,
            )
        )
        self.env["account.move"].invalidate_model(["access_token"])

    @api.model
    def _letter_pdfs_together(self, report, debtor_ids):
        """{debtor id: PDF}: the letters in one wkhtmltopdf run, each from a
        new page, cut where their marks are. Raises if any mark is missing."""
        return self._letters_cut(self._letters_start(report, debtor_ids))

    @api.model
    def _letters_start(self, report, debtor_ids, pool=None):
        """Render the HTML of the letters of ``debtor_ids`` as one document and
        run wkhtmltopdf on it with the arguments Odoo gives it (``_LettersRun``:
        in ``pool`` if given, while the caller goes on); ``_letters_cut`` cuts it."""
        Report = self.env["ir.actions.report"].with_context(debug=False)
        report = Report._get_report(report)
        if Report.get_wkhtmltopdf_state() != "ok":
            raise RuntimeError("wkhtmltopdf is not ready")
        html = Report._render_qweb_html(
            report, debtor_ids, data={"report_type": "pdf", "debug": False}
        )[0]
        bodies, html_ids, header, footer, paper_args = report._prepare_html(
            html, report_model=report.model
        )
        if len(bodies) != len(html_ids) or set(html_ids) != set(debtor_ids):
            raise ValueError("letters and debtors do not match")
        args = Report._build_wkhtmltopdf_args(
            report.get_paperformat(),
            self.env.context.get("landscape"),
            specific_paperformat_args=paper_args,
            set_viewport_size=self.env.context.get("set_viewport_size"),
        )
        files = {"header": header, "footer": footer, "body": self._letters_html(bodies)}
        return _LettersRun(html_ids, args, files, pool)

    @api.model
    def _letters_cut(self, run):
        """{debtor id: PDF} of a ``_LettersRun``: its PDF cut where the letters'
        marks are (``core.pdf_marks``). Raises if any mark is missing."""
        return run.letters()

    @api.model
    def _letters_html(self, bodies):
        """One HTML document of the letters' ``bodies``, each from a new page, marked."""
        docs = [lxml.html.document_fromstring(body) for body in bodies]
        body = docs[0].body
        children = [list(doc.body) for doc in docs]
        for child in children[0]:
            body.remove(child)
        for index, parts in enumerate(children):
            style = "position: relative;" + (" page-break-before: always;" if index else "")
            wrapper = lxml.html.Element("div", style=style)
            mark = lxml.html.Element("div", style=MARK_STYLE)
            mark.text = MARK % index
            wrapper.append(mark)
            wrapper.extend(parts)
            body.append(wrapper)
        return lxml.html.tostring(docs[0], encoding="unicode", doctype="<!DOCTYPE html>")


class _LettersRun:
    """One wkhtmltopdf run on files in a temporary folder, and the cut of its
    PDF: at once, or in a thread of ``pool`` (no ORM there)."""

    def __init__(self, html_ids, args, files, pool=None):
        self.folder = tempfile.TemporaryDirectory(prefix="debt_letters.")
        paths = {}
        for name, content in files.items():
            if content:
                paths[name] = os.path.join(self.folder.name, f"{name}.html")
                with open(paths[name], "w", encoding="utf-8") as file:
                    file.write(content)
        for name in ("header", "footer"):
            if name in paths:
                args = [*args, f"--{name}-html", paths[name]]
        output = os.path.join(self.folder.name, "letters.pdf")
        job = (_render_and_cut, [*args, paths["body"], output], output, html_ids)
        if pool:
            self.done = pool.submit(*job)
        else:
            self.done = Future()
            try:
                self.done.set_result(job[0](*job[1:]))
            except Exception as error:  # noqa: BLE001 - raised by letters()
                self.done.set_exception(error)

    def letters(self):
        """{debtor id: PDF}, once the run is cut."""
        try:
            return self.done.result()
        finally:
            self.folder.cleanup()


def _render_and_cut(command, output, html_ids):
    """wkhtmltopdf as Odoo runs it (exit code 0, or 1 with warnings: a resource
    it could not load), then its PDF cut where the marks are (``core.pdf_marks``)."""
    # Odoo's own call of the binary, looked up when run (tests replace it).
    process = ir_actions_report._run_wkhtmltopdf(command)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"wkhtmltopdf failed ({process.returncode}): {process.stderr}")
    if process.returncode:
        _logger.warning("wkhtmltopdf: %s", process.stderr)
    with open(output, "rb") as file:
        return pdf_marks.cut_letters(file.read(), list(html_ids))
