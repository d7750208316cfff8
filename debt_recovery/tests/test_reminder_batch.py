import subprocess
import tempfile
from datetime import datetime, time, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestReminderBatch(DebtRecoveryCommon, MockEmail):
    """Email reminders of a batch go out together: queries per batch, not per
    debtor, and each debtor receives the email the one-by-one path sent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["debt.reminder"]
        cls.env.company.write(
            {
                "debt_min_days_between": 0,
                "email": "ar@company.example",
            }
        )
        cls.env.company._debt_set_pace(dict.fromkeys(("first_time", "bad_debt", "no_return"), 0))
        stages = cls.env["debt.stage"].search([("company_id", "=", cls.env.company.id)])
        stages.write({"channel_sms": False, "channel_phone": False, "channel_letter": False})
        cls.now = datetime.combine(cls.today, time(10, 0))
        cls.debtors = cls.env["res.partner"].create(
            [
                {
                    "name": f"Debtor {n}",
                    "is_company": True,
                    "email": f"ap{n}@debtor.example",
                    "tz": "UTC",
                    "lang": "en_US",
                }
                for n in range(100)
            ]
        )
        due = cls.today - timedelta(days=5)
        invoices = cls.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": debtor.id,
                    "invoice_date": due,
                    "invoice_date_due": due,
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create({"name": "Work", "price_unit": 120.0 + n, "tax_ids": []})
                    ],
                }
                for n, debtor in enumerate(cls.debtors)
            ]
        )
        invoices.action_post()
        cls.env["debt.escalation"]._run(cls.env.company)

    def _queries(self, debtors):
        reminders = self.engine._prepare(self.env.company, debtors.ids, self.now)
        self.env.invalidate_all()
        with freeze_time(self.now), self.mock_mail_gateway():
            before = self.env.cr.sql_log_count
            contacts = self.engine._send(self.env.company, reminders, self.now)
            count = self.env.cr.sql_log_count - before
        self.assertEqual(len(contacts.filtered(lambda c: c.outcome == "sent")), len(debtors))
        return count

    def test_queries_per_batch(self):
        self._queries(self.debtors[:2])  # warm-up: templates, layout, company
        ten = self._queries(self.debtors[2:12])
        hundred = self._queries(self.debtors[12:])  # 88 debtors
        # About 44 for the batch (templates, layout, followers, inserts), 1 a debtor.
        self.assertLessEqual(ten, 10 + 50, "10 debtors")
        self.assertLessEqual(hundred, 88 + 50, "88 debtors")
        # Pinned: what each further debtor costs. The claims are the batch's
        # (a few queries); what is left per debtor is Odoo's search of the
        # thread's last messages for the email's References header.
        self.assertLessEqual((hundred - ten) / 78, 1.1)

    def test_claims_one_by_one_when_the_batch_claim_fails(self):
        debtors = self.debtors[20:23]
        origin = type(self.env["res.partner"])._debt_claims

        def claims(partners, *args, **kwargs):
            if len(partners) > 1:
                raise ValueError("one debtor's data is broken")
            return origin(partners, *args, **kwargs)

        with patch.object(type(self.env["res.partner"]), "_debt_claims", claims):
            self._queries(debtors)  # each debtor's email sent all the same

    def test_batch_email_is_the_one_by_one_email(self):
        """Subject, body, sender and recipients as ``message_post_with_source``
        on the template gave one debtor at a time."""
        debtor = self.debtors[3]
        reminders = self.engine._prepare(self.env.company, debtor.ids, self.now)
        [reminder] = reminders
        moves = self.env["account.move"].browse(reminder.move_ids)
        stage = self.env["debt.stage"].browse(reminder.stage_id)
        with freeze_time(self.now), self.mock_mail_gateway():
            self.engine._send_email(debtor, debtor, stage, moves)
            [old] = self._new_mails
        with freeze_time(self.now), self.mock_mail_gateway():
            self.engine._send(self.env.company, reminders, self.now)
            [new] = self._new_mails
        for field in ("subject", "body_html", "email_from", "reply_to", "recipient_ids"):
            self.assertEqual(new[field], old[field], field)
        self.assertEqual(new.mail_message_id.partner_ids, old.mail_message_id.partner_ids)
        self.assertIn(moves[0].name, new.body_html)
        # The statement is a link by default: no PDF.
        self.assertTrue(old.attachment_ids)
        self.assertFalse(new.attachment_ids)

    def test_one_failing_debtor_does_not_stop_the_batch(self):
        broken, fine = self.debtors[4], self.debtors[5:8]
        broken.email = False  # no address: the policy skips it
        origin = type(self.engine)._render_group

        def render(engine, template, lang, context, group, fields_):
            if any(item["debtor"] == fine[0] for item in group):
                raise RuntimeError("template exploded")
            return origin(engine, template, lang, context, group, fields_)

        reminders = self.engine._prepare(self.env.company, (broken | fine).ids, self.now)
        with (
            freeze_time(self.now),
            self.mock_mail_gateway(),
            patch.object(type(self.engine), "_render_group", render),
        ):
            contacts = self.engine._send(self.env.company, reminders, self.now)
        outcome = {c.partner_id: (c.outcome, c.reason) for c in contacts}
        self.assertEqual(outcome[broken], ("skipped", "no_address"))
        self.assertEqual(outcome[fine[0]], ("failed", "render_failed"))
        self.assertEqual(outcome[fine[1]], ("sent", False))
        self.assertEqual(outcome[fine[2]], ("sent", False))
        emailed = self._new_mails.recipient_ids & (broken | fine)
        self.assertEqual(emailed, fine[1:])
        self.assertTrue(fine[0].activity_ids)
        # A rerun sends nothing twice and does not repeat the failure.
        reminders = self.engine._prepare(self.env.company, (broken | fine).ids, self.now)
        with freeze_time(self.now), self.mock_mail_gateway():
            self.assertFalse(self.engine._send(self.env.company, reminders, self.now))

    def test_statement_attached_after_the_batch_when_the_company_wants_it(self):
        debtor = self.debtors[8]
        self.assertIn(
            f"/debt_recovery/statement/{debtor.id}/{self.env.company.id}/",
            debtor.with_context(debt_reminder_move_ids=[])._debt_reminder_data()["statement_url"],
        )
        self.env.company.debt_reminder_attach_pdf = True
        reminders = self.engine._prepare(self.env.company, debtor.ids, self.now)
        with freeze_time(self.now), self.mock_mail_gateway():
            contact = self.engine._send(self.env.company, reminders, self.now)
            [mail] = self._new_mails
        # Held for its PDF, not blocked by it.
        self.assertTrue(contact.document_pending)
        self.assertTrue(mail.scheduled_date)
        self.assertFalse(mail.attachment_ids)
        self.engine._attach_documents(contact)
        self.assertFalse(contact.document_pending)
        self.assertFalse(mail.scheduled_date)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertEqual(mail.attachment_ids, contact.message_id.attachment_ids)

    def test_statements_of_a_batch_rendered_together(self):
        """The job renders a batch's statements in one wkhtmltopdf run and cut:
        each email gets its own debtor's statement."""
        self.env.company.debt_reminder_attach_pdf = True
        debtors = self.debtors[1:4]
        reminders = self.engine._prepare(self.env.company, debtors.ids, self.now)
        with freeze_time(self.now), self.mock_mail_gateway():
            contacts = self.engine._send(self.env.company, reminders, self.now)
        self.assertEqual(len(contacts), 3)
        with self.allow_pdf_render():
            self.engine.with_context(force_report_rendering=True)._attach_documents(contacts)
        for contact in contacts:
            [attachment] = contact.message_id.attachment_ids
            self.assertTrue(attachment.raw.startswith(b"%PDF"))
            with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
                file.write(attachment.raw)
                file.flush()
                text = subprocess.run(
                    ["pdftotext", file.name, "-"], capture_output=True, check=True, text=True
                ).stdout
            names = {d.name for d in debtors if f"{d.name}\n" in text or f"{d.name} " in text}
            self.assertEqual(names, {contact.partner_id.name})
