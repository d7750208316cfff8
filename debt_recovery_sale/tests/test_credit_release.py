from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DebtCreditCommon


@tagged("post_install", "-at_install")
class TestCreditRelease(DebtCreditCommon):
    """A held order goes on by a manager's release, a prepayment, the debtor's
    payments or the daily run; never by a salesperson's or a clerk's hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._overdue_invoice(40, amount=800.0)
        cls.debtor.with_company(cls.env.company).credit_limit = 1000.0
        cls._rule("credit_limit")
        cls.order = cls._quotation(300.0)
        cls.order.action_confirm()

    def _release(self, user, **values):
        wizard = (
            self.env["debt.credit.release.wizard"]
            .with_user(user)
            .create({"order_id": self.order.id, "reason": "Paid by bank wire", **values})
        )
        return wizard.action_release()

    def _contacts(self):
        return self.env["debt.contact"].search([("partner_id", "=", self.debtor.id)])

    def test_held(self):
        self.assertTrue(self.order.debt_credit_hold)
        self.assertEqual(self.order.state, "draft")

    def test_manager_releases_and_it_is_logged(self):
        self.order.with_user(self.manager).action_debt_credit_release()  # the wizard opens
        self._release(self.manager)
        self.assertEqual(self.order.state, "sale")
        self.assertFalse(self.order.debt_credit_hold)
        release = self.order.debt_credit_release_id
        self.assertEqual(release.user_id, self.manager)
        self.assertFalse(release.debtor_wide)
        self.assertIn("Released by", self.order.debt_credit_note)
        bodies = " ".join(self.order.message_ids.mapped("body"))
        self.assertIn("released by dr_manager", bodies.replace("Dr_manager", "dr_manager"))
        self.assertIn("Paid by bank wire", bodies)
        contact = self._contacts()
        self.assertEqual(len(contact), 1)
        self.assertIn(self.order.name, contact.summary)
        self.assertIn("Paid by bank wire", contact.note)
        self.assertEqual((contact.channel, contact.outcome), ("other", "skipped"))
        # the release was for this order only: the next one is held again
        following = self._quotation(100.0)
        following.action_confirm()
        self.assertTrue(following.debt_credit_hold)

    def test_release_up_to_an_amount_lets_more_business_through(self):
        self._release(self.manager, up_to=1500.0)
        self.assertEqual(self.order.state, "sale")  # exposure 1,100
        within = self._quotation(400.0)  # 1,500
        within.action_confirm()
        self.assertEqual(within.state, "sale")
        beyond = self._quotation(0.01)
        beyond.action_confirm()
        self.assertTrue(beyond.debt_credit_hold)

    def test_release_until_a_date(self):
        self._release(self.manager, until=self.today)
        following = self._quotation(5000.0)
        following.action_confirm()
        self.assertEqual(following.state, "sale")
        self.assertIn("Released by", following.debt_credit_note)

    def test_salesperson_and_clerk_cannot_release(self):
        for user in (self.salesperson, self.clerk):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.order.with_user(user).action_debt_credit_release()
                with self.assertRaises(AccessError):
                    self.order.with_user(user)._debt_credit_release("because")
                with self.assertRaises(AccessError):
                    self._release(user)
                with self.assertRaises(AccessError):
                    self.env["debt.credit.release"].with_user(user).create(
                        {"partner_id": self.debtor.id, "order_id": self.order.id, "reason": "x"}
                    )
                # nor by clearing the flag: the rules decide again at confirmation
                self.order.with_user(user).action_confirm()
                self.assertEqual(self.order.state, "draft")
                self.assertTrue(self.order.debt_credit_hold)

    def _pay_online(self, amount):
        method = self.env.ref("payment.payment_method_unknown")
        provider = self.env["payment.provider"].create(
            {
                "name": "Dummy",
                "code": "none",
                "state": "test",
                "payment_method_ids": [
                    Command.set(self.env.ref("payment.payment_method_unknown").ids)
                ],
            }
        )
        tx = self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": method.id,
                "amount": amount,
                "currency_id": self.order.currency_id.id,
                "partner_id": self.debtor.id,
                "reference": f"{self.order.name}-prepay",
                "operation": "online_redirect",
                "sale_order_ids": [Command.set(self.order.ids)],
                "state": "done",
            }
        )
        tx._check_amount_and_confirm_order()  # what the payment post-processing does
        return tx

    def test_prepayment_unblocks(self):
        self.order.with_user(self.salesperson).action_debt_credit_prepayment()
        self.assertTrue(self.order.require_payment)
        self.assertTrue(self.order.debt_credit_prepayment)
        self.assertEqual(self.order._get_prepayment_required_amount(), 300.0)
        self.assertEqual(self.order.state, "draft")
        self._pay_online(300.0)
        self.assertEqual(self.order.state, "sale")
        self.assertFalse(self.order.debt_credit_hold)

    def test_an_order_paid_in_advance_is_never_held(self):
        self._pay_online(300.0)
        self.assertEqual(self.order.state, "sale")

    def test_paying_the_overdue_invoice_releases_the_held_order(self):
        self._pay(self.invoice, 800.0)
        self.env.cr.precommit.run()
        self.assertEqual(self.order.state, "sale")
        self.assertFalse(self.order.debt_credit_hold)
        self.assertIn("lifted", self._contacts().summary)

    def test_a_partial_payment_that_is_not_enough_keeps_the_hold(self):
        self._pay(self.invoice, 50.0)  # 750 + 300 > 1000
        self.env.cr.precommit.run()
        self.assertEqual(self.order.state, "draft")
        self.assertTrue(self.order.debt_credit_hold)

    def test_daily_run_releases_when_the_debtor_is_back_under_the_rules(self):
        cron = self.env.ref("debt_recovery_sale.ir_cron_debt_credit_release")
        self.assertEqual(cron.code, "model._cron_debt_credit_release()")
        run = self.env["res.partner"].with_user(cron.user_id)._cron_debt_credit_release
        run()
        self.assertEqual(self.order.state, "draft")
        self.debtor.with_company(self.env.company).credit_limit = 2000.0
        run()
        self.assertEqual(self.order.state, "sale")
        self.assertIn("lifted", self._contacts().summary)
