from odoo.tests import Form, tagged

from .common import DebtCreditCommon


@tagged("post_install", "-at_install")
class TestCreditViews(DebtCreditCommon):
    """The forms that show the banners open for every role, and the lists and
    menus of credit management are there for managers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._overdue_invoice(40, amount=800.0)
        cls.debtor.with_company(cls.env.company).credit_limit = 500.0
        cls._rule("credit_limit", note="Call Finance.")
        cls.order = cls._quotation(300.0)
        cls.order.action_confirm()

    def test_forms_open_with_the_banner(self):
        for user in (self.salesperson, self.clerk, self.manager):
            with self.subTest(user=user.login):
                order = Form(self.order.with_user(user))
                self.assertTrue(order.debt_credit_hold)
                self.assertIn("Call Finance.", order.debt_credit_note)
                partner = Form(self.debtor.with_user(user))
                self.assertTrue(partner.debt_credit_blocked)
                self.assertIn("Credit limit exceeded", partner.debt_credit_banner)
        self.assertEqual(Form(self.debtor.with_user(self.manager)).debt_credit_hold_count, 1)

    def test_release_wizard_and_lists(self):
        wizard = Form(
            self.env["debt.credit.release.wizard"]
            .with_user(self.manager)
            .with_context(default_order_id=self.order.id)
        )
        self.assertIn("Credit limit exceeded", wizard.note)
        for xmlid in (
            "debt_recovery_sale.action_debt_credit_hold_orders",
            "debt_recovery_sale.action_debt_credit_rule",
            "debt_recovery_sale.action_debt_credit_release",
        ):
            action = self.env.ref(xmlid)
            model = self.env[action.res_model].with_user(self.manager)
            model.get_views([(False, "list"), (False, "form"), (False, "search")])
        action = self.debtor.with_user(self.manager).action_debt_credit_holds()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), self.order)
        menus = self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        for xmlid in (
            "menu_debt_credit_holds",
            "menu_sale_debt_credit_holds",
            "menu_debt_credit_rules",
        ):
            self.assertIn(self.env.ref(f"debt_recovery_sale.{xmlid}").id, menus)
        clerk_menus = self.env["ir.ui.menu"].with_user(self.clerk)._visible_menu_ids()
        self.assertNotIn(self.env.ref("debt_recovery_sale.menu_debt_credit_holds").id, clerk_menus)

    def test_rule_form_and_names(self):
        demand = self.env["debt.stage"].search(
            [("company_id", "=", self.env.company.id), ("code", "=", "DEMAND")]
        )
        rule = self._rule("stage_reached", action="warn", stage_id=demand.id)
        self.assertEqual(rule.display_name, f"Collection stage reached: {demand.name} (Warn only)")
