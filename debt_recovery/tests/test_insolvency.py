import csv
import io
from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import MockSMS

from .common import DebtRecoveryCommon

REPORT = "debt_recovery.action_report_debt_insolvency_claim"


@tagged("post_install", "-at_install")
class TestInsolvency(DebtRecoveryCommon, MockEmail, MockSMS):
    """An insolvency opening date holds the debtor's invoices, stops reminders
    and interest on that date, and gives the statement of claim as of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._reference_rates("ecb", 4.0)
        cls.env.company.write(
            {
                "debt_jurisdiction": "eu",
                "email": "ar@company.example",
            }
        )
        cls.env.company._debt_set_pace(dict.fromkeys(("first_time", "bad_debt", "no_return"), 0))
        cls.old = cls._overdue_invoice(60, amount=1000.0)
        cls.recent = cls._overdue_invoice(10, amount=500.0)
        cls.opening = cls.today - timedelta(days=20)
        cls.solvent = cls.env["res.partner"].create(
            {"name": "Solvent SA", "is_company": True, "email": "ap@solvent.example"}
        )
        cls._overdue_invoice(60, amount=800.0, partner=cls.solvent)
        cls.ten_utc = datetime.combine(cls.today, time(10, 0))

    def _open_proceedings(self):
        self.debtor.debt_insolvency_date = self.opening

    def _remind(self):
        self.env["debt.escalation"]._run(self.env.company)
        with freeze_time(self.ten_utc), self.mock_mail_gateway(), self.mockSMSGateway():
            contacts = self.env["debt.reminder"]._send_reminders(self.env.company, self.ten_utc)
        return contacts

    def test_insolvent_debtor_is_held_and_gets_no_reminder(self):
        self._open_proceedings()
        self.assertEqual(set((self.old | self.recent).mapped("debt_hold_reason")), {"insolvency"})
        contacts = self._remind()
        self.assertTrue(contacts.filtered(lambda c: c.partner_id == self.solvent))
        self.assertFalse(contacts.filtered(lambda c: c.partner_id == self.debtor))
        self.assertFalse(self._mails_to("ap@slowpay.example"))
        # Nor does a letter claim anything: every invoice is "insolvency".
        claim = self.debtor._debt_claim(self.env.company, self.today, "demand")
        self.assertEqual(sum(c.total for c in claim.values()), 0)
        self.assertEqual({n.reason for c in claim.values() for n in c.not_claimed}, {"insolvency"})

    def _mails_to(self, email):
        return [mail for mail in self._mails if email in " ".join(mail["email_to"])]

    def test_interest_stops_on_the_opening_date(self):
        self._open_proceedings()
        today = self.old._debt_interest(self.today)[self.old]
        at_opening = self.old._debt_interest(self.opening)[self.old]
        self.assertGreater(today["interest"], 0)
        self.assertEqual(today["interest"], at_opening["interest"])
        self.assertEqual(today["accrual"].end, self.opening)
        later = self.old._debt_interest(self.today + timedelta(days=90))[self.old]
        self.assertEqual(later["interest"], today["interest"], "no interest after its date")
        # Invoicing the interest charges up to the opening date, and nothing after.
        self.old.action_debt_invoice_interest()
        interest = self.old.debt_charge_ids.filtered(lambda r: r.kind == "interest")
        self.assertEqual(interest.date_to, self.opening)
        self.assertFalse(self.recent._debt_interest(self.today)[self.recent]["interest"])

    def test_statement_of_claim_pdf_and_csv(self):
        after = self._overdue_invoice(5, amount=77.0)  # issued after the opening: not claimed
        self._open_proceedings()
        claim = self.debtor._debt_claim(self.env.company, self.opening, "insolvency")
        claim = claim[self.old.currency_id]
        self.assertEqual([line.move_id for line in claim.lines], self.old.ids)
        interest = self.old._debt_interest(self.opening)[self.old]["interest"]
        self.assertGreater(interest, 0)
        self.assertAlmostEqual(float(claim.interest), interest, places=2)
        self.assertAlmostEqual(float(claim.total), 1000.0 + interest + float(claim.fees), places=2)

        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, self.debtor.ids)[0].decode()
        self.assertIn("Statement of claim", html)
        self.assertIn(self.old.name, html)
        self.assertNotIn(after.name, html)
        self.assertNotIn(self.recent.name, html)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, self.debtor.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

        action = self.debtor.action_debt_insolvency_claim_csv()
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        rows = list(csv.DictReader(io.StringIO(attachment.raw.decode())))
        self.assertEqual([row["invoice"] for row in rows], [self.old.name, "TOTAL"])
        self.assertEqual(rows[0]["interest"], str(claim.lines[0].interest))
        self.assertEqual(rows[-1]["claimed"], str(claim.total))
        self.env.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        self.assertEqual(self.debtor.action_debt_insolvency_claim()["type"], "ir.actions.report")

    def test_only_a_manager_opens_proceedings(self):
        with self.assertRaises(AccessError):
            self.debtor.with_user(self.clerk).debt_insolvency_date = self.opening
