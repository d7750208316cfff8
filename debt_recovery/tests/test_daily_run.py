from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DebtRecoveryCommon, clone_invoices


@tagged("post_install", "-at_install")
class TestDailyRun(DebtRecoveryCommon):
    """Escalation by the daily run, with run dates relative to today."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["debt.escalation"]
        cls.stages = cls.env["debt.stage"].search([("company_id", "=", cls.env.company.id)])
        cls.code = {stage.id: stage.code for stage in cls.stages}
        cls.agency = cls.env["debt.agency"].create({"name": "Recover & Co"})

    def _stage(self, code):
        return self.stages.filtered(lambda s: s.code == code)

    def _escalate(self, run_date=None, companies=None):
        """One escalation pass (no segmentation): every pending invoice in one batch."""
        run_date = run_date or self.today
        companies = companies or self.env.company
        rules = self.engine._transition_rows(companies)
        ids = self.engine._lock_batch(companies, run_date, 100000)
        if ids:
            self.engine._process_batch(ids, run_date, rules)
        return ids

    def _codes(self, invoices):
        return [self.code.get(inv.debt_stage_id.id) for inv in invoices]

    # --- thresholds ---

    def test_every_threshold_boundary(self):
        days = [-4, -3, 0, 1, 14, 15, 29, 30, 31, 59, 60, 89, 90, 91]
        invoices = [self._overdue_invoice(d) for d in days]
        self._escalate()
        self.assertEqual(
            self._codes(invoices),
            [None, "PREV", "PREV", "REM1", "REM1", "REM2", "REM2", "DEMAND", "DEMAND"]
            + ["DEMAND", "FINAL", "FINAL", "FINAL", "FINAL"],
        )
        self.assertEqual([inv.debt_days_overdue for inv in invoices], days)
        # 90 days and more: the agency stage waits for a manager.
        agency = self._stage("AGENCY")
        self.assertEqual([inv.debt_proposed_stage_id for inv in invoices[-2:]], [agency, agency])
        self.assertFalse(invoices[-3].debt_proposed_stage_id)

    def test_rerun_same_day_changes_nothing(self):
        invoice = self._overdue_invoice(20)
        self.assertTrue(self._escalate())
        item = invoice.debt_item_id
        self.assertEqual((item.stage_id.code, item.run_date), ("REM2", self.today))
        self.assertFalse(self._escalate())  # nothing pending any more today
        self.assertEqual(invoice.debt_item_ids, item)
        self.assertFalse(invoice.debt_stage_history_ids)

    def test_progression_and_history(self):
        invoice = self._overdue_invoice(13)
        self._escalate()
        self._escalate(self.today + timedelta(days=1))
        self.assertEqual(self._codes(invoice), ["REM1"])
        self._escalate(self.today + timedelta(days=2))
        self.assertEqual(self._codes(invoice), ["REM2"])
        self.assertEqual(invoice.debt_stage_date, self.today + timedelta(days=2))
        # The stay in REM1 went to the history; the one in REM2 is current.
        past = invoice.debt_stage_history_ids
        self.assertEqual(past.stage_id.code, "REM1")
        self.assertEqual(
            (past.date_entered, past.date_left), (self.today, self.today + timedelta(days=2))
        )
        self.assertEqual((past.days_in_stage, past.days_overdue, past.reason), (2, 13, "run"))
        item = invoice.debt_item_id
        self.assertEqual((item.stage_days_overdue, item.stage_reason), (15, "run"))

    def test_never_moves_back(self):
        invoice = self._overdue_invoice(40)
        self._escalate()
        invoice.invoice_date_due = self.today  # e.g. a corrected due date
        self._escalate(self.today + timedelta(days=1))
        self.assertEqual(self._codes(invoice), ["DEMAND"])

    # --- payments and credit notes ---

    def test_partial_then_full_payment(self):
        invoice = self._overdue_invoice(35, amount=1000.0)
        self._escalate()
        self._pay(invoice, 600.0)
        self._escalate(self.today + timedelta(days=1))
        self.assertEqual(self._codes(invoice), ["DEMAND"])
        self.assertFalse(invoice.debt_closed_date)
        self._pay(invoice, 400.0)
        self._escalate(self.today + timedelta(days=2))
        self.assertEqual(invoice.debt_closed_date, self.today + timedelta(days=2))
        self.assertEqual(invoice.debt_stage_history_ids.stage_id.code, "DEMAND")
        self.assertEqual(invoice.debt_stage_history_ids.date_left, self.today + timedelta(days=2))
        # Once closed, it is no longer a candidate.
        self.assertFalse(self._escalate(self.today + timedelta(days=3)))

    def test_credit_note_closes(self):
        invoice = self._overdue_invoice(16, amount=300.0)
        self._escalate()
        self._reverse_invoice(invoice, is_modify=False, post=True)
        self.assertEqual(invoice.payment_state, "reversed")
        self._escalate(self.today + timedelta(days=1))
        self.assertEqual(invoice.debt_closed_date, self.today + timedelta(days=1))

    def test_reopened_invoice_comes_back(self):
        invoice = self._overdue_invoice(16, amount=300.0)
        self._escalate()
        payment = self._pay(invoice, 300.0)
        self._escalate(self.today + timedelta(days=1))
        self.assertTrue(invoice.debt_closed_date)
        payment.move_id.line_ids.remove_move_reconcile()
        self.assertGreater(invoice.amount_residual, 0)
        # Closed invoices are not candidates, but an open one is again.
        self.assertIn(invoice.id, self._escalate(self.today + timedelta(days=2)))
        self.assertFalse(invoice.debt_closed_date)

    def test_foreign_currency(self):
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        invoice = self._overdue_invoice(31, amount=500.0, currency_id=eur.id)
        self._escalate()
        self.assertEqual(self._codes(invoice), ["DEMAND"])
        self.assertAlmostEqual(invoice.debt_item_id.stage_amount, 250.0)

    # --- holds ---

    def test_holds_keep_the_stage(self):
        disputed = self._overdue_invoice(10)
        promised = self._overdue_invoice(10)
        excluded_debtor = self.env["res.partner"].create({"name": "Excluded", "is_company": True})
        excluded = self._overdue_invoice(10, partner=excluded_debtor)
        no_followup = self._overdue_invoice(10)
        placed = self._overdue_invoice(10)
        free = self._overdue_invoice(10)
        everything = [disputed, promised, excluded, no_followup, placed, free]
        self._escalate()
        self.assertEqual(self._codes(everything), ["REM1"] * 6)

        self.env["debt.dispute"].create({"move_id": disputed.id, "amount": 10.0})
        self.env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(promised.ids)],
                "amount": 100.0,
                "promised_date": self.today + timedelta(days=30),
                "tolerance_days": 3,
            }
        )
        excluded_debtor.debt_excluded = True
        no_followup.no_followup = True
        placement = self.env["debt.placement"].create(
            {
                "agency_id": self.agency.id,
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(placed.ids)],
            }
        )
        placement.action_mark_sent()  # the hand-over moves its invoice to the agency stage

        self._escalate(self.today + timedelta(days=20))
        self.assertEqual(self._codes(everything), ["REM1"] * 4 + ["AGENCY", "DEMAND"])
        self.assertEqual(
            [inv.debt_hold_reason for inv in everything],
            ["dispute", "promise", "excluded", "no_followup", "placement", False],
        )
        # Days overdue keep counting on held invoices.
        self.assertEqual(disputed.debt_days_overdue, 30)

    def test_promise_holds_until_date_plus_tolerance(self):
        invoice = self._overdue_invoice(10)
        self._escalate()
        self.env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(invoice.ids)],
                "amount": 100.0,
                "promised_date": self.today + timedelta(days=10),
                "tolerance_days": 3,
            }
        )
        self._escalate(self.today + timedelta(days=13))  # last day of tolerance: held
        self.assertEqual(self._codes(invoice), ["REM1"])
        self._escalate(self.today + timedelta(days=14))  # past it: collection resumes
        self.assertEqual(self._codes(invoice), ["REM2"])

    # --- approval ---

    def test_approval_gating(self):
        invoice = self._overdue_invoice(120)
        self._escalate()
        self.assertEqual(self._codes(invoice), ["FINAL"])
        self.assertEqual(invoice.debt_proposed_stage_id, self._stage("AGENCY"))
        with self.assertRaises(AccessError):
            invoice.with_user(self.clerk).action_debt_approve_stage()
        # An agency stage is entered by a placement: approving opens the wizard.
        action = invoice.with_user(self.manager).action_debt_approve_stage()
        self.assertEqual(action["res_model"], "debt.placement.wizard")
        self.assertEqual(self._codes(invoice), ["FINAL"])
        wizard = (
            self.env["debt.placement.wizard"]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual((wizard.agency_id, wizard.move_ids), (self.agency, invoice))
        self.assertTrue(wizard.hand_over)
        wizard.action_confirm()
        self.assertEqual(self._codes(invoice), ["AGENCY"])
        self.assertEqual(invoice.debt_placement_id.state, "sent")
        self.assertFalse(invoice.debt_proposed_stage_id)
        self.assertEqual(invoice.debt_item_id.stage_reason, "placement")
        self.assertEqual(invoice.debt_stage_history_ids.stage_id.code, "FINAL")
        # The run leaves an approved stage alone.
        self._escalate(self.today + timedelta(days=1))
        self.assertEqual(self._codes(invoice), ["AGENCY"])

    def test_agency_stage_only_through_a_placement(self):
        """Issue 16: an approved agency stage had invoices and no placement."""
        agency = self._stage("AGENCY")
        agency.requires_approval = False  # even so, the run only proposes it
        invoice = self._overdue_invoice(120)
        self._escalate()
        self.assertEqual(self._codes(invoice), ["FINAL"])
        self.assertEqual(invoice.debt_proposed_stage_id, agency)
        for reason in ("manual", "approval", "run", "promise_broken"):
            with self.assertRaisesRegex(UserError, "placed with an agency"):
                self.env["debt.item"]._set_stage(invoice, agency, reason)
        with self.assertRaisesRegex(UserError, "placed with an agency"):
            invoice.with_user(self.manager).debt_stage_id = agency
        invoice.invalidate_recordset()
        self.assertEqual(self._codes(invoice), ["FINAL"])

    def test_declined_proposal_is_not_proposed_again(self):
        invoice = self._overdue_invoice(120)
        self._escalate()
        self.assertEqual(invoice.debt_proposed_stage_id, self._stage("AGENCY"))
        with self.assertRaises(AccessError):
            invoice.with_user(self.clerk).action_debt_decline_stage()
        invoice.with_user(self.manager).action_debt_decline_stage()
        self.assertFalse(invoice.debt_proposed_stage_id)
        self.assertIn("declined", invoice.message_ids[0].body)
        self._escalate(self.today + timedelta(days=1))
        self.assertEqual(self._codes(invoice), ["FINAL"])
        self.assertFalse(invoice.debt_proposed_stage_id)  # not asked again
        # Once the invoice has moved (a manager's decision), the ladder proposes anew.
        self.env["debt.item"]._set_stage(invoice, self._stage("DEMAND"), "manual")
        self.env["debt.item"]._set_stage(invoice, self._stage("FINAL"), "manual")
        self._escalate(self.today + timedelta(days=2))
        self.assertEqual(invoice.debt_proposed_stage_id, self._stage("AGENCY"))

    def test_manual_stage_is_recorded_and_kept(self):
        invoice = self._overdue_invoice(100)
        self._escalate()
        with self.assertRaises(AccessError):
            invoice.with_user(self.clerk).debt_stage_id = self._stage("COURT")
        invoice.debt_stage_id = self._stage("COURT")
        self.assertEqual(invoice.debt_item_id.stage_reason, "manual")
        self.assertEqual(invoice.debt_stage_history_ids.stage_id.code, "FINAL")
        self._escalate(self.today + timedelta(days=1))
        self.assertEqual(self._codes(invoice), ["COURT"])
        self.assertFalse(invoice.debt_proposed_stage_id)

    # --- segments and companies ---

    def test_segment_pace(self):
        gentle = self.env["res.partner"].create(
            {"name": "Gentle", "is_company": True, "debt_segment": "first_time"}
        )
        fast = self.env["res.partner"].create(
            {"name": "Fast", "is_company": True, "debt_segment": "bad_debt"}
        )
        self.env.company._debt_set_pace({"first_time": 7, "bad_debt": -10})
        invoices = [
            self._overdue_invoice(20, partner=gentle),
            self._overdue_invoice(20, partner=fast),
            self._overdue_invoice(20),
        ]
        self._escalate()
        self.assertEqual(self._codes(invoices), ["REM1", "DEMAND", "REM2"])
        invoices = [self._overdue_invoice(22, partner=gentle), self._overdue_invoice(22)]
        self._escalate()
        self.assertEqual(self._codes(invoices), ["REM2", "REM2"])

    def test_two_companies(self):
        company_b = self.setup_other_company(name="Company B")["company"]
        stages_b = self.env["debt.stage"].search([("company_id", "=", company_b.id)])
        stages_b.filtered(lambda s: s.code == "REM2").days_overdue = 5
        invoice_a = self._overdue_invoice(6)
        invoice_b = self._overdue_invoice(6, company_id=company_b.id)
        self.assertEqual(invoice_b.company_id, company_b)
        self._escalate(companies=self.env.company + company_b)
        self.assertEqual(invoice_a.debt_stage_id.code, "REM1")
        self.assertEqual(invoice_b.debt_stage_id.code, "REM2")
        self.assertEqual(invoice_b.debt_stage_id.company_id, company_b)

    # --- scale ---

    def test_query_count_does_not_grow(self):
        template = self._overdue_invoice(0)
        rules = self.engine._transition_rows(self.env.company)
        for count in (10, 300):
            with self.subTest(invoices=count):
                dues = [self.today - timedelta(days=n % 120) for n in range(count)]
                ids = clone_invoices(self.env, template, dues)
                run_date = self.today + timedelta(days=count)  # a new day for each round
                with self.assertQueryCount(2):
                    batch = self.engine._lock_batch(self.env.company, run_date, 100000)
                    self.engine._process_batch(batch, run_date, rules)
                self.assertLessEqual(set(ids), set(batch))
                moves = self.env["account.move"].browse(ids)
                self.assertTrue(all(moves.mapped("debt_stage_id")))
                self.assertEqual(len(moves.debt_item_ids), count)

    def test_cron_runs_everything(self):
        # The cron segments first: one invoice 40 days late makes a first-time
        # defaulter, whose pace is a week slower (40 - 7 = 33 days: formal demand).
        invoice = self._overdue_invoice(40)
        cron = self.env.ref("debt_recovery.ir_cron_debt_daily_run")
        with self.enter_registry_test_mode():  # the job's cursor is the test's
            cron.method_direct_trigger()
        self.assertEqual(self._codes(invoice), ["DEMAND"])
        self.assertEqual(self.debtor.debt_segment, "first_time")
