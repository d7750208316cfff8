from datetime import datetime, time, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from ..models import debt_run_slice
from .common import DebtRecoveryCommon

HOURLY = "debt_recovery.ir_cron_debt_reminders"


@tagged("post_install", "-at_install")
class TestQuietHoursPass(DebtRecoveryCommon, MockEmail):
    """The hourly pass sends what quiet hours held back in the morning: only
    to those debtors, in slices of its own that a pass cut short resumes,
    and never while the day's run still has slices to send."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write({"email": "ar@company.example", "debt_min_days_between": 0})
        # Same pace for every segment: thresholds as on the ladder.
        cls.env.company._debt_set_pace(dict.fromkeys(("first_time", "bad_debt", "no_return"), 0))
        # Email only, so that the test reads one channel.
        cls.env["debt.stage"].search([("company_id", "=", cls.env.company.id)]).write(
            {"channel_sms": False, "channel_phone": False, "channel_letter": False}
        )
        cls.debtor.write({"tz": "Europe/Brussels", "lang": "en_US"})
        cls.sleepers = cls.debtor | cls.env["res.partner"].create(
            [
                {
                    "name": f"Sleeper {n}",
                    "is_company": True,
                    "email": f"ap{n}@sleeper.example",
                    "tz": "Europe/Brussels",
                }
                for n in range(2)
            ]
        )
        cls.awake = cls.env["res.partner"].create(
            {
                "name": "Early Bird KK",
                "is_company": True,
                "email": "ap@bird.example",
                "tz": "Asia/Tokyo",
            }
        )
        for partner in cls.sleepers | cls.awake:
            cls._overdue_invoice(3, partner=partner)
        cls.env["debt.escalation"]._run(cls.env.company)
        # 05:30 UTC: 06:30 or 07:30 in Brussels (asleep), 14:30 in Tokyo.
        cls.early = datetime.combine(cls.today, time(5, 30))
        cls.ten_utc = datetime.combine(cls.today, time(10, 0))

    def _pass(self, now, time_left=None):
        """The hourly job at ``now``; ``time_left(processed)`` stands for the
        cron's clock (by default, time enough)."""
        Cron = type(self.env["ir.cron"])

        def progress(cron, processed=0, **_kwargs):
            return float("inf") if time_left is None else time_left(processed)

        with (
            freeze_time(now),
            self.mock_mail_gateway(),
            patch.object(Cron, "_commit_progress", progress),
        ):
            self.env["debt.reminder"]._cron_send_reminders(now)
            self._new_mails.send()
        return {mail["email_to"][0].split("<")[-1].rstrip(">") for mail in self._mails}

    def _slices(self, key):
        return self.env["debt.run.slice"].search(
            [("run_date", "=", self.today), ("run_key", "=", key)]
        )

    def _morning_run(self):
        with freeze_time(self.early), self.mock_mail_gateway():
            self.env["debt.reminder"]._send_reminders(self.env.company, self.early)
            self._new_mails.send()
        self.assertEqual(len(self._mails), 1)  # Tokyo only

    def test_the_pass_sends_what_quiet_hours_held(self):
        self._morning_run()
        # Still quiet at 05:50: its slice holds the held debtors only, and sends nothing.
        self.assertFalse(self._pass(self.early + timedelta(minutes=20)))
        [piece] = self._slices("quiet 05")
        self.assertEqual(sorted(piece.partner_ids), sorted(self.sleepers.ids))
        self.assertEqual(piece.state, "done")
        self.assertEqual(piece.run_label, "Held by quiet hours, 05:00 UTC")
        # The same hour again: planned once.
        self.assertFalse(self._pass(self.early + timedelta(minutes=25)))
        self.assertEqual(len(self._slices("quiet 05")), 1)
        # 10:00 UTC: Brussels is awake; Tokyo, done this morning, is not written to again.
        sent = self._pass(self.ten_utc)
        self.assertEqual(sent, set(self.sleepers.mapped("email")))
        # An hour later, nothing twice.
        self.assertFalse(self._pass(self.ten_utc + timedelta(hours=1)))
        emails = self.env["debt.contact"].search(
            [("partner_id", "in", (self.sleepers | self.awake).ids), ("outcome", "=", "sent")]
        )
        self.assertEqual(sorted(emails.partner_id.ids), sorted((self.sleepers | self.awake).ids))

    def test_a_pass_cut_short_goes_on_where_it_stopped(self):
        self._morning_run()
        hourly = self.env.ref(HOURLY)
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", hourly.id)])
        with patch.object(debt_run_slice, "SLICE_SIZE", 1):
            # The cron's time is up after the first slice.
            first = self._pass(self.ten_utc, time_left=lambda processed: 0.0 if processed else 60.0)
        self.assertEqual(len(first), 1)
        self.assertEqual(self._slices("quiet 10").mapped("state").count("todo"), 2)
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", hourly.id)]) - triggers,
            "the pass triggers its next job",
        )
        # The next job plans nothing new and sends the two others.
        rest = self._pass(self.ten_utc + timedelta(minutes=1))
        self.assertEqual(first | rest, set(self.sleepers.mapped("email")))
        self.assertFalse(first & rest)
        self.assertEqual(len(self._slices("quiet 10")), 3)
        self.assertEqual(set(self._slices("quiet 10").mapped("state")), {"done"})

    def test_the_pass_waits_for_the_days_run(self):
        self._morning_run()
        self.env["debt.run.slice"].sudo().create(  # the day's run, still sending
            {
                "run_date": self.today,
                "company_id": self.env.company.id,
                "sequence": 0,
                "partner_ids": self.awake.ids,
            }
        )
        self.assertFalse(self._pass(self.ten_utc))
        self.assertFalse(self._slices("quiet 10"))
