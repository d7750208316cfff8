import smtplib
from datetime import datetime, time, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import MockSMS

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestReminderBounce(DebtRecoveryCommon, MockEmail, MockSMS):
    """The debtor's preferred channel comes first; a bounced reminder email
    hands over to SMS, else to the letter, until the address changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["debt.reminder"]
        cls.env.company.write({"debt_min_days_between": 3, "email": "ar@company.example"})
        cls.env.company._debt_set_pace(dict.fromkeys(("first_time", "bad_debt", "no_return"), 0))
        stages = cls.env["debt.stage"].search([("company_id", "=", cls.env.company.id)])
        cls.rem1 = stages.filtered(lambda s: s.code == "REM1")
        cls.rem1.write({"channel_sms": False})  # the first reminder goes by email only
        cls.debtor.write(
            {
                "phone": "+32 470 12 34 56",
                "tz": "UTC",
                "street": "Rue Haute 1",
                "city": "Brussels",
                "lang": "en_US",
            }
        )
        cls.invoice = cls._overdue_invoice(3)
        # Where to pay, for the letter (after posting: not the invoice's own account).
        cls.env["res.partner.bank"].create(
            {"partner_id": cls.env.company.partner_id.id, "acc_number": "BE71096123456769"}
        )
        cls.env["debt.escalation"]._run(cls.env.company)
        cls.ten_utc = datetime.combine(cls.today, time(10, 0))

    def _remind(self, now):
        with freeze_time(now), self.mock_mail_gateway(), self.mockSMSGateway():
            contacts = self.engine._send_reminders(self.env.company, now)
            self._new_mails.send()
        return contacts

    def _debtor_mails(self):
        return [m for m in self._mails if "slowpay" in " ".join(m["email_to"])]

    def _bounce(self, contact):
        """What Odoo's mail gateway does with a bounce of ``contact``'s email."""
        self.env["mail.thread"]._routing_handle_bounce(
            False,
            {
                "email_from": "MAILER-DAEMON@mx.slowpay.example",
                "to": "bounce@company.example",
                "message_id": "<bounce-1@mx.slowpay.example>",
                "body": "<p>550 5.1.1 ap@slowpay.example: mailbox unavailable</p>",
                "bounced_email": self.debtor.email_normalized,
                "bounced_partner": self.debtor,
                "bounced_msg_ids": [contact.message_id.message_id],
                "bounced_message": contact.message_id,
            },
        )

    def test_bounce_hands_over_to_sms_and_email_is_not_retried(self):
        email = self._remind(self.ten_utc)
        self.assertEqual((email.channel, email.outcome), ("email", "sent"))
        self.assertFalse(self._sms)
        self._bounce(email)

        self.assertEqual((email.outcome, email.reason), ("bounced", "address_bounced"))
        self.assertIn("mailbox unavailable", email.note)
        self.assertEqual(self.debtor.debt_bounced_email, "ap@slowpay.example")
        self.assertEqual(
            email.message_id.notification_ids.mapped("notification_status"), ["bounce"]
        )
        self.assertIn("bounced", self.debtor.message_ids[0].body)

        # The next run: no email to the bounced address, an SMS instead.
        contacts = self._remind(self.ten_utc + timedelta(days=1))
        self.assertFalse(self._debtor_mails())
        by_channel = {c.channel: c for c in contacts}
        self.assertEqual(
            (by_channel["email"].outcome, by_channel["email"].reason),
            ("skipped", "address_bounced"),
        )
        self.assertEqual(by_channel["sms"].outcome, "sent")
        self.assertEqual(by_channel["sms"].stage_id, self.rem1)
        self.assertEqual(len(self._sms), 1)
        self.assertEqual(self._sms[0]["number"], "+32470123456")
        # Still invalid the day after: no email, and the SMS is not repeated.
        contacts = self._remind(self.ten_utc + timedelta(days=2))
        self.assertFalse(self._debtor_mails())
        self.assertFalse(self._sms)

        # A new address is valid again: the email is due again.
        self.debtor.email = "accounts@slowpay.example"
        reminders = self.engine._prepare(
            self.env.company, self.debtor.ids, self.ten_utc + timedelta(days=4)
        )
        self.assertEqual([(r.channel, r.skip) for r in reminders], [("email", None)])

    def _send_through_smtp(self, contact, refusal):
        """Send ``contact``'s queued email through an SMTP server that answers
        RCPT with ``refusal`` ({address: (code, reply)}), as Odoo's mail queue does."""

        class RefusingServer:
            def send_message(self, message, smtp_from, smtp_to_list):
                raise smtplib.SMTPRecipientsRefused(refusal)

            def quit(self):
                pass

        server = type(self.env["ir.mail_server"])
        mail = self.env["mail.mail"].search([("mail_message_id", "=", contact.message_id.id)])
        self.assertEqual(mail.state, "outgoing")
        with (
            patch.object(server, "_disable_send", lambda self: False),
            patch.object(server, "_connect__", lambda self, *a, **kw: RefusingServer()),
            mute_logger("odoo.addons.mail.models.mail_mail"),  # Odoo logs the failed mail
        ):
            mail.send()
        return mail

    def test_an_smtp_refusal_is_a_bounce(self):
        """A server that refuses the address for good (550 at RCPT): the same
        as a bounce received later, and the next run takes the SMS."""
        with freeze_time(self.ten_utc):
            email = self.engine._send_reminders(self.env.company, self.ten_utc)
        self.assertEqual((email.channel, email.outcome), ("email", "sent"))
        mail = self._send_through_smtp(
            email, {"ap@slowpay.example": (550, b"5.1.1 <ap@slowpay.example>: User unknown")}
        )
        self.assertEqual(mail.state, "exception")  # Odoo's failed mail, kept
        self.assertEqual((email.outcome, email.reason), ("bounced", "address_bounced"))
        self.assertIn("550 5.1.1", email.note)
        self.assertEqual(self.debtor.debt_bounced_email, "ap@slowpay.example")
        self.assertEqual(self.debtor.message_bounce, 1)
        # Retried by hand (Odoo's "Retry"), refused again: one note, the same outcome.
        notes = len(self.debtor.message_ids)
        mail.state = "outgoing"
        self._send_through_smtp(
            email, {"ap@slowpay.example": (550, b"5.1.1 <ap@slowpay.example>: User unknown")}
        )
        self.assertEqual((email.outcome, len(self.debtor.message_ids)), ("bounced", notes))
        contacts = self._remind(self.ten_utc + timedelta(days=1))
        self.assertFalse(self._debtor_mails())
        self.assertEqual(
            sorted((c.channel, c.outcome) for c in contacts),
            [("email", "skipped"), ("sms", "sent")],
        )

    def test_a_temporary_refusal_is_not_a_bounce(self):
        """451 (try again later): the mail fails, the address stays valid."""
        with freeze_time(self.ten_utc):
            email = self.engine._send_reminders(self.env.company, self.ten_utc)
        mail = self._send_through_smtp(email, {"ap@slowpay.example": (451, b"4.7.1 Try later")})
        self.assertEqual(mail.state, "exception")
        self.assertEqual(email.outcome, "sent")
        self.assertFalse(self.debtor.debt_bounced_email)
        self.assertEqual(self.debtor.message_bounce, 0)

    def test_bounce_without_mobile_hands_over_to_the_letter(self):
        self.debtor.phone = False
        email = self._remind(self.ten_utc)
        self._bounce(email)
        contacts = self._remind(self.ten_utc + timedelta(days=1))
        self.assertFalse(self._debtor_mails())
        self.assertFalse(self._sms)
        letter = contacts.filtered(lambda c: c.channel == "letter")
        self.assertEqual(letter.outcome, "scheduled", (letter.reason, letter.note, letter.summary))
        self.engine._render_letters(letter)  # the deferred job renders it
        self.assertTrue(letter.message_id.attachment_ids)

    def test_incoming_mail_from_the_address_makes_it_valid_again(self):
        email = self._remind(self.ten_utc)
        self._bounce(email)
        self.debtor._message_reset_bounce(self.debtor.email_normalized)
        self.assertFalse(self.debtor.debt_bounced_email)

    def test_preferred_channel_comes_first(self):
        self.rem1.write({"channel_sms": True, "channel_letter": True})
        now = self.ten_utc
        reminders = self.engine._prepare(self.env.company, self.debtor.ids, now)
        self.assertEqual([r.channel for r in reminders], ["email", "sms", "letter"])
        self.debtor.debt_preferred_channel = "letter"
        reminders = self.engine._prepare(self.env.company, self.debtor.ids, now)
        self.assertEqual([r.channel for r in reminders], ["letter", "email", "sms"])
        contacts = self._remind(now)
        sent = contacts.filtered(lambda c: c.outcome in ("sent", "scheduled"))
        self.assertEqual(sorted(sent.mapped("channel")), ["email", "letter", "sms"])

    def test_a_raw_delivery_status_notification(self):
        """The bounce as a mail server sends it (RFC 3464), through Odoo's mail
        gateway, finds the reminder by its Message-Id and marks it bounced."""
        email = self._remind(self.ten_utc)
        original = email.message_id.message_id
        raw = DSN.format(message_id=original, recipient="ap@slowpay.example")
        self.env["mail.thread"].message_process(False, raw)
        self.assertEqual((email.outcome, email.reason), ("bounced", "address_bounced"))
        self.assertIn("mailbox unavailable", email.note)
        self.assertEqual(self.debtor.debt_bounced_email, "ap@slowpay.example")
        arch = self.env["res.partner"].with_user(self.clerk).get_views([(False, "form")])
        self.assertIn('name="debt_bounced_email"', arch["views"]["form"]["arch"])
        # Processed twice (a mail server retrying): one note, the same outcome.
        notes = len(self.debtor.message_ids)
        self.env["mail.thread"].message_process(False, raw.replace("dsn-1@", "dsn-2@"))
        self.assertEqual((email.outcome, len(self.debtor.message_ids)), ("bounced", notes))


DSN = """Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.slowpay.example>
To: ar@company.example
Subject: Undelivered Mail Returned to Sender
Message-Id: <dsn-1@mx.slowpay.example>
Date: Tue, 01 Dec 2026 10:05:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
 boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset=us-ascii

The mail system could not deliver your message to {recipient}:
550 5.1.1 {recipient}: mailbox unavailable

--BOUNDARY
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.slowpay.example

Final-Recipient: rfc822; {recipient}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 {recipient}: mailbox unavailable

--BOUNDARY
Content-Type: message/rfc822

From: ar@company.example
To: {recipient}
Subject: Payment reminder
Message-Id: {message_id}

Please pay.
--BOUNDARY--
"""
