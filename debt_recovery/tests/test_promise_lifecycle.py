from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestPromiseLifecycle(DebtRecoveryCommon):
    """A promise's state is decided by money actually received."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._overdue_invoice(20, amount=1000.0)
        cls.other = cls._overdue_invoice(25, amount=500.0)
        cls.debtor.debt_collector_id = cls.clerk
        cls.Promise = cls.env["debt.promise"]

    def _promise(self, amount, days=10, moves=None, tolerance=3):
        return self.Promise.create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set((moves or self.invoice).ids)],
                "amount": amount,
                "promised_date": self.today + timedelta(days=days),
                "tolerance_days": tolerance,
            }
        )

    def _evaluate(self, days_after_today):
        return self.Promise._evaluate(self.today + timedelta(days=days_after_today))

    def _commit_hooks(self):
        """What happens just before the commit (promises kept at payment time)."""
        self.env.cr.precommit.run()
        self.env.invalidate_all()

    def test_paid_early_is_kept_at_once(self):
        promise = self._promise(600.0)
        self._pay(self.invoice, 600.0)
        self._commit_hooks()
        self.assertEqual(promise.state, "kept")
        self.assertEqual(promise.amount_received, 600.0)
        self.assertEqual(promise.date_closed, self.today)
        self.assertFalse(self.invoice.debt_hold_reason)

    def test_partial_payment_then_grace_over(self):
        promise = self._promise(600.0)
        self._pay(self.invoice, 250.0)
        self._commit_hooks()
        self.assertEqual(promise.state, "open")  # there is still time
        self._evaluate(13)  # date + tolerance: still open
        self.assertEqual(promise.state, "open")
        self._evaluate(14)
        self.assertEqual(promise.state, "partial")
        self.assertEqual((promise.amount_received, promise.amount_shortfall), (250.0, 350.0))

    def test_payments_across_several_invoices(self):
        promise = self._promise(1200.0, moves=self.invoice + self.other)
        self._pay(self.invoice, 800.0)
        self._commit_hooks()
        self.assertEqual(promise.state, "open")
        self._pay(self.other, 400.0)
        self._commit_hooks()
        self.assertEqual(promise.state, "kept")
        self.assertEqual(promise.amount_received, 1200.0)

    def test_money_before_the_promise_or_credit_notes_does_not_count(self):
        self._pay(self.other, 100.0, date=self.today - timedelta(days=2))
        promise = self._promise(300.0, moves=self.other)
        self._reverse_invoice(self.other, post=True)  # a credit note is not money received
        self._evaluate(20)
        self.assertEqual(promise.state, "broken")
        self.assertEqual(promise.amount_received, 0.0)

    def test_broken_promise_escalates_and_tells_the_collector(self):
        stages = self.env["debt.stage"].search([("company_id", "=", self.env.company.id)])
        # 20 days late, a first-time defaulter (a week slower): first reminder.
        self.env["debt.escalation"]._run(self.env.company)
        self.assertEqual(self.invoice.debt_stage_id.code, "REM1")
        promise = self._promise(500.0, days=2, tolerance=1)
        self.assertEqual(self.invoice.debt_hold_reason, "promise")

        broken = self._evaluate(4)
        self.assertEqual(broken, promise)
        self.assertEqual(promise.state, "broken")
        self.assertFalse(self.invoice.debt_hold_reason)
        # One stage up at once, recorded as caused by the broken promise.
        self.assertEqual(self.invoice.debt_stage_id.code, "REM2")
        self.assertEqual(self.invoice.debt_item_id.stage_reason, "promise_broken")
        activity = promise.activity_ids
        self.assertEqual(activity.user_id, self.clerk)
        self.assertIn("Broken promise", activity.summary)
        self.assertIn("Promise broken", promise.message_ids[0].body)
        self.assertEqual(self.debtor.debt_promise_count, 1)
        # Near the top of the ladder a broken promise only proposes the agency.
        self.invoice.debt_stage_id = stages.filtered(lambda s: s.code == "FINAL")
        second = self._promise(100.0, days=2, tolerance=0)
        second.company_id.debt_escalate_broken_promises = True
        self._evaluate(3)
        self.assertEqual(self.invoice.debt_stage_id.code, "FINAL")
        self.assertEqual(self.invoice.debt_proposed_stage_id.code, "AGENCY")

    def test_no_escalation_when_disabled(self):
        self.env.company.debt_escalate_broken_promises = False
        self.env["debt.escalation"]._run(self.env.company)
        self._promise(500.0, days=1, tolerance=0)
        self._evaluate(2)
        self.assertEqual(self.invoice.debt_stage_id.code, "REM1")

    def test_cancelled_promise_keeps_its_history(self):
        promise = self._promise(300.0)
        promise.action_cancel()
        self._evaluate(30)
        self.assertEqual(promise.state, "cancelled")
        self.assertTrue(promise.exists())

    def test_daily_run_decides_promises_first(self):
        promise = self._promise(300.0, days=1, tolerance=0)
        self.env["debt.escalation"]._run(self.env.company, self.today + timedelta(days=2))
        self.assertEqual(promise.state, "broken")
        self.assertEqual(self.debtor.debt_segment_data["figures"]["broken_promises"], 1)

    def test_kept_rates(self):
        kept = self._promise(100.0)
        self._pay(self.invoice, 100.0)
        self._commit_hooks()
        self._promise(100.0, days=1, tolerance=0, moves=self.other)
        self._promise(100.0, days=1, tolerance=0, moves=self.other).user_id = self.manager
        self._evaluate(5)  # two broken
        self.assertEqual(kept.state, "kept")
        self.assertEqual(self.debtor.debt_promise_kept_rate, 33)
        self.assertEqual(self.env.user.debt_promise_kept_rate, 50)
        self.assertEqual(self.manager.debt_promise_kept_rate, 0)
