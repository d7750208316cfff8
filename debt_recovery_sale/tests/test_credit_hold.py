from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common import DebtCreditCommon


@tagged("post_install", "-at_install")
class TestCreditHold(DebtCreditCommon):
    """Each kind of rule holds a confirmation when it blocks, and only notes it when
    it warns; an exempt debtor passes; a debtor without rules is untouched."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._overdue_invoice(40, amount=800.0)
        cls.debtor.with_company(cls.env.company).credit_limit = 1000.0
        stages = cls.env["debt.stage"].search([("company_id", "=", cls.env.company.id)])
        cls.demand = stages.filtered(lambda s: s.code == "DEMAND")
        cls.reminder = stages.filtered(lambda s: s.code == "REM1")
        cls.agency = cls.env["debt.agency"].create({"name": "Recover & Co"})

    def _make_it_fire(self, kind):
        """Put the debtor in the situation the rule of ``kind`` is about; the rule."""
        if kind == "credit_limit":
            return self._rule(kind)  # 800 open + 300 ordered > 1000
        if kind == "stage_reached":
            self.invoice.debt_stage_id = self.demand
            return self._rule(kind, stage_id=self.demand.id)
        if kind == "broken_promise":
            promise = self.env["debt.promise"].create(
                {
                    "partner_id": self.debtor.id,
                    "move_ids": [Command.set(self.invoice.ids)],
                    "amount": 800.0,
                    "promised_date": self.today,
                }
            )
            promise.write({"state": "broken", "date_closed": self.today - timedelta(days=10)})
            return self._rule(kind, days=30)
        if kind == "segment":
            self.debtor.debt_segment = "bad_debt"
            return self._rule(kind, segment="bad_debt")
        if kind == "placed":
            placement = self.env["debt.placement"].create(
                {
                    "agency_id": self.agency.id,
                    "partner_id": self.debtor.id,
                    "move_ids": [Command.set(self.invoice.ids)],
                }
            )
            placement.action_mark_sent()
            return self._rule(kind)
        self.assertEqual(kind, "insolvent")
        self.debtor.debt_insolvent = True
        return self._rule(kind)

    KINDS = ("credit_limit", "stage_reached", "broken_promise", "segment", "placed", "insolvent")
    EXPECTED = {
        "credit_limit": "exposure $\xa01,100.00 against a limit of $\xa01,000.00",
        "stage_reached": "reached the collection stage",
        "broken_promise": "promise to pay was broken",
        "segment": "segment Bad debt",
        "placed": "placed with an agency",
        "insolvent": "insolvent",
    }

    def test_each_rule_blocks(self):
        for kind in self.KINDS:
            with self.subTest(kind=kind), self.env.cr.savepoint(flush=False) as savepoint:
                self._make_it_fire(kind)
                order = self._quotation(300.0)
                order.with_user(self.salesperson).action_confirm()
                self.assertEqual(order.state, "draft")
                self.assertTrue(order.debt_credit_hold)
                self.assertIn("Blocked", order.debt_credit_note)
                self.assertIn(self.EXPECTED[kind], order.debt_credit_note)
                self.assertIn("Credit hold", order.message_ids[0].body)
                self.assertEqual(self.debtor.debt_credit_hold_count, 1)
                self.assertTrue(self.debtor.debt_credit_blocked)
                self.assertIn(f"{order.name} on credit hold", self.debtor.debt_credit_banner)
                self.assertIn(self.EXPECTED[kind], self.debtor.debt_credit_banner)
                savepoint.rollback()
                self.env.invalidate_all()

    def test_each_warn_only_rule_confirms_with_a_note(self):
        for kind in self.KINDS:
            with self.subTest(kind=kind), self.env.cr.savepoint(flush=False) as savepoint:
                self._make_it_fire(kind).action = "warn"
                order = self._quotation(300.0)
                order.with_user(self.salesperson).action_confirm()
                self.assertEqual(order.state, "sale")
                self.assertFalse(order.debt_credit_hold)
                self.assertIn("Warning", order.debt_credit_note)
                self.assertIn(self.EXPECTED[kind], order.debt_credit_note)
                savepoint.rollback()
                self.env.invalidate_all()

    def test_rules_that_do_not_fire(self):
        self._rule("credit_limit")
        self._rule("stage_reached", stage_id=self.demand.id)
        self._rule("segment", segment="bad_debt")
        self.invoice.debt_stage_id = self.reminder  # before the formal demand
        self.debtor.debt_segment = "lethargic"
        order = self._quotation(200.0)  # 800 + 200 = the limit, not over it
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.debt_credit_note)

    def test_credit_limit_counts_the_order_itself(self):
        self._rule("credit_limit")
        order = self._quotation(200.01)
        order.action_confirm()
        self.assertTrue(order.debt_credit_hold)
        self.assertIn("$\xa00.01 over", order.debt_credit_note)

    def test_own_limit_replaces_odoo_limit(self):
        self._rule("credit_limit")
        self.debtor.with_company(self.env.company).debt_credit_limit = 5000.0
        order = self._quotation(3000.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_exempt_debtor_passes(self):
        self._rule("insolvent")
        self.debtor.debt_insolvent = True
        self.debtor.with_company(self.env.company).debt_credit_exempt = True
        order = self._quotation(300.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(self.debtor.debt_credit_banner)

    def test_without_rules_nothing_changes(self):
        order = self._quotation(5000.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.debt_credit_hold)

    def test_batch_confirms_the_others(self):
        self._rule("credit_limit")
        other = self.env["res.partner"].create({"name": "Prompt Payer"})
        held, passing = self._quotation(600.0), self._quotation(600.0, partner=other)
        (held | passing).action_confirm()
        self.assertEqual((held.state, passing.state), ("draft", "sale"))

    def test_hold_never_blocks_invoicing_what_was_confirmed(self):
        order = self._quotation(300.0)
        order.action_confirm()
        self._rule("insolvent")
        self.debtor.debt_insolvent = True
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
