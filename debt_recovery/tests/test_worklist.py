import shutil
from datetime import timedelta

from odoo import Command
from odoo.tests import HttpCase, tagged

from ..core.priority import Debtor, priority
from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestWorklist(DebtRecoveryCommon):
    """The clerk's worklist: debtors ranked by ``core.priority``, kept fresh in bulk."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor.debt_collector_id = cls.clerk
        cls.small = cls.env["res.partner"].create({"name": "Small Fry Ltd", "is_company": True})

    def _refresh(self, debtors=None):
        return self.env["res.partner"]._debt_refresh_worklist(debtors)

    def test_priority_follows_core(self):
        self._overdue_invoice(70, amount=8000.0)
        self._overdue_invoice(20, amount=2000.0)
        self._overdue_invoice(5, amount=150.0, partner=self.small)
        self.env["debt.escalation"]._run(self.env.company)
        furthest = self.env["account.move"].search([("partner_id", "=", self.debtor.id)])
        self.assertEqual(self.debtor.debt_stage_id, furthest.debt_stage_id.sorted()[-1])
        expected = priority(
            Debtor(
                overdue_amount=10000.0,
                days_late=70,
                score=self.debtor.debt_score,
                broken_promises=0,
                due_today=False,
                on_hold=False,
            )
        )
        self.assertEqual(self.debtor.debt_priority, expected)
        self.assertGreater(self.debtor.debt_priority, self.small.debt_priority)
        worklist = self.env["res.partner"].search(
            [("debt_priority", ">", 0), ("id", "in", (self.debtor + self.small).ids)],
            order="debt_priority desc",
        )
        self.assertEqual(worklist.ids, [self.debtor.id, self.small.id])

    def test_call_due_today_and_paid_debtor(self):
        self._overdue_invoice(10, amount=500.0, partner=self.small)
        invoice = self._overdue_invoice(10, amount=500.0)
        self._refresh()
        self.assertEqual(self.debtor.debt_priority, self.small.debt_priority)
        self.debtor.activity_schedule("mail.mail_activity_data_call", date_deadline=self.today)
        self._refresh(self.debtor)
        self.assertEqual(self.debtor.debt_priority - self.small.debt_priority, 15)
        self._pay(invoice, 500.0)
        self._refresh()
        self.assertEqual(self.debtor.debt_priority, 0)  # off the worklist
        self.assertFalse(self.debtor.debt_stage_id)

    def test_excluded_debtor_is_not_on_the_worklist(self):
        self._overdue_invoice(60, amount=5000.0)
        self._refresh()
        self.assertGreater(self.debtor.debt_priority, 0)
        self.debtor.debt_excluded = True
        self._refresh(self.debtor)
        self.assertEqual(self.debtor.debt_priority, 0)

    def test_refresh_queries_do_not_grow_with_debtors(self):
        def debtors(count):
            partners = self.env["res.partner"].create(
                [{"name": f"Debtor {count}-{i}", "is_company": True} for i in range(count)]
            )
            for partner in partners:
                self._overdue_invoice(12, partner=partner)
            return partners

        few, many = debtors(2), debtors(20)
        with self.assertQueryCount(2):  # the aggregate, the UPDATE
            self._refresh(few)
        with self.assertQueryCount(2):
            self._refresh(many)
        self.assertTrue(all(many.mapped("debt_priority")))

    def test_rows_explain_themselves(self):
        """Issue 16: rows never said why a debtor is there, nor what to do."""
        invoice = self._overdue_invoice(42, amount=1500.0)
        self.env["debt.escalation"]._run(self.env.company)
        self.assertEqual(invoice.debt_stage_id.code, "DEMAND")
        invoice.debt_item_id.sudo().stage_date = self.today - timedelta(days=12)
        self.debtor.activity_schedule("mail.mail_activity_data_call", date_deadline=self.today)
        self._refresh(self.debtor)
        self.assertEqual(self.debtor.debt_worklist_state, "todo")
        self.assertEqual(
            self.debtor.debt_worklist_reasons,
            "call due today, Formal demand for 12 days, 42 days late",
        )
        self.assertEqual(self.debtor.debt_next_action, "Do the task due today")

    def test_one_day_reads_as_one_day(self):
        self.assertEqual(self.debtor._debt_reason_label("days_late", 1), "1 day late")
        self.assertEqual(self.debtor._debt_reason_label("days_late", 2), "2 days late")

    def test_held_and_placed_debtors_are_not_to_do(self):
        promised = self._overdue_invoice(20, amount=700.0)
        placed = self._overdue_invoice(30, amount=900.0, partner=self.small)
        todo = self.env["res.partner"].create({"name": "Still To Do", "is_company": True})
        self._overdue_invoice(20, amount=700.0, partner=todo)
        self.env["debt.escalation"]._run(self.env.company)
        self.env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(promised.ids)],
                "amount": 700.0,
                "promised_date": self.today + timedelta(days=5),
            }
        )
        agency = self.env["debt.agency"].create({"name": "Recover & Co"})
        self.small.activity_schedule("mail.mail_activity_data_call", date_deadline=self.today)
        self.env["debt.placement"].create(
            {"agency_id": agency.id, "partner_id": self.small.id, "move_ids": placed.ids}
        ).action_mark_sent()
        debtors = self.debtor + self.small + todo
        self._refresh(debtors)
        self.assertEqual(debtors.mapped("debt_worklist_state"), ["held", "placed", "todo"])
        Partner = self.env["res.partner"]
        scope = [("id", "in", debtors.ids)]
        self.assertEqual(Partner.search([*scope, ("debt_worklist_state", "=", "todo")]), todo)
        self.assertEqual(
            Partner.search([*scope, ("debt_worklist_state", "=", "placed")]), self.small
        )
        # The placed debtor with its call still open is not the clerk's first.
        self.assertLess(self.small.debt_priority, todo.debt_priority)
        self.assertEqual(self.small.debt_next_action, "Follow up with the agency")
        self.assertTrue(self.small.debt_worklist_reasons.startswith("placed with an agency"))
        self.assertTrue(self.debtor.debt_worklist_reasons.startswith("promise to pay"))
        # Insolvent: its own list.
        todo.debt_insolvent = True
        self._refresh(todo)
        self.assertEqual(todo.debt_worklist_state, "insolvent")
        self.assertEqual(todo.debt_next_action, "Nothing: handled outside collection")

    def test_call_that_ends_in_a_promise(self):
        self._overdue_invoice(25, amount=1200.0)
        self.debtor.activity_schedule("mail.mail_activity_data_call", date_deadline=self.today)
        wizard = (
            self.env["debt.call.wizard"]
            .with_user(self.clerk)
            .create(
                {
                    "partner_id": self.debtor.id,
                    "outcome": "promise",
                    "note": "Pays next week",
                    "callback_date": self.today + timedelta(days=8),
                }
            )
        )
        action = wizard.action_log()
        self.assertEqual(action["res_model"], "debt.promise.wizard")
        call = self.env["debt.contact"].search([("partner_id", "=", self.debtor.id)])
        self.assertEqual(
            (call.channel, call.outcome, call.user_id), ("phone", "promise", self.clerk)
        )
        activities = self.debtor.activity_ids
        self.assertEqual(len(activities), 1)  # the due call is done, the callback planned
        self.assertEqual(activities.date_deadline, self.today + timedelta(days=8))
        promise_wizard = (
            self.env["debt.promise.wizard"]
            .with_user(self.clerk)
            .with_context(**action["context"])
            .create({"first_date": self.today + timedelta(days=7)})
        )
        self.assertEqual(promise_wizard.amount, 1200.0)
        result = promise_wizard.action_confirm()
        self.assertEqual(result["type"], "ir.actions.act_window_close")
        promise = self.env["debt.promise"].search([("partner_id", "=", self.debtor.id)])
        # One contact: the call that got the promise, linked to it.
        self.assertEqual(
            self.env["debt.contact"].search([("partner_id", "=", self.debtor.id)]), call
        )
        self.assertEqual(call.promise_id, promise)
        self.assertIn("promise to pay", self.debtor.debt_hold_summary)


@tagged("post_install", "-at_install")
class TestWorklistTour(DebtRecoveryCommon, HttpCase):
    # A browser request waits this long for the test cursor: a loaded CI
    # machine (2 cores) needs more than Odoo's 20 s.
    test_cursor_lock_timeout = 90

    def test_clerk_works_the_worklist(self):
        if not any(shutil.which(b) for b in ("chromium", "google-chrome", "chromium-browser")):
            self.fail("Chromium is needed for the browser tour (tools/system-deps.sh installs it)")
        self.debtor.write({"name": "Tour Debtor Ltd", "debt_collector_id": self.clerk.id})
        self._overdue_invoice(20, amount=900.0)
        self.env["debt.escalation"]._run(self.env.company)
        self.assertFalse(self.debtor.debt_hold_summary)
        self.start_tour(
            "/odoo/action-debt_recovery.action_debt_worklist",
            "debt_recovery_worklist",
            login="dr_clerk",
        )
        promise = self.env["debt.promise"].search([("partner_id", "=", self.debtor.id)])
        self.assertEqual((promise.state, promise.amount), ("open", 900.0))
        self.assertEqual(self.debtor.debt_hold_summary[:15], "promise to pay ")
