import base64
import re
import shutil
import struct
import subprocess
import tempfile
from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import format_date

from ..core.letters import epc_qr_payload
from ..reports import debt_demand_letter
from .common import DebtRecoveryCommon

REPORT = "debt_recovery.action_report_debt_demand_letter"


@tagged("post_install", "-at_install")
class TestDemandLetter(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Rates for the days these invoices are late (the shipped table ends with 2025).
        cls._reference_rates("de_base", 2.0)
        cls.debtor.write(
            {"debt_jurisdiction": "de_b2b", "street": "1 Main Street", "city": "Springfield"}
        )
        cls.first = cls._overdue_invoice(45, amount=1200.0)
        cls.second = cls._overdue_invoice(35, amount=800.0)
        cls._pay(cls.second, 300.0)
        cls.env["debt.escalation"]._run(cls.env.company)
        cls.bank = cls.env["res.partner.bank"].create(
            {
                "partner_id": cls.env.company.partner_id.id,
                "acc_number": "DE89 3704 0044 0532 0130 00",
                "allow_out_payment": True,  # trusted: later invoices may be posted to it
            }
        )

    def _letter(self):
        return self.env["report.debt_recovery.report_debt_demand_letter"]._letter(
            self.debtor, self.today
        )

    def test_figures(self):
        letter = self._letter()
        self.assertEqual(letter["kind"], "demand")  # the invoices reached the formal demand
        self.assertEqual([line["move"] for line in letter["lines"]], [self.first, self.second])
        self.assertEqual([line["open"] for line in letter["lines"]], [1200.0, 500.0])
        self.assertEqual([line["days_late"] for line in letter["lines"]], [45, 35])
        self.assertTrue(all(line["interest"] > 0 for line in letter["lines"]))
        self.assertAlmostEqual(
            letter["total_claimed"],
            1700.0 + letter["totals"]["interest"] + letter["totals"]["fee"],
            places=2,
        )
        self.assertEqual(letter["deadline"], self.today + timedelta(days=10))

    def test_html_letter(self):
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, self.debtor.ids)[0].decode()
        letter = self._letter()
        self.assertIn("Formal demand for payment", html)
        for move in (self.first, self.second):
            self.assertIn(move.name, html)
        self.assertIn(f"{letter['total_claimed']:,.2f}", html)
        self.assertIn(format_date(self.env, letter["deadline"]), html)
        self.assertIn("DE89 3704 0044 0532 0130 00", html)

    def test_a_credit_note_is_not_called_a_payment(self):
        """The letter says what was credited and what was paid; interest runs
        on what is owed, from the first late day."""
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, self.debtor.ids)[0].decode()
        self.assertNotIn("Credited", html)  # no credit note: no column
        before = self._letter()["lines"][0]["interest"]
        refund = self._reverse_invoice(self.first, date=self.today, reason="Price corrected")
        refund.invoice_line_ids.price_unit = 200.0
        refund.action_post()
        letter = self._letter()
        first = letter["lines"][0]
        self.assertEqual((first["credited"], first["paid"], first["open"]), (200.0, 0.0, 1000.0))
        self.assertAlmostEqual(first["interest"], before * 1000 / 1200, delta=0.02)
        self.assertEqual(letter["lines"][1]["paid"], 300.0)
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, self.debtor.ids)[0].decode()
        self.assertIn("Credited", html)
        self.assertEqual(html.count("debt_credited"), 2)

    def test_missing_bank_account_is_named(self):
        self.bank.unlink()
        with self.assertRaisesRegex(UserError, "no bank account"):
            self._letter()

    def test_pdf(self):
        if not shutil.which("pdftotext"):
            self.fail("pdftotext (poppler-utils) is needed to read the PDF")
        with self.allow_pdf_render():
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(REPORT, self.debtor.ids)
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", file.name, "-"], capture_output=True, check=True, text=True
            ).stdout
        letter = self._letter()
        self.assertIn(f"{letter['total_claimed']:,.2f}", text)
        self.assertIn(format_date(self.env, letter["deadline"]), text)

    def _pdf_text(self, report):
        if not shutil.which("pdftotext"):
            self.fail("pdftotext (poppler-utils) is needed to read the PDF")
        with self.allow_pdf_render():
            pdf, _kind = (
                self.env["ir.actions.report"]
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report, self.debtor.ids)
            )
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            return subprocess.run(
                ["pdftotext", "-layout", file.name, "-"], capture_output=True, check=True, text=True
            ).stdout

    def test_pdf_names_the_creditor(self):
        """Debian's wkhtmltopdf drops the layout's header and footer: the sender
        is in the letter's body, on the PDF (and on the statement's)."""
        self.env.company.write(
            {
                "name": "Acme Receivables GmbH",
                "street": "42 Creditor Road",
                "zip": "10115",
                "city": "Berlin",
                "vat": "DE123456788",
                "company_registry": "HRB 99999",
            }
        )
        for report in (
            "debt_recovery.action_report_debt_letter_demand",
            "debt_recovery.action_report_debt_statement",
        ):
            with self.subTest(report=report):
                text = self._pdf_text(report)
                for part in ("Acme Receivables GmbH", "42 Creditor Road", "Berlin", "DE123456788"):
                    self.assertIn(part, text)
                self.assertIn("HRB 99999", text)

    def test_send_letter_keeps_it_and_logs_it(self):
        self.debtor.action_debt_send_letter()
        message = self.debtor.message_ids[0]
        self.assertIn("Demand letter printed", message.body)
        self.assertEqual(len(message.attachment_ids), 1)
        contact = self.env["debt.contact"].search([("partner_id", "=", self.debtor.id)])
        self.assertEqual((contact.channel, contact.outcome), ("letter", "sent"))
        self.assertEqual(contact.move_ids, self.first + self.second)
        self.assertEqual(contact.message_id, message)

    def test_invoice_interest_and_fees(self):
        claims = (self.first + self.second)._debt_interest()
        action = (self.first + self.second).action_debt_invoice_interest()
        charge = self.env["account.move"].search(action["domain"])
        self.assertEqual((charge.state, charge.partner_id), ("draft", self.debtor))
        expected = sum(c["interest"] + c["compensation"] for c in claims.values())
        self.assertAlmostEqual(charge.amount_total, expected, places=2)
        self.assertEqual(
            set(charge.invoice_line_ids.product_id.mapped("name")),
            {"Late-payment interest", "Compensation for recovery costs"},
        )

    def test_letter_in_the_debtors_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["debt_recovery"], ["de_DE"], overwrite=True
        )
        self.debtor.lang = "de_DE"
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, self.debtor.ids)[0].decode()
        self.assertIn("Förmliche Zahlungsaufforderung", html)
        self.assertIn("Geforderter Gesamtbetrag", html)
        self.assertNotIn("Formal demand for payment", html)
        final = (
            self.env["ir.actions.report"]
            ._render_qweb_html("debt_recovery.action_report_debt_letter_final", self.debtor.ids)[0]
            .decode()
        )
        self.assertIn("Letzte Mahnung vor Einschaltung Dritter", final)
        self.assertIn("Wie es weitergeht", final)

    def test_each_kind_of_letter(self):
        self._place(self.first + self.second)
        headings = {
            "courtesy": "Friendly reminder",
            "reminder": "Payment reminder",
            "demand": "Formal demand for payment",
            "final": "Final notice before third-party action",
            "handover": "Notice of hand-over to a third party",
        }
        for kind, heading in headings.items():
            with self.subTest(kind=kind):
                html = (
                    self.env["ir.actions.report"]
                    ._render_qweb_html(
                        f"debt_recovery.action_report_debt_letter_{kind}", self.debtor.ids
                    )[0]
                    .decode()
                )
                self.assertIn(heading, html)
                for other in set(headings.values()) - {heading}:
                    self.assertNotIn(other, html)
                self.assertIn(self.first.name, html)

    def test_stage_chooses_the_letter(self):
        """The final-notice stage sends the final notice; it claims interest if
        the stage says so, and a final notice printed by hand always does."""
        final = self.env["debt.stage"].search(
            [("company_id", "=", self.env.company.id), ("code", "=", "FINAL")]
        )
        self.assertEqual(final.letter_kind, "final")
        final.apply_interest = False
        self.env["debt.item"]._set_stage(self.first + self.second, final, "manual")
        letter = self._letter()
        self.assertEqual(letter["kind"], "final")
        self.assertFalse(letter["jurisdiction"])
        self.assertEqual(letter["totals"]["interest"], 0)
        [by_hand] = self.env["report.debt_recovery.report_debt_letter_final"]._get_report_values(
            self.debtor.ids
        )["letters"][self.debtor.id]  # one letter per currency claimed
        self.assertEqual(by_hand["kind"], "final")
        self.assertEqual(by_hand["jurisdiction"], "de_b2b")
        self.assertGreater(by_hand["totals"]["interest"], 0)

    def test_a_reminder_claiming_interest_does_not_announce_it(self):
        """A reminder whose stage claims interest says the formal demand comes
        next, not that it "may add" what this letter already claims."""
        reminder = self.env["debt.stage"].search(
            [("company_id", "=", self.env.company.id), ("code", "=", "REM2")]
        )
        self.env["debt.item"]._set_stage(self.first + self.second, reminder, "manual")
        for claims_interest in (False, True):
            with self.subTest(claims_interest=claims_interest):
                reminder.apply_interest = claims_interest
                html = (
                    self.env["ir.actions.report"]
                    ._render_qweb_html(
                        "debt_recovery.action_report_debt_letter_reminder", self.debtor.ids
                    )[0]
                    .decode()
                )
                self.assertIn("we will send a formal demand", html)
                self.assertEqual("which may add" in html, not claims_interest)
                self.assertEqual("Statutory interest" in html, claims_interest)

    def test_courtesy_letter_before_the_due_date(self):
        soon = self.env["res.partner"].create({"name": "Early Bird Ltd", "is_company": True})
        invoice = self._overdue_invoice(-2, amount=400.0, partner=soon)
        self.env["debt.escalation"]._run(self.env.company)
        self.assertEqual(invoice.debt_stage_id.code, "PREV")
        letter = self.env["report.debt_recovery.report_debt_demand_letter"]._letter(
            soon, self.today
        )
        self.assertEqual(letter["kind"], "courtesy")
        self.assertEqual([line["move"] for line in letter["lines"]], [invoice])
        self.assertEqual(letter["lines"][0]["days_late"], 0)
        self.assertFalse(letter["jurisdiction"])  # a courtesy note claims no interest

    def test_transfer_qr_code_in_euros(self):
        """The QR code carries the EPC transfer: company, IBAN, total, invoice numbers."""
        self.assertFalse(self._letter()["qr_code"])  # the test company bills in dollars
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 1.0)])
        debtor = self.env["res.partner"].create({"name": "Euro Debtor", "is_company": True})
        invoice = self._overdue_invoice(20, amount=250.0, partner=debtor, currency_id=eur.id)
        expected = "\n".join(
            [
                "BCD",
                "002",
                "1",
                "SCT",
                "",
                self.env.company.name,
                "DE89370400440532013000",
                "EUR250.00",
                "",
                "",
                invoice.name,
            ]
        )
        payloads = []

        def recording(**kwargs):
            payloads.append(epc_qr_payload(**kwargs))
            return payloads[-1]

        with patch.object(debt_demand_letter, "epc_qr_payload", recording):
            html = (
                self.env["ir.actions.report"]
                ._render_qweb_html("debt_recovery.action_report_debt_letter_reminder", debtor.ids)[
                    0
                ]
                .decode()
            )
        self.assertEqual(payloads, [expected])
        # The image in the letter is a 180 x 180 PNG.
        match = re.search(r'debt_qr_code">\s*<img [^>]*src="data:image/png;base64,([^"]+)"', html)
        self.assertTrue(match, "the letter shows the QR code")
        png = base64.b64decode(match.group(1))
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(struct.unpack(">II", png[16:24]), (180, 180))
