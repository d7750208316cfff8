import io
import shutil
import subprocess
import tempfile
import unittest

from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from .common import DebtRecoveryCommon

LETTER = "debt_recovery.action_report_debt_letter_demand"
STATEMENT = "debt_recovery.action_report_debt_statement"


@tagged("post_install", "-at_install")
class TestSeveralLettersInOnePdf(DebtRecoveryCommon):
    """Two letters for one debtor (two currencies claimed), or Print on two
    debtors, make one PDF with Debian's wkhtmltopdf, which refuses several
    documents in one run ("Tried to convert multiple documents ... unpatched
    QT"; Odoo's tests skip there, these must not)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._reference_rates("de_base", 2.0)
        cls.debtor.write({"debt_jurisdiction": "de_b2b", "street": "1 Main Street"})
        cls.eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 1.0)])
        cls.dollars = cls._overdue_invoice(40, amount=1200.0)
        cls.euros = cls._overdue_invoice(40, amount=777.0, currency_id=cls.eur.id)
        cls.other = cls.env["res.partner"].create(
            {"name": "Second Debtor Ltd", "is_company": True, "email": "ap@second.example"}
        )
        cls._overdue_invoice(30, amount=450.0, partner=cls.other)
        cls.env["debt.escalation"]._run(cls.company)
        cls.env["res.partner.bank"].create(
            {"partner_id": cls.company.partner_id.id, "acc_number": "DE89370400440532013000"}
        )

    def _render(self, report, partners):
        if not shutil.which("pdftotext"):
            self.fail("pdftotext (poppler-utils) is needed to read the PDF")
        try:
            with self.allow_pdf_render():
                pdf, kind = (
                    self.env["ir.actions.report"]
                    .with_context(force_report_rendering=True)
                    ._render_qweb_pdf(report, partners.ids)
                )
        except unittest.SkipTest as refused:  # how Odoo reports the engine's refusal in tests
            self.fail(f"the PDF engine refused the documents: {refused}")
        self.assertEqual(kind, "pdf")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", file.name, "-"], capture_output=True, check=True, text=True
            ).stdout
        return pdf, text

    def test_a_letter_per_currency_in_one_pdf(self):
        letters = self.env["report.debt_recovery.report_debt_demand_letter"]._letters(
            self.debtor, self.today, "demand"
        )
        self.assertEqual(len(letters), 2)
        pdf, text = self._render(LETTER, self.debtor)
        for letter in letters:
            self.assertIn(f"{letter['total_claimed']:,.2f}", text)
        self.assertIn(self.dollars.name, text)
        self.assertIn(self.euros.name, text)
        self.assertGreaterEqual(text.count("Formal demand for payment"), 2)
        self.assertGreaterEqual(len(PdfFileReader(io.BytesIO(pdf)).pages), 2)

    def test_print_on_two_debtors(self):
        debtors = self.debtor | self.other
        _pdf, text = self._render(STATEMENT, debtors)
        self.assertIn(self.debtor.name, text)
        self.assertIn("Second Debtor Ltd", text)
        self.assertLess(text.index(self.debtor.name), text.index("Second Debtor Ltd"))
