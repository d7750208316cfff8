from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestWriteOff(DebtRecoveryCommon):
    """A manager writes off bad debt through Odoo's accounting: a posted entry
    to the bad-debt account, reconciled with the invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bad_debt = cls.copy_account(cls.company_data["default_account_expense"])
        cls.env.company.debt_bad_debt_account_id = cls.bad_debt
        cls.invoice = cls._overdue_invoice(200, amount=24000.0)
        cls.other = cls._overdue_invoice(100, amount=300.0)
        cls._pay(cls.other, 100.0)
        eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        cls.foreign = cls._overdue_invoice(150, amount=900.0, currency_id=eur.id)

    def _wizard(self, model, records, user=None):
        env = self.env(user=user) if user else self.env
        return Form(
            env["debt.write.off.wizard"].with_context(active_model=model, active_ids=records.ids)
        )

    def test_write_off_an_invoice_reconciles_it(self):
        wizard = self._wizard("account.move", self.invoice)
        wizard.reason = "Insolvency closed without dividend"
        self.assertEqual(wizard.account_id, self.bad_debt)
        action = wizard.save().action_confirm()
        entry = self.env["account.move"].search(action["domain"])
        self.assertEqual(entry.state, "posted")
        self.assertTrue(self.invoice.currency_id.is_zero(self.invoice.amount_residual))
        self.assertEqual(self.invoice.debt_write_off_id, entry)
        expense = entry.line_ids.filtered(lambda line: line.account_id == self.bad_debt)
        self.assertAlmostEqual(expense.balance, 24000.0, places=2)
        self.assertIn("Insolvency closed without dividend", self.invoice.message_ids[0].body)
        # The invoice left collection: nothing of it is claimed any more.
        claims = self.debtor._debt_claim(self.env.company, self.today, "demand", charges=False)
        claimed = [line.move_id for c in claims.values() for line in c.lines]
        self.assertNotIn(self.invoice.id, claimed)

    def test_write_off_a_debtor_settles_every_open_invoice(self):
        wizard = self._wizard("res.partner", self.debtor)
        self.assertEqual(
            set(wizard.move_ids.ids), {self.invoice.id, self.other.id, self.foreign.id}
        )
        wizard.reason = "Uneconomic to pursue"
        wizard.save().action_confirm()
        for move in self.invoice | self.other | self.foreign:
            self.assertTrue(move.currency_id.is_zero(move.amount_residual), move.name)
            self.assertTrue(move.debt_write_off_id)
        self.assertFalse(self.debtor.debt_has_overdue)
        self.assertFalse(self.debtor.with_company(self.env.company).debt_priority)
        self.assertFalse(
            self.env["res.partner"].search(
                [("id", "=", self.debtor.id), ("debt_has_overdue", "=", True)]
            )
        )

    def test_a_clerk_cannot_write_off(self):
        with self.assertRaises(AccessError):
            self.invoice.with_user(self.clerk).action_debt_write_off()
        with self.assertRaises(AccessError):
            self.debtor.with_user(self.clerk).action_debt_write_off()
        with self.assertRaises(AccessError):
            self.env["debt.write.off.wizard"].with_user(self.clerk).create(
                {"move_ids": self.invoice.ids, "reason": "x", "account_id": self.bad_debt.id}
            )
        wizard = self.env["debt.write.off.wizard"].create(
            {"move_ids": self.invoice.ids, "reason": "x"}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.clerk).action_confirm()
        self.assertFalse(self.invoice.currency_id.is_zero(self.invoice.amount_residual))

    def test_nothing_open_is_refused(self):
        self._pay(self.invoice, 24000.0)
        wizard = self.env["debt.write.off.wizard"].create(
            {"move_ids": self.invoice.ids, "reason": "x"}
        )
        with self.assertRaisesRegex(UserError, "Nothing to write off"):
            wizard.action_confirm()

    def test_the_closing_stage_is_entered_by_a_write_off_only(self):
        """No invoice is "written off" while still open in the books: setting
        the stage by hand is refused, approving a proposal of it opens the
        write-off wizard, and the write-off itself moves the invoice there."""
        closing = self.env["debt.stage"].search(
            [("company_id", "=", self.env.company.id), ("phase", "=", "closed")], limit=1
        )
        with self.assertRaisesRegex(UserError, "by being written off"):
            self.invoice.with_user(self.manager).debt_stage_id = closing
        self.env["debt.escalation"]._run(self.env.company)
        self.invoice.debt_item_id.sudo().proposed_stage_id = closing
        action = self.invoice.with_user(self.manager).action_debt_approve_stage()
        self.assertEqual(action["res_model"], "debt.write.off.wizard")
        self.assertEqual(action["context"]["active_ids"], self.invoice.ids)
        self.assertNotEqual(self.invoice.debt_stage_id, closing)  # not before the write-off

        wizard = self._wizard("account.move", self.invoice, user=self.manager)
        wizard.reason = "No dividend"
        wizard.save().action_confirm()
        self.assertEqual(self.invoice.debt_stage_id, closing)
        self.assertEqual(self.invoice.debt_item_id.stage_reason, "write_off")
