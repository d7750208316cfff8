from datetime import datetime, time, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import MockSMS

from ..models import debt_run_slice
from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestReminders(DebtRecoveryCommon, MockEmail, MockSMS):
    """The reminder step of the daily run, with Odoo's mail and SMS gateways mocked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["debt.reminder"]
        cls.stages = cls.env["debt.stage"].search([("company_id", "=", cls.env.company.id)])
        # Same pace for every segment: thresholds as on the ladder.
        cls.env.company.write(
            {
                "debt_min_days_between": 3,
                "email": "ar@company.example",
            }
        )
        cls.env.company._debt_set_pace(dict.fromkeys(("first_time", "bad_debt", "no_return"), 0))
        cls.debtor.write(
            {
                "phone": "+32 470 12 34 56",
                "tz": "Europe/Brussels",
                "street": "Rue Haute 1",
                "city": "Brussels",
                "lang": "en_US",
                "debt_collector_id": cls.clerk.id,
            }
        )
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Latecomer GmbH",
                "is_company": True,
                "email": "billing@latecomer.example",
                "phone": "+49 151 5550 1234",
                "tz": "Asia/Tokyo",
                "lang": "en_US",
            }
        )
        # 10:00 UTC today: 11:00 or 12:00 in Brussels, 19:00 in Tokyo.
        cls.ten_utc = datetime.combine(cls.today, time(10, 0))

    def _stage(self, code):
        return self.stages.filtered(lambda s: s.code == code)

    def _escalate(self):
        self.env["debt.escalation"]._run(self.env.company)

    def _remind(self, now=None):
        """The reminder step at ``now`` (default 10:00 UTC today), gateways mocked."""
        now = now or self.ten_utc
        with freeze_time(now), self.mock_mail_gateway(), self.mockSMSGateway():
            contacts = self.engine._send_reminders(self.env.company, now)
            self._new_mails.send()  # what the mail queue would do
        return contacts

    def _mails_to(self, email):
        return [mail for mail in self._mails if email in " ".join(mail["email_to"])]

    # --- what is sent ---

    def test_one_email_per_debtor_listing_every_invoice(self):
        inv1 = self._overdue_invoice(3, amount=100.0)
        inv2 = self._overdue_invoice(5, amount=250.5)
        inv3 = self._overdue_invoice(20, amount=1000.0)  # REM2: email, SMS and a call
        other_inv = self._overdue_invoice(2, amount=40.0, partner=self.other)
        self._escalate()
        contacts = self._remind()

        [mail] = self._mails_to("ap@slowpay.example")
        self.assertEqual(mail["email_to"], ['"Slowpay Ltd" <ap@slowpay.example>'])
        self.assertIn("overdue invoices", mail["subject"])
        body = mail["body"]
        for invoice in inv1 | inv2 | inv3:
            self.assertIn(invoice.name, body)
            self.assertIn(f"/my/invoices/{invoice.id}?access_token={invoice.access_token}", body)
            self.assertTrue(invoice.access_token)
        self.assertIn("$&nbsp;1,350.50", body)  # the total
        pay_all = self.debtor._debt_pay_all_url(self.env.company)
        self.assertIn(pay_all.replace("&", "&amp;"), body)  # one link pays them all
        self.assertIn("$&nbsp;250.50", body)
        self.assertNotIn(other_inv.name, body)
        # The other debtor gets its own message, in its own group.
        [other_mail] = self._mails_to("billing@latecomer.example")
        self.assertIn(other_inv.name, other_mail["body"])
        self.assertNotIn(inv1.name, other_mail["body"])
        # The statement is not attached by default (a link; the PDF is an option).
        self.assertFalse(mail["attachments"])

        sent = contacts.filtered(lambda c: c.partner_id == self.debtor)
        self.assertEqual(
            sorted(sent.mapped("channel")), ["email", "phone", "sms"], sent.mapped("summary")
        )
        email = sent.filtered(lambda c: c.channel == "email")
        self.assertEqual(email.outcome, "sent")
        self.assertEqual(email.stage_id, self._stage("REM2"))
        self.assertEqual(email.move_ids, inv1 | inv2 | inv3)
        self.assertEqual(email.recipient_id, self.debtor)
        self.assertEqual(
            email.mail_template_id, self.env.ref("debt_recovery.mail_template_debt_reminder")
        )
        self.assertEqual(email.message_id.model, "res.partner")
        self.assertEqual(email.message_id.res_id, self.debtor.id)
        self.assertEqual(
            email.idempotency_key, f"{self.debtor.id}:{self._stage('REM2').id}:email:{self.today}"
        )

        # SMS: short, total and link, to the sanitized number.
        [sms] = [s for s in self._sms if s["number"] == "+32470123456"]
        self.assertIn("$ 1,350.50 overdue", sms["body"])
        self.assertIn(self.debtor._debt_pay_all_url(self.env.company), sms["body"])
        self.assertLessEqual(len(sms["body"]), 160)
        self.assertEqual(sent.filtered(lambda c: c.channel == "sms").outcome, "sent")

        # Phone: a call for the collector, due today, with the figures.
        call = self.debtor.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(len(call), 1)
        self.assertEqual((call.user_id, call.date_deadline), (self.clerk, self.today))
        self.assertIn("1,350.50", call.summary)
        self.assertIn(inv3.name, str(call.note))
        self.assertEqual(sent.filtered(lambda c: c.channel == "phone").outcome, "scheduled")

    def test_pay_now_link_opens_online_payment_when_a_provider_is_set(self):
        invoice = self._overdue_invoice(3)
        self._escalate()
        self._remind()
        self.assertNotIn("#portal_pay", self._mails_to("ap@slowpay.example")[0]["body"])
        self.env["payment.provider"].create(
            {"name": "Card", "code": "none", "state": "test", "company_id": self.env.company.id}
        )
        self.env["debt.contact"].search([("partner_id", "=", self.debtor.id)]).unlink()
        self._remind()
        body = self._mails_to("ap@slowpay.example")[0]["body"]
        self.assertIn(
            f"/my/invoices/{invoice.id}?access_token={invoice.access_token}#portal_pay", body
        )

    def test_invoicing_contact_and_do_not_contact(self):
        billing = self.env["res.partner"].create(
            {
                "name": "Slowpay Accounts",
                "type": "invoice",
                "parent_id": self.debtor.id,
                "email": "invoices@slowpay.example",
                "phone": "+32 470 99 88 77",
            }
        )
        self._overdue_invoice(3)
        self._escalate()
        self._remind()
        self.assertEqual(
            len(self._mails_to("invoices@slowpay.example")), 1, [m["email_to"] for m in self._mails]
        )
        self.assertFalse(self._mails_to("ap@slowpay.example"))
        self.assertEqual([s["number"] for s in self._sms], ["+32470998877"])
        # The invoicing contact asks not to be contacted: back to the company.
        billing.debt_do_not_contact = True
        self.env["debt.contact"].search([("partner_id", "=", self.debtor.id)]).unlink()
        self._remind()
        self.assertEqual(len(self._mails_to("ap@slowpay.example")), 1)
        self.assertFalse(self._mails_to("invoices@slowpay.example"))

    def test_german_debtor_gets_german_texts(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["debt_recovery"], ["de_DE"], overwrite=True
        )
        self.debtor.lang = "de_DE"
        invoice = self._overdue_invoice(20, amount=1234.5)
        self._escalate()
        self._remind()
        [mail] = self._mails_to("ap@slowpay.example")
        self.assertIn("überfällige Rechnungen", mail["subject"])
        self.assertIn("Guten Tag Slowpay Ltd,", mail["body"])
        self.assertIn("Jetzt bezahlen", mail["body"])
        self.assertIn("1.234,50", mail["body"])
        self.assertIn(invoice.name, mail["body"])
        self.assertNotIn("Pay now", mail["body"])
        [sms] = self._sms
        self.assertIn("überfällig", sms["body"])
        # The English debtor is still written to in English.
        self.other.lang = "en_US"
        self._overdue_invoice(3, partner=self.other)
        self._escalate()
        self._remind()
        self.assertIn("Pay now", self._mails_to("billing@latecomer.example")[0]["body"])

    # --- re-check at send time ---

    def test_paid_disputed_or_promised_since_preparation_is_not_mentioned(self):
        paid = self._overdue_invoice(3, amount=100.0)
        disputed = self._overdue_invoice(4, amount=200.0)
        promised = self._overdue_invoice(5, amount=300.0)
        kept = self._overdue_invoice(6, amount=400.0)
        self._escalate()
        reminders = self.engine._prepare(self.env.company, [self.debtor.id], self.ten_utc)
        self.assertEqual(set(reminders[0].move_ids), {paid.id, disputed.id, promised.id, kept.id})
        # Between preparation and sending:
        self._pay(paid, 100.0)
        self.env["debt.dispute"].create({"move_id": disputed.id, "amount": 200.0})
        self.env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(promised.ids)],
                "amount": 300.0,
                "promised_date": self.today + timedelta(days=5),
            }
        )
        with freeze_time(self.ten_utc), self.mock_mail_gateway(), self.mockSMSGateway():
            contacts = self.engine._send(self.env.company, reminders, self.ten_utc)
            self._new_mails.send()
        [mail] = self._mails_to("ap@slowpay.example")
        self.assertIn(kept.name, mail["body"])
        for invoice in paid | disputed | promised:
            self.assertNotIn(invoice.name, mail["body"])
        self.assertIn("$&nbsp;400.00", mail["body"])
        self.assertEqual(contacts.filtered(lambda c: c.channel == "email").move_ids, kept)

    def test_nothing_left_nothing_sent(self):
        invoice = self._overdue_invoice(3, amount=100.0)
        self._escalate()
        reminders = self.engine._prepare(self.env.company, [self.debtor.id], self.ten_utc)
        self.assertEqual(len(reminders), 2)  # email and SMS
        self._pay(invoice, 100.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        with freeze_time(self.ten_utc), self.mock_mail_gateway(), self.mockSMSGateway():
            contacts = self.engine._send(self.env.company, reminders, self.ten_utc)
        self.assertFalse(self._new_mails)
        self.assertFalse(self._sms)
        self.assertEqual(contacts.mapped("outcome"), ["skipped", "skipped"])
        self.assertEqual(set(contacts.mapped("reason")), {"nothing_left"})

    # --- contact policy ---

    def test_opt_out_and_do_not_contact(self):
        self._overdue_invoice(3)
        self._escalate()
        self.debtor.debt_opt_out_sms = True
        contacts = self._remind()
        self.assertEqual(len(self._mails_to("ap@slowpay.example")), 1)
        self.assertFalse(self._sms)
        sms = contacts.filtered(lambda c: c.channel == "sms")
        self.assertEqual((sms.outcome, sms.reason), ("skipped", "opted_out"))

        self.other.debt_do_not_contact = True
        self._overdue_invoice(3, partner=self.other)
        self._escalate()
        contacts = self._remind()
        self.assertFalse(self._mails_to("billing@latecomer.example"))
        self.assertEqual(set(contacts.mapped("reason")), {"do_not_contact"})

    def test_quiet_hours_across_time_zones(self):
        self._overdue_invoice(3)  # Brussels
        self._overdue_invoice(3, partner=self.other)  # Tokyo
        self._escalate()
        # 05:30 UTC: 06:30 or 07:30 in Brussels (asleep), 14:30 in Tokyo.
        early = datetime.combine(self.today, time(5, 30))
        contacts = self._remind(early)
        self.assertEqual(len(self._mails_to("billing@latecomer.example")), 1)
        self.assertFalse(self._mails_to("ap@slowpay.example"))
        held = contacts.filtered(lambda c: c.partner_id == self.debtor)
        self.assertEqual(set(held.mapped("reason")), {"quiet_hours"})
        # The same skip is not logged again an hour later.
        self.assertFalse(self._remind(early + timedelta(hours=1)))
        # 10:00 UTC: Brussels is awake; Tokyo was done this day.
        contacts = self._remind()
        self.assertEqual(len(self._mails_to("ap@slowpay.example")), 1)
        self.assertFalse(self._mails_to("billing@latecomer.example"))
        self.assertEqual(contacts.partner_id, self.debtor)
        # The debtor's own contact hours narrow the company's: from 13:00 only.
        self.other.write({"debt_contact_hour_from": 20.0, "debt_contact_hour_to": 21.0})
        reminders = self.engine._prepare(
            self.env.company, [self.other.id], self.ten_utc + timedelta(days=7)
        )
        self.assertEqual({r.skip for r in reminders}, {"quiet_hours"})

    def test_minimum_gap_and_weekly_cap(self):
        self._overdue_invoice(3)
        self._escalate()
        # An email two days ago (e.g. of another stage): too soon.
        self.env["debt.contact"].create(
            {
                "partner_id": self.debtor.id,
                "channel": "email",
                "summary": "Earlier reminder",
                "date": self.ten_utc - timedelta(days=2),
            }
        )
        contacts = self._remind()
        self.assertFalse(self._mails)
        self.assertEqual(set(contacts.mapped("reason")), {"too_soon"})
        # Without a gap, the weekly cap still holds: 1 email a week.
        self.env.company.debt_min_days_between = 0
        self.env.company._debt_set_caps({"email": 1})
        contacts = self._remind()
        self.assertFalse(self._mails)
        email = contacts.filtered(lambda c: c.channel == "email")
        self.assertEqual(email.reason, "weekly_cap")
        self.assertEqual(len(self._sms), 1)

    def test_missing_email_is_a_task(self):
        self.debtor.email = False
        self._overdue_invoice(3)
        self._escalate()
        contacts = self._remind()
        email = contacts.filtered(lambda c: c.channel == "email")
        self.assertEqual((email.outcome, email.reason), ("skipped", "no_address"))
        todo = self.debtor.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.user_id, self.clerk)
        self.assertEqual(len(self._sms), 1)  # the SMS still goes

    # --- idempotency and faults ---

    def test_rerun_sends_nothing_twice(self):
        self._overdue_invoice(20)
        self._overdue_invoice(3, partner=self.other)
        self._escalate()
        first = self._remind()
        self.assertEqual(len(first.filtered(lambda c: c.outcome in ("sent", "scheduled"))), 5)
        self.assertFalse(self._remind())
        self.assertFalse(self._mails)
        self.assertFalse(self._sms)
        self.assertEqual(len(self.debtor.activity_ids), 1)  # one call
        # A week later both stages repeat once (7 days, 1 repeat), then never.
        later = self._remind(self.ten_utc + timedelta(days=7))
        self.assertEqual(later.partner_id, self.debtor | self.other)
        self.assertEqual(len(self._mails_to("billing@latecomer.example")), 1)
        self.assertEqual(len(self._mails_to("ap@slowpay.example")), 1)
        self.assertFalse(self._remind(self.ten_utc + timedelta(days=14)))

    def test_failure_mid_batch_is_logged_and_the_batch_goes_on(self):
        self._overdue_invoice(3)
        self._overdue_invoice(3, partner=self.other)
        self._escalate()
        engine_class = type(self.engine)  # the registry's class: every file's methods
        origin = engine_class._post_emails

        def flaky(engine, company, items, subtype, now):
            if any(item["debtor"] == self.debtor for item in items):
                self.debtor.message_post(body="half-done")  # rolled back with the savepoint
                raise RuntimeError("SMTP exploded")
            return origin(engine, company, items, subtype, now)

        with patch.object(engine_class, "_post_emails", flaky):
            contacts = self._remind()
        self.assertEqual(len(self._mails_to("billing@latecomer.example")), 1)
        failed = contacts.filtered(lambda c: c.outcome == "failed")
        self.assertEqual((failed.partner_id, failed.channel), (self.debtor, "email"))
        self.assertIn("SMTP exploded", failed.note)
        self.assertFalse(self.debtor.message_ids.filtered(lambda m: "half-done" in str(m.body)))
        self.assertTrue(self.debtor.message_ids.filtered(lambda m: "SMTP exploded" in str(m.body)))
        self.assertEqual(
            self.debtor.activity_ids.activity_type_id, self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertEqual(len(self._sms), 2)  # SMS of both debtors went
        # A rerun the same day sends nothing twice, nor repeats the failure.
        self.assertFalse(self._remind())
        self.assertFalse(self._mails)
        self.assertEqual(len(self.debtor.activity_ids), 1)

    def test_daily_cron_sends_reminders_once(self):
        self._overdue_invoice(3)
        self._overdue_invoice(3, partner=self.other)
        cron = self.env.ref("debt_recovery.ir_cron_debt_daily_run")
        hourly = self.env.ref("debt_recovery.ir_cron_debt_reminders")
        with (
            freeze_time(self.ten_utc),
            self.mock_mail_gateway(),
            self.mockSMSGateway(),
            patch.object(debt_run_slice, "SLICE_SIZE", 1),  # a commit per debtor
            self.enter_registry_test_mode(),  # the job's cursor is the test's
        ):
            cron.method_direct_trigger()
            cron.method_direct_trigger()  # the same day again
            hourly.method_direct_trigger()
            self._new_mails.send()
        contacts = self.env["debt.contact"].search(
            [("partner_id", "in", (self.debtor | self.other).ids)]
        )
        self.assertEqual(sorted(contacts.mapped("channel")), ["email", "email", "sms", "sms"])
        self.assertEqual(len(self._mails_to("ap@slowpay.example")), 1)
        self.assertEqual(len(self._mails_to("billing@latecomer.example")), 1)
        self.assertEqual(len(self._sms), 2)

    def test_crash_mid_run_resumes_without_doubles(self):
        """A worker killed in the second batch: the first batch was committed, the
        second rolled back; the next run sends only what is left."""
        self._overdue_invoice(3)
        self._overdue_invoice(3, partner=self.other)
        self._escalate()
        company, now = self.env.company, self.ten_utc

        def killed(*args, **kwargs):
            raise KeyboardInterrupt  # nothing catches it, as for a killed worker

        with freeze_time(now), self.mock_mail_gateway(), self.mockSMSGateway():
            self.engine._process_batch(company, self.debtor.ids, now)  # committed
            with (
                self.assertRaises(KeyboardInterrupt),
                self.env.cr.savepoint(),  # the crashed transaction, rolled back
                patch.object(type(self.engine), "_send_channel_batch", killed),
            ):
                self.engine._process_batch(company, self.other.ids, now)
            self.env.invalidate_all()
            self.assertFalse(self.env["debt.contact"].search([("partner_id", "=", self.other.id)]))
            resumed = self.engine._send_reminders(company, now)
            self._new_mails.send()
        self.assertEqual(resumed.partner_id, self.other)
        self.assertEqual(len(self._mails_to("ap@slowpay.example")), 1)
        self.assertEqual(len(self._mails_to("billing@latecomer.example")), 1)
        self.assertEqual(
            len(self.env["debt.contact"].search([("partner_id", "=", self.debtor.id)])), 2
        )

    def test_template_that_fails_to_render(self):
        broken = self.env["mail.template"].create(
            {
                "name": "Broken",
                "model_id": self.env.ref("base.model_res_partner").id,
                "subject": "Pay",
                "partner_to": "{{ object.id }}",
                # Renders when saved, fails on a reminder's invoices.
                "body_html": "<p t-out=\"ctx.get('debt_reminder_batch') and 1 / 0\"/>",
            }
        )
        self._stage("REM1").mail_template_id = broken
        self._overdue_invoice(3)
        self._escalate()
        contacts = self._remind()
        email = contacts.filtered(lambda c: c.channel == "email")
        self.assertEqual((email.outcome, email.reason), ("failed", "render_failed"))
        self.assertFalse(self._mails_to("ap@slowpay.example"))
        self.assertTrue(self.debtor.activity_ids)

    def test_sms_provider_error(self):
        self._overdue_invoice(3)
        self._escalate()
        now = self.ten_utc
        with freeze_time(now), self.mock_mail_gateway(), self.mockSMSGateway(sim_error="credit"):
            contacts = self.engine._send_reminders(self.env.company, now)
        sms = contacts.filtered(lambda c: c.channel == "sms")
        self.assertEqual((sms.outcome, sms.reason), ("failed", "provider_error"))
        self.assertIn("credit", sms.note)
        self.assertTrue(self.debtor.activity_ids)
        self.assertEqual(contacts.filtered(lambda c: c.channel == "email").outcome, "sent")

    def test_letter_is_queued_for_print(self):
        self._stage("DEMAND").apply_interest = False  # no reference rates in this test
        self._overdue_invoice(35)
        self.env["res.partner.bank"].create(
            {"partner_id": self.env.company.partner_id.id, "acc_number": "BE71096123456769"}
        )
        self._escalate()
        self.assertEqual(self._stage("DEMAND").channel_letter, True)
        contacts = self._remind()
        letter = contacts.filtered(lambda c: c.channel == "letter")
        self.assertEqual(letter.outcome, "scheduled", contacts.mapped("summary"))
        # Rendered by the deferred job, not by the send step.
        self.assertTrue(letter.document_pending)
        self.assertFalse(letter.message_id)
        self.engine._render_letters(letter)
        self.assertFalse(letter.document_pending)
        self.assertTrue(letter.message_id.attachment_ids)
        self.assertIn("Print and post the letter", self.debtor.activity_ids.mapped("summary"))

    def test_preparation_queries_do_not_grow_with_debtors(self):
        def count(debtors):
            ids = [d.id for d in debtors]
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            reminders = self.engine._prepare(self.env.company, ids, self.ten_utc)
            return self.env.cr.sql_log_count - before, len(reminders)

        debtors = self.env["res.partner"].create(
            [{"name": f"D{n}", "email": f"d{n}@x.example", "tz": "UTC"} for n in range(6)]
        )
        for debtor in debtors:
            self._overdue_invoice(3, partner=debtor)
            self._overdue_invoice(4, partner=debtor)
        self._escalate()
        count(debtors[:1])  # warm-up: stages and company settings
        few, n_few = count(debtors[:2])
        many, n_many = count(debtors)
        self.assertEqual((n_few, n_many), (4, 12))  # email, and SMS skipped: no number
        self.assertEqual(few, many)

    # --- manual actions ---

    @freeze_time("10:00")  # within contact hours whenever the suite runs
    def test_send_reminder_wizard_previews_and_logs(self):
        invoice = self._overdue_invoice(3, amount=77.0)
        self._escalate()
        action = self.debtor.action_debt_send_reminder()
        wizard = self.env["debt.reminder.wizard"].browse(action["res_id"])
        self.assertIn(invoice.name, wizard.body)
        self.assertIn("$\xa077.00", wizard.body)
        self.assertIn("overdue invoices", wizard.subject)
        wizard.channel = "sms"
        self.assertIn("77.00", wizard.sms_body)
        wizard.channel = "email"
        with self.mock_mail_gateway():
            wizard.action_send()
            self._new_mails.send()
        self.assertEqual(len(self._mails_to("ap@slowpay.example")), 1)
        contact = self.env["debt.contact"].search([("partner_id", "=", self.debtor.id)])
        self.assertEqual((contact.channel, contact.user_id), ("email", self.env.user))
        # From the invoices: the same wizard for their debtor.
        action = invoice.action_debt_send_reminder()
        self.assertEqual(
            self.env["debt.reminder.wizard"].browse(action["res_id"]).move_ids, invoice
        )

    def test_print_statement(self):
        inv1 = self._overdue_invoice(3, amount=100.0)
        inv2 = self._overdue_invoice(-10, amount=50.0)  # not due yet
        action = self.debtor.with_context(discard_logo_check=True).action_debt_print_statement()
        self.assertEqual(action["report_name"], "debt_recovery.report_debt_statement")
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "debt_recovery.action_report_debt_statement", self.debtor.ids
        )
        html = html.decode()
        self.assertIn(inv1.name, html)
        self.assertIn(inv2.name, html)
        self.assertIn("150.00", html)  # open
        self.assertIn("100.00", html)  # of which overdue
