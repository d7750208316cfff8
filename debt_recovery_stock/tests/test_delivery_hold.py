from ast import literal_eval

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.debt_recovery_sale.tests.common import DebtCreditCommon


@tagged("post_install", "-at_install")
class TestDeliveryHold(DebtCreditCommon):
    """Outgoing deliveries of a blocked debtor are held, released by a manager
    only, and go once the debtor paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.storekeeper = new_test_user(
            cls.env,
            login="dr_storekeeper",
            groups="stock.group_stock_user",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.invoice = cls._overdue_invoice(40, amount=800.0)
        cls.order = cls._quotation(300.0)
        cls.order.action_confirm()  # no rule yet: confirmed, its delivery waits
        cls.picking = cls.order.picking_ids
        cls.debtor.with_company(company).credit_limit = 1000.0
        cls._rule("credit_limit")  # 800 open + 300 to invoice > 1000

    def _validate(self, user=None):
        picking = self.picking.with_user(user or self.storekeeper)
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        return picking.button_validate()

    def test_the_order_made_a_delivery(self):
        self.assertEqual(len(self.picking), 1)
        self.assertEqual(self.picking.picking_type_code, "outgoing")

    def test_delivery_is_held_with_the_figures(self):
        self._validate()
        self.assertNotEqual(self.picking.state, "done")
        self.assertTrue(self.picking.debt_credit_hold)
        self.assertIn(
            "exposure $\xa01,100.00 against a limit of $\xa01,000.00", self.picking.debt_credit_note
        )
        self.assertIn("Credit hold", self.picking.message_ids[0].body)
        action = self.env.ref("debt_recovery_stock.action_debt_credit_hold_pickings")
        self.assertIn(self.picking, self.env["stock.picking"].search(literal_eval(action.domain)))
        held = self.env["res.partner"]._debt_credit_held_debtors()
        self.assertIn(self.debtor, held[self.env.company])

    def test_storekeeper_and_clerk_cannot_release(self):
        self._validate()
        for user in (self.storekeeper, self.clerk, self.salesperson):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.picking.with_user(user).action_debt_credit_release()
                with self.assertRaises(AccessError):
                    self.picking.with_user(user)._debt_credit_release("urgent")
        self._validate()  # trying again changes nothing
        self.assertNotEqual(self.picking.state, "done")

    def test_manager_releases_the_delivery(self):
        self._validate()
        wizard = (
            self.env["debt.credit.release.wizard"]
            .with_user(self.manager)
            .create({"picking_id": self.picking.id, "reason": "Goods reserved for a key account"})
        )
        self.assertIn("Credit limit exceeded", wizard.note)
        wizard.action_release()
        self.assertEqual(self.picking.state, "done")
        self.assertFalse(self.picking.debt_credit_hold)
        release = self.env["debt.credit.release"].search([("picking_id", "=", self.picking.id)])
        self.assertEqual(release.user_id, self.manager)
        contact = self.env["debt.contact"].search([("partner_id", "=", self.debtor.id)])
        self.assertIn(self.picking.name, contact.summary)
        self.assertIn("key account", contact.note)

    def test_a_released_order_delivers(self):
        order = self._quotation(100.0)
        order.action_confirm()
        self.assertTrue(order.debt_credit_hold)
        self.env["debt.credit.release.wizard"].with_user(self.manager).create(
            {"order_id": order.id, "reason": "Agreed"}
        ).action_release()
        self.assertEqual(order.state, "sale")
        picking = order.picking_ids.with_user(self.storekeeper)
        picking.move_ids.quantity = 1.0
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self._validate()  # the other order's delivery is not covered
        self.assertTrue(self.picking.debt_credit_hold)

    def test_paying_lifts_the_hold(self):
        self._validate()
        self._pay(self.invoice, 800.0)
        self.env.cr.precommit.run()
        self.assertFalse(self.picking.debt_credit_hold)
        self.assertIn("lifted", self.picking.message_ids[0].body)
        self._validate()
        self.assertEqual(self.picking.state, "done")

    def test_incoming_and_unblocked_deliveries_are_untouched(self):
        self.debtor.with_company(self.env.company).credit_limit = 5000.0
        self._validate()
        self.assertEqual(self.picking.state, "done")
        self.assertFalse(self.picking.debt_credit_note)

    def test_a_warn_only_rule_validates_with_a_note(self):
        self.env["debt.credit.rule"].search([]).action = "warn"
        self._rule("insolvent", action="warn")
        self.debtor.debt_insolvent = True
        self._validate()
        self.assertEqual(self.picking.state, "done")
        self.assertFalse(self.picking.debt_credit_hold)
        self.assertIn("Warning: Credit limit exceeded", self.picking.debt_credit_note)
        self.assertIn("Warning: The debtor is insolvent.", self.picking.debt_credit_note)

    def test_storekeeper_cannot_clear_the_hold(self):
        self._validate()
        with self.assertRaises(AccessError):
            self.picking.with_user(self.storekeeper).write({"debt_credit_hold": False})
        self.assertTrue(self.picking.debt_credit_hold)

    def test_forms_and_list_open(self):
        self._validate()
        for user in (self.storekeeper, self.manager):
            with self.subTest(user=user.login):
                picking = Form(self.picking.with_user(user))
                self.assertTrue(picking.debt_credit_hold)
                self.assertIn("Credit limit exceeded", picking.debt_credit_note)
        self.env["stock.picking"].with_user(self.manager).get_views(
            [(self.env.ref("debt_recovery_stock.view_picking_debt_credit_hold_list").id, "list")]
        )
        wizard = Form(
            self.env["debt.credit.release.wizard"]
            .with_user(self.manager)
            .with_context(default_picking_id=self.picking.id)
        )
        self.assertIn("Credit limit exceeded", wizard.note)
        menus = self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids()
        menu = self.env.ref("debt_recovery_stock.menu_debt_credit_hold_pickings")
        self.assertIn(menu.id, menus)
