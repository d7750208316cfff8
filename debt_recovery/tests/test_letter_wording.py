"""What a letter says about the past and about whom to pay must be true: it
cites only letters actually sent about its invoices, and a notice of
hand-over names the agency, its contact and the reference."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DebtRecoveryCommon

FINAL = "debt_recovery.action_report_debt_letter_final"
HANDOVER = "debt_recovery.action_report_debt_letter_handover"


@tagged("post_install", "-at_install")
class TestLetterWording(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._reference_rates("ecb", 2.0)
        cls.invoice = cls._overdue_invoice(60, amount=900.0)
        cls.bank = cls._bank(cls.env.company.partner_id, "GB33BUKB20201555555555")
        cls.stages = cls.env["debt.stage"].search([("company_id", "=", cls.env.company.id)])

    @classmethod
    def _bank(cls, partner, number):
        # Trusted: invoices posted later may carry it.
        return cls.env["res.partner.bank"].create(
            {"partner_id": partner.id, "acc_number": number, "allow_out_payment": True}
        )

    def _html(self, report):
        return self.env["ir.actions.report"]._render_qweb_html(report, self.debtor.ids)[0].decode()

    def _sent_at(self, letter_kind):
        stage = self.stages.filtered(lambda s: s.letter_kind == letter_kind)[:1]
        self.assertTrue(stage, letter_kind)
        self.env["debt.contact"]._log(
            self.debtor, "letter", "Letter sent", moves=self.invoice, stage_id=stage.id
        )

    def test_a_letter_cites_only_letters_sent_before_it(self):
        self._place(self.invoice)
        html = self._html(FINAL)
        self.assertIn("The invoices below remain unpaid.", html)
        self.assertNotIn("Despite our", html)
        self._sent_at("reminder")
        self.assertIn("Despite our reminders", self._html(FINAL))
        self._sent_at("demand")
        html = self._html(FINAL)
        self.assertIn("Despite our formal demand", html)
        # No final notice went out: the hand-over notice does not claim one.
        handover = self._html(HANDOVER)
        self.assertIn("Despite our formal demand", handover)
        self.assertNotIn("final notice", handover)
        self._sent_at("final")
        self.assertIn("Despite our final notice", self._html(HANDOVER))

    def test_a_contact_about_other_invoices_is_not_cited(self):
        other = self._overdue_invoice(200, amount=50.0)
        self._pay(other, 50.0)
        stage = self.stages.filtered(lambda s: s.letter_kind == "demand")[:1]
        self.env["debt.contact"]._log(
            self.debtor, "letter", "Old demand", moves=other, stage_id=stage.id
        )
        self._place(self.invoice)
        self.assertNotIn("Despite our", self._html(FINAL))

    def test_handover_notice_names_the_agency_and_whom_to_pay(self):
        placement = self._place(self.invoice)
        html = self._html(HANDOVER)
        self.assertIn("Recover &amp; Co Collections", html)
        self.assertIn("+44 113 496 0000", html)
        self.assertIn("cases@recover.example", html)
        self.assertIn(placement.name, html)
        self.assertIn("GB33BUKB20201555555555", html, "the creditor collects: its account")
        # The agency collects: its account, not the creditor's, and no invoice payment links.
        placement.agency_id.debtor_pays = "agency"
        with self.assertRaisesRegex(UserError, "Recover & Co Collections has no bank account"):
            self._html(HANDOVER)
        self._bank(placement.agency_id.partner_id, "GB94BARC10201530093459")
        html = self._html(HANDOVER)
        self.assertIn("GB94BARC10201530093459", html)
        self.assertNotIn("GB33BUKB20201555555555", html)
        self.assertIn("account holder <strong>Recover &amp; Co Collections</strong>", html)
        self.assertNotIn("online through the invoice links", html)

    def test_no_handover_notice_without_a_placement(self):
        with self.assertRaisesRegex(UserError, "not placed with one"):
            self._html(HANDOVER)

    def test_a_notice_per_placement_with_its_own_invoices(self):
        """Invoices with two agencies and one with none: each notice names its
        agency and claims only what that agency holds."""
        second = self._overdue_invoice(50, amount=400.0)
        unplaced = self._overdue_invoice(40, amount=77.0)
        first = self._place(self.invoice)
        lawyers = self.env["debt.agency"].create(
            {
                "name": "Lex & Partners",
                "kind": "law_firm",
                "partner_id": self.env["res.partner"].create({"name": "Lex & Partners LLP"}).id,
            }
        )
        other = self._place(second, agency=lawyers)
        letters = self.env["report.debt_recovery.report_debt_letter_handover"]._get_report_values(
            self.debtor.ids
        )["letters"][self.debtor.id]
        by_agency = {
            letter["agency"]: [line["move"] for line in letter["lines"]] for letter in letters
        }
        self.assertEqual(by_agency, {first.agency_id: [self.invoice], other.agency_id: [second]})
        html = self._html(HANDOVER)
        self.assertIn("Recover &amp; Co Collections", html)
        self.assertIn("Lex &amp; Partners LLP", html)
        self.assertNotIn(unplaced.name, html)
        # A placement's own notice (sent when it is handed over) is only its own.
        report = self.env.ref(HANDOVER)
        own = (
            self.env["ir.actions.report"]
            ._render_qweb_html(report, self.debtor.ids, data={"placement_id": other.id})[0]
            .decode()
        )
        self.assertIn("Lex &amp; Partners LLP", own)
        self.assertNotIn("Recover &amp; Co Collections", own)
