from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DebtRecoveryCommon

LABEL = "on the amount no longer disputed"


@tagged("post_install", "-at_install")
class TestInterestDisputedShare(DebtRecoveryCommon):
    """Interest charged while part of an invoice was disputed is charged on
    the undisputed share only; the disputed share's is not lost: a rejected
    dispute brings it back once, an upheld one (credit note) never.
    EUR 10,000.00 due 31 March 2024, 4,000.00 disputed, ECB 4.50 + 8 points."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.debt_dispute_hold = "disputed_amount"
        cls.debtor.debt_jurisdiction = "eu"
        cls.invoice = cls._invoice_due(date(2024, 3, 31), 10000.0)
        with freeze_time("2024-04-10"):
            cls.dispute = cls.env["debt.dispute"].create(
                {"move_id": cls.invoice.id, "amount": 4000.0}
            )

    def _charge(self, day):
        with freeze_time(day):
            action = self.invoice.action_debt_invoice_interest()
        charge = self.env["account.move"].search(action["domain"])
        charge.action_post()
        return charge

    def _interest_lines(self, charge):
        return [
            (line.name.endswith(LABEL), round(line.price_unit, 2))
            for line in charge.invoice_line_ids
            if line.product_id == self.env.ref("debt_recovery.product_late_interest")
        ]

    def _april(self):
        first = self._charge("2024-04-30")
        self.assertEqual(self._interest_lines(first), [(False, 61.64)])  # 60 % of 102.74
        [row] = self.invoice.debt_charge_ids.filtered(lambda r: r.kind == "interest")
        self.assertAlmostEqual(row.share, 0.6)
        return first

    def test_a_rejected_dispute_brings_the_rest_back_once(self):
        self._april()
        with freeze_time("2024-05-10"):
            self.dispute.action_resolve_invalid()
        second = self._charge("2024-05-31")
        # April on the 4,000.00 no longer disputed (102.74 - 61.64), then May on 10,000.00.
        self.assertEqual(self._interest_lines(second), [(True, 41.10), (False, 106.16)])
        back = second.invoice_line_ids.filtered(lambda line: line.name.endswith(LABEL))
        self.assertIn("04/01/2024 - 04/30/2024", back.name)
        third = self._charge("2024-06-30")
        self.assertEqual(self._interest_lines(third), [(False, 102.74)])  # June only

    def test_an_upheld_dispute_brings_nothing_back(self):
        self._april()
        with freeze_time("2024-05-10"):
            self.dispute.action_resolve_valid()  # 4,000.00 credited: never owed
        second = self._charge("2024-05-31")
        self.assertEqual(self._interest_lines(second), [(False, 63.70)])  # May on 6,000.00

    def test_a_waiver_closes_what_came_before(self):
        """A manager who waived the interest while the dispute was open
        waived April's too: rejecting the dispute brings nothing back."""
        self._april()
        with freeze_time("2024-05-15"):
            action = self.invoice.with_user(self.manager).action_debt_waive_interest()
            wizard = (
                self.env[action["res_model"]]
                .with_user(self.manager)
                .with_context(**action["context"])
                .create({"move_id": self.invoice.id, "reason": "Goodwill"})
            )
            wizard.action_confirm()
            self.dispute.action_resolve_invalid()
        second = self._charge("2024-05-31")
        self.assertEqual(self._interest_lines(second), [(False, 54.79)])  # 16-31 May only

    def test_the_letter_claims_it_too(self):
        """The demand letter, on the same claim, asks for the same."""
        self._april()
        with freeze_time("2024-05-10"):
            self.dispute.action_resolve_invalid()
        with freeze_time("2024-05-31"):
            claims = self.debtor._debt_claim(
                self.env.company, date(2024, 5, 31), "demand", charges=True
            )
        [line] = [
            line
            for claim in claims.values()
            for line in claim.lines
            if line.move_id == self.invoice.id
        ]
        self.assertEqual(float(line.interest), 147.26)
        self.assertEqual([float(owed) for _start, _end, owed in line.back], [41.10])
