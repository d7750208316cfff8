from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestInterestWaiver(DebtRecoveryCommon):
    """A manager waives an invoice's interest and fee with a reason: logged,
    no longer claimed, and not charged again later. A clerk cannot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor.debt_jurisdiction = "eu"
        # ECB 2024H1 4.50 % (shipped) + 8 points.
        cls.invoice = cls._invoice_due(date(2024, 3, 31), 10000.0)

    def _waive(self, day, reason="Goodwill after the late delivery", **values):
        with freeze_time(day):
            action = self.invoice.with_user(self.manager).action_debt_waive_interest()
            wizard = self.env[action["res_model"]].with_user(self.manager)
            form = Form(wizard.with_context(**action["context"]))
            self.assertEqual(form.move_id, self.invoice)
            for name, value in values.items():
                setattr(form, name, value)
            form.reason = reason
            record = form.save()
            figures = (record.interest_amount, record.compensation_amount)
            record.action_confirm()
        return figures

    def _claim(self, day):
        return self.debtor._debt_claim(self.env.company, day, "demand")[self.invoice.currency_id]

    def test_manager_waives_and_it_is_neither_claimed_nor_charged_again(self):
        day = date(2024, 4, 30)
        before = self._claim(day)
        self.assertAlmostEqual(float(before.interest), round(10000 * 0.125 * 30 / 365, 2), 2)
        self.assertGreater(before.fees, 0)

        interest, fee = self._waive(day)
        self.assertAlmostEqual(interest, round(10000 * 0.125 * 30 / 365, 2), places=2)
        self.assertAlmostEqual(fee, 40.0, places=2)
        rows = self.invoice.debt_charge_ids
        self.assertEqual(set(rows.mapped("kind")), {"interest", "compensation"})
        self.assertTrue(all(rows.mapped("waived")))
        self.assertFalse(rows.charge_move_id)
        self.assertEqual(rows.user_id, self.manager)
        self.assertEqual(set(rows.mapped("reason")), {"Goodwill after the late delivery"})
        self.assertEqual(rows.filtered(lambda r: r.kind == "interest").date_to, day)
        for record in (self.invoice, self.debtor):
            self.assertIn("Goodwill after the late delivery", record.message_ids[0].body)

        # The claim no longer asks for it.
        after = self._claim(day)
        self.assertEqual((after.interest, after.fees), (0, 0))
        self.assertAlmostEqual(float(after.total), 10000.0, places=2)
        # A month later: only the new days are claimed, and charged.
        later = date(2024, 5, 31)
        self.assertAlmostEqual(
            float(self._claim(later).interest), round(10000 * 0.125 * 31 / 365, 2), places=2
        )
        with freeze_time(later):
            action = self.invoice.action_debt_invoice_interest()
        charge = self.env["account.move"].search(action["domain"])
        self.assertEqual(
            charge.invoice_line_ids.product_id,
            self.env.ref("debt_recovery.product_late_interest"),
            "the waived fee is not charged",
        )
        self.assertAlmostEqual(charge.amount_total, round(10000 * 0.125 * 31 / 365, 2), places=2)
        new = self.invoice.debt_charge_ids.filtered(lambda r: r.charge_move_id == charge)
        self.assertEqual(new.date_from, date(2024, 5, 1))

    def test_waive_only_the_fee(self):
        day = date(2024, 4, 30)
        self._waive(day, waive_interest=False)
        claim = self._claim(day)
        self.assertEqual(claim.fees, 0)
        self.assertAlmostEqual(float(claim.interest), round(10000 * 0.125 * 30 / 365, 2), 2)

    def test_a_clerk_cannot_waive(self):
        with self.assertRaises(AccessError):
            self.invoice.with_user(self.clerk).action_debt_waive_interest()
        with self.assertRaises(AccessError):
            self.env["debt.interest.waiver.wizard"].with_user(self.clerk).create(
                {"move_id": self.invoice.id, "reason": "Because"}
            )
        # Nor through the ledger itself (a clerk may create charge rows).
        with self.assertRaises(AccessError):
            self.env["debt.interest.charge"].with_user(self.clerk).create(
                {
                    "move_id": self.invoice.id,
                    "kind": "compensation",
                    "amount": 40.0,
                    "waived": True,
                    "reason": "Because",
                }
            )
        wizard = self.env["debt.interest.waiver.wizard"].create(
            {"move_id": self.invoice.id, "reason": "Because"}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.clerk).action_confirm()
        self.assertFalse(self.invoice.debt_charge_ids)
