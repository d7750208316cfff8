import io
import re
from datetime import datetime, time, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import MockSMS

from ..core.reminders import shorten_sms
from .common import DebtRecoveryCommon

CHANNELS = ("email", "sms", "phone", "letter")


@tagged("post_install", "-at_install")
class TestReminderChannels(DebtRecoveryCommon, MockEmail, MockSMS):
    """SMS, calls and letters of a batch go out together: queries per batch,
    not per debtor; each debtor receives what the one-by-one path sent; the
    letters are rendered by a deferred job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["debt.reminder"]
        cls.env.company.write({"debt_min_days_between": 0, "email": "ar@company.example"})
        cls.env.company._debt_set_pace(dict.fromkeys(("first_time", "bad_debt", "no_return"), 0))
        cls.stages = cls.env["debt.stage"].search([("company_id", "=", cls.env.company.id)])
        cls.now = datetime.combine(cls.today, time(10, 0))
        cls.debtors = cls.env["res.partner"].create(
            [
                {
                    "name": f"Debtor {n}",
                    "is_company": True,
                    "email": f"ap{n}@debtor.example",
                    "phone": f"+32 470 12 {n // 10:02d} {n % 10}0",
                    "street": f"Rue Haute {n}",
                    "city": "Brussels",
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
        cls.env["res.partner.bank"].create(
            {"partner_id": cls.env.company.partner_id.id, "acc_number": "BE71096123456769"}
        )
        cls.stages.apply_interest = False  # no reference rates in these tests

    def _use(self, channel):
        self.stages.write({f"channel_{ch}": ch == channel for ch in CHANNELS})

    def _send(self, debtors):
        reminders = self.engine._prepare(self.env.company, debtors.ids, self.now)
        self.env.invalidate_all()
        with freeze_time(self.now), self.mock_mail_gateway(), self.mockSMSGateway():
            before = self.env.cr.sql_log_count
            contacts = self.engine._send(self.env.company, reminders, self.now)
            count = self.env.cr.sql_log_count - before
            self.engine._flush_sms(contacts)
        return count, contacts

    def _assert_queries(self, channel, outcome, per_debtor, fixed):
        self._use(channel)
        self._send(self.debtors[:2])  # warm-up: templates, company, activity types
        ten, contacts = self._send(self.debtors[2:12])
        self.assertEqual(set(contacts.mapped("outcome")), {outcome}, contacts.mapped("summary"))
        self.assertEqual(len(contacts), 10)
        hundred, contacts = self._send(self.debtors[12:])  # 88 debtors
        self.assertEqual(len(contacts.filtered(lambda c: c.outcome == outcome)), 88)
        self.assertLessEqual(ten, 10 * per_debtor + fixed, "10 debtors")
        self.assertLessEqual(hundred, 88 * per_debtor + fixed, "88 debtors")
        # Pinned: what each further debtor costs.
        self.assertLessEqual((hundred - ten) / 78, per_debtor)

    def test_sms_queries_per_batch(self):
        self._assert_queries("sms", "sent", 3, 40)
        self.assertEqual(len(self._sms), 88)

    def test_call_queries_per_batch(self):
        self._assert_queries("phone", "scheduled", 3, 40)

    def test_letter_queries_per_batch(self):
        self._assert_queries("letter", "scheduled", 3, 40)

    def test_batch_sms_is_the_one_by_one_sms(self):
        """Message, SMS and notification as ``_message_sms`` (queued) made them."""
        self._use("sms")
        debtor = self.debtors[3]
        [reminder] = self.engine._prepare(self.env.company, debtor.ids, self.now)
        moves = self.env["account.move"].browse(reminder.move_ids)
        template = self.env.ref("debt_recovery.sms_template_debt_reminder")
        context = self.engine._render_context(debtor, moves)
        with freeze_time(self.now):
            body = template.with_context(**context)._render_field(
                "body", debtor.ids, compute_lang=True
            )[debtor.id]
            old = debtor.with_context(**context)._message_sms(
                shorten_sms(body),
                partner_ids=debtor.ids,
                sms_pid_to_number={debtor.id: debtor._phone_format(number=debtor.phone)},
                put_in_queue=True,
            )
        _count, contact = self._send(debtor)
        new = contact.message_id
        self.assertEqual(contact.outcome, "sent")
        self.assertIn("overdue", new.body)
        for field in (
            "body",
            "message_type",
            "subtype_id",
            "author_id",
            "email_from",
            "partner_ids",
            "reply_to",
            "record_company_id",
            "model",
            "res_id",
        ):
            self.assertEqual(new[field], old[field], field)
        old_sms = self.env["sms.sms"].search([("mail_message_id", "=", old.id)])
        [sent] = [s for s in self._sms if s["number"] == old_sms.number]
        self.assertEqual(sent["body"], old_sms.body)
        self.assertEqual(
            [(n.notification_type, n.res_partner_id, n.sms_number) for n in new.notification_ids],
            [(n.notification_type, n.res_partner_id, n.sms_number) for n in old.notification_ids],
        )

    def test_bad_sms_input_is_logged_and_the_batch_goes_on(self):
        self._use("sms")
        no_number, broken, fine = self.debtors[4], self.debtors[5], self.debtors[6:9]
        no_number.phone = "+32 470 99 99 99"  # a number the policy takes, Odoo cannot format
        origin = type(self.engine)._render_group
        phone_format = type(no_number)._phone_format

        def formatted(partner, *args, number=None, **kwargs):
            if number == no_number.phone:
                return False
            return phone_format(partner, *args, number=number, **kwargs)

        def render(engine, template, lang, context, group, fields_):
            if any(item["debtor"] == broken for item in group):
                raise RuntimeError("template exploded")
            return origin(engine, template, lang, context, group, fields_)

        with (
            patch.object(type(self.engine), "_render_group", render),
            patch.object(type(no_number), "_phone_format", formatted),
        ):
            _count, contacts = self._send(no_number | broken | fine)
        outcome = {c.partner_id: (c.outcome, c.reason) for c in contacts}
        self.assertEqual(outcome[no_number], ("failed", "no_address"))
        self.assertEqual(outcome[broken], ("failed", "render_failed"))
        self.assertEqual({outcome[d] for d in fine}, {("sent", False)})
        self.assertEqual(len(self._sms), 3)
        for debtor in no_number | broken:
            self.assertTrue(debtor.activity_ids)
        self.assertIn(
            "No valid mobile number", contacts.filtered(lambda c: c.partner_id == no_number).note
        )
        # A rerun sends nothing twice and does not repeat the failures.
        _count, contacts = self._send(no_number | broken | fine)
        self.assertFalse(contacts)

    def test_call_task_lists_the_invoices(self):
        self._use("phone")
        debtor = self.debtors[7]
        debtor.debt_collector_id = self.clerk
        _count, contact = self._send(debtor)
        [activity] = debtor.activity_ids
        self.assertEqual(activity.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual(activity.user_id, self.clerk)
        self.assertEqual(contact.note, activity.summary)
        self.assertIn("127.00", activity.summary)
        self.assertIn(contact.move_ids.name, str(activity.note))

    def test_letters_rendered_by_the_job(self):
        """Sending logs the letters; the job renders and keeps them, as the
        one-by-one path did, and queues them for print."""
        self._use("letter")
        debtors = self.debtors[10:13]
        with patch.object(type(self.env["ir.actions.report"]), "_render_qweb_pdf") as render:
            _count, contacts = self._send(debtors)
        render.assert_not_called()
        self.assertTrue(all(contacts.mapped("document_pending")))
        self.assertFalse(contacts.message_id)
        report = self.env.ref("debt_recovery.action_report_debt_demand_letter")
        expected = {
            d.id: self.env["ir.actions.report"]._render_qweb_pdf(report, d.ids)[0] for d in debtors
        }
        self.engine._render_letters(contacts)
        self.assertFalse(any(contacts.mapped("document_pending")))
        for contact in contacts:
            [attachment] = contact.message_id.attachment_ids
            self.assertEqual(attachment.raw, expected[contact.partner_id.id])
            self.assertIn(
                "Print and post the letter", contact.partner_id.activity_ids.mapped("summary")
            )

    def test_letter_that_fails_is_logged_on_the_contact(self):
        self._use("letter")
        self.env.company.partner_id.bank_ids.unlink()
        _count, contacts = self._send(self.debtors[20:22])
        self.engine._render_letters(contacts)
        self.assertEqual(set(contacts.mapped("outcome")), {"failed"})
        self.assertIn("no bank account", contacts[0].note)
        for contact in contacts:
            self.assertFalse(contact.document_pending)
            self.assertTrue(contact.partner_id.activity_ids)

    def test_letters_in_one_wkhtmltopdf_run(self):
        """Several letters in one run, cut at their marks: each debtor's PDF has
        the pages and text of its letter rendered alone."""
        engine = self.engine.with_context(force_report_rendering=True)
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        report = self.env.ref("debt_recovery.action_report_debt_demand_letter")
        debtors = self.debtors[30:33]
        together = engine._letter_pdfs_together(report, debtors.ids)
        self.assertEqual(set(together), set(debtors.ids))
        for debtor in debtors:
            alone = Report._render_qweb_pdf(report, debtor.ids)[0]
            self.assertEqual(self._pdf_text(together[debtor.id]), self._pdf_text(alone))

    def _pdf_text(self, pdf):
        """The PDF's text, page by page, without the letters' marks."""
        reader = PdfFileReader(io.BytesIO(pdf))
        return [re.sub(r"DRLETTER\d+X\s*", "", page.extract_text()) for page in reader.pages]
