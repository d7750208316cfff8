import shutil

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestRunNow(DebtRecoveryCommon):
    """ "Run collection now": a manager's menu, refused to clerks."""

    def _visible(self, user, xmlid):
        menu = self.env.ref(xmlid)
        menus = self.env["ir.ui.menu"].with_user(user)
        return menu.id in menus._visible_menu_ids() and menu.id in menus.load_menus(False)

    def test_menu_visible_to_managers_hidden_from_clerks(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(self._visible(self.manager, "debt_recovery.menu_debt_run_now"))
        self.assertTrue(self._visible(admin, "debt_recovery.menu_debt_run_now"))
        self.assertFalse(self._visible(self.clerk, "debt_recovery.menu_debt_run_now"))
        self.assertTrue(self._visible(self.clerk, "debt_recovery.menu_debt_worklist"))

    def test_run_now_as_manager_reports_what_it_did(self):
        invoice = self._overdue_invoice(20)
        action = self.env.ref("debt_recovery.action_debt_run_now").with_user(self.manager)
        result = action.run()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("1 invoices processed", result["params"]["message"])
        self.assertTrue(invoice.debt_stage_id)

    def test_run_now_refused_to_clerks(self):
        invoice = self._overdue_invoice(20)
        action = self.env.ref("debt_recovery.action_debt_run_now").with_user(self.clerk)
        with self.assertRaises(AccessError):
            action.run()
        with self.assertRaises(AccessError):
            self.env["debt.escalation"].with_user(self.clerk).action_run_now()
        self.assertFalse(invoice.debt_stage_id)


@tagged("post_install", "-at_install")
class TestHomeAction(DebtRecoveryCommon):
    """Collections users land on the worklist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.worklist = cls.env.ref("debt_recovery.action_debt_worklist")

    def _home(self, user):
        return user.action_id.id

    def test_clerk_and_manager_land_on_the_worklist(self):
        self.assertEqual(self._home(self.clerk), self.worklist.id)
        self.assertEqual(self._home(self.manager), self.worklist.id)
        admin = self.env.ref("base.user_admin")
        self.assertNotEqual(self._home(admin), self.worklist.id)  # not moved by the install

    def test_given_the_group_later(self):
        user = new_test_user(self.env, login="dr_sales", groups="base.group_user")
        self.assertFalse(user.action_id)
        user.group_ids = [Command.link(self.env.ref("debt_recovery.group_debt_user").id)]
        self.assertEqual(self._home(user), self.worklist.id)
        user.group_ids = [Command.unlink(self.env.ref("debt_recovery.group_debt_user").id)]
        self.assertFalse(user.action_id)

    def test_added_on_the_group_form(self):
        user = new_test_user(self.env, login="dr_sales", groups="base.group_user")
        self.env.ref("debt_recovery.group_debt_manager").user_ids = [Command.link(user.id)]
        self.assertEqual(self._home(user), self.worklist.id)

    def test_a_chosen_home_is_kept(self):
        invoices = self.env.ref("account.action_move_out_invoice_type")
        user = new_test_user(self.env, login="dr_sales", groups="base.group_user")
        user.action_id = invoices.id
        user.group_ids = [Command.link(self.env.ref("debt_recovery.group_debt_user").id)]
        self.assertEqual(self._home(user), invoices.id)
        user.group_ids = [Command.unlink(self.env.ref("debt_recovery.group_debt_user").id)]
        self.assertEqual(self._home(user), invoices.id)


@tagged("post_install", "-at_install")
class TestInvoiceForm(DebtRecoveryCommon):
    """The invoice shows its stage, days overdue and holds above the tabs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._overdue_invoice(20, amount=1000.0)
        cls.env["debt.escalation"]._run(cls.env.company)
        cls.env["debt.dispute"].create(
            {"move_id": cls.invoice.id, "reason": "quality", "amount": 300.0}
        )

    def test_summary_above_the_tabs(self):
        arch = self.env["account.move"].with_user(self.clerk).get_views([(False, "form")])
        tree = etree.fromstring(arch["views"]["form"]["arch"])
        [summary] = tree.xpath("//group[@name='debt_collection_summary']")
        self.assertEqual(summary.getnext().tag, "notebook")
        shown = summary.xpath(".//field/@name")
        for name in ("debt_stage_id", "debt_days_overdue", "debt_hold_reason", "debt_promise_id"):
            self.assertIn(name, shown)
        form = Form(self.invoice.with_user(self.clerk))
        self.assertEqual(form.debt_stage_id, self.invoice.debt_stage_id)
        self.assertEqual(form.debt_days_overdue, 20)
        self.assertEqual(form.debt_hold_reason, "dispute")
        self.assertEqual(form.debt_disputed_amount, 300.0)

    def test_disputes_button_counts(self):
        form = Form(self.invoice.with_user(self.clerk))
        self.assertEqual(form.debt_dispute_count, 1)
        self.env["debt.dispute"].create(
            {"move_id": self.invoice.id, "reason": "pricing", "amount": 100.0}
        )
        self.invoice.invalidate_recordset(["debt_dispute_count"])
        self.assertEqual(self.invoice.with_user(self.clerk).debt_dispute_count, 2)
        other = self._overdue_invoice(5)
        self.assertEqual(other.debt_dispute_count, 0)

    def test_not_on_invoicing_users_without_collections(self):
        accountant = new_test_user(
            self.env,
            login="dr_billing",
            groups="account.group_account_invoice",
            company_id=self.env.company.id,
            company_ids=[Command.set(self.env.company.ids)],
        )
        arch = self.env["account.move"].with_user(accountant).get_views([(False, "form")])
        self.assertNotIn("debt_collection_summary", arch["views"]["form"]["arch"])
        Form(self.invoice.with_user(accountant))  # opens without the collection fields


@tagged("post_install", "-at_install")
class TestApprovals(DebtRecoveryCommon):
    """Escalation proposals are approved or declined on their row."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls._overdue_invoice(100, amount=4000.0)
        cls.second = cls._overdue_invoice(95, amount=3000.0)
        cls.env["debt.escalation"]._run(cls.env.company)
        cls.agency_stage = cls.first.debt_proposed_stage_id

    def _list_buttons(self, user):
        view = self.env.ref("debt_recovery.view_move_list_debt")
        arch = self.env["account.move"].with_user(user).get_views([(view.id, "list")])
        tree = etree.fromstring(arch["views"]["list"]["arch"])
        return tree.xpath("/list/button/@name")

    def test_row_buttons_for_managers_only(self):
        self.assertTrue(self.agency_stage.requires_approval)
        buttons = ["action_debt_approve_stage", "action_debt_decline_stage"]
        self.assertEqual(self._list_buttons(self.manager), buttons)
        self.assertEqual(self._list_buttons(self.clerk), [])

    def test_approve_agency_stage_opens_the_placement(self):
        result = self.first.with_user(self.manager).action_debt_approve_stage()
        self.assertEqual(result["res_model"], "debt.placement.wizard")
        self.assertEqual(result["context"]["active_ids"], self.first.ids)
        self.assertIn(self.first.name, result["name"])
        self.assertNotEqual(self.first.debt_stage_id, self.agency_stage)  # not before placed

    def test_approve_from_the_row(self):
        court = self.env["debt.stage"].search(
            [("company_id", "=", self.env.company.id), ("phase", "=", "judicial")], limit=1
        )
        self.env["debt.item"]._propose_stage(self.first + self.second, court)
        self.agency_stage = court
        result = self.first.with_user(self.manager).action_debt_approve_stage()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(result["params"]["type"], "success")
        self.assertIn(self.first.name, result["params"]["message"])
        self.assertEqual(self.first.debt_stage_id, self.agency_stage)
        self.assertFalse(self.first.debt_proposed_stage_id)
        self.assertEqual(self.second.debt_proposed_stage_id, self.agency_stage)
        # Nothing left to approve on that row: the feedback says so.
        again = self.first.with_user(self.manager).action_debt_approve_stage()
        self.assertEqual(again["params"]["type"], "warning")

    def test_decline_from_the_row(self):
        stage = self.second.debt_stage_id
        result = self.second.with_user(self.manager).action_debt_decline_stage()
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn(self.second.name, result["params"]["message"])
        self.assertEqual(self.second.debt_stage_id, stage)
        self.assertFalse(self.second.debt_proposed_stage_id)
        self.assertIn("declined", self.second.message_ids[0].body)

    def test_clerks_cannot_decide(self):
        with self.assertRaises(AccessError):
            self.first.with_user(self.clerk).action_debt_approve_stage()
        with self.assertRaises(AccessError):
            self.first.with_user(self.clerk).action_debt_decline_stage()
        self.assertEqual(self.first.debt_proposed_stage_id, self.agency_stage)


@tagged("post_install", "-at_install")
class TestApprovalsTour(DebtRecoveryCommon, HttpCase):
    # A browser request waits this long for the test cursor: a loaded CI
    # machine (2 cores) needs more than Odoo's 20 s.
    test_cursor_lock_timeout = 90

    def test_manager_approves_on_the_row(self):
        if not any(shutil.which(b) for b in ("chromium", "google-chrome", "chromium-browser")):
            self.fail("Chromium is needed for the browser tour (tools/system-deps.sh installs it)")
        self.debtor.name = "Tour Debtor Ltd"
        self.env["debt.agency"].create({"name": "Tour Agency"})
        invoice = self._overdue_invoice(100, amount=4000.0)
        self.env["debt.escalation"]._run(self.env.company)
        proposed = invoice.debt_proposed_stage_id
        self.assertTrue(proposed)
        self.start_tour(
            "/odoo/action-debt_recovery.action_debt_approvals",
            "debt_recovery_approve_on_row",
            login="dr_manager",
        )
        self.assertEqual(invoice.debt_stage_id, proposed)
        self.assertEqual(invoice.debt_placement_id.agency_id.name, "Tour Agency")
