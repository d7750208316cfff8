"""The day of each role, walked in Chromium. Fixtures are built here (not
taken from the demo) so every run sees the same debtors; a missing browser
fails the test instead of skipping it."""

import importlib.util
import shutil

from odoo.tests import HttpCase, tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestTours(DebtRecoveryCommon, HttpCase):
    # The hand-over (notice letter, package) holds the test cursor for a while:
    # on a loaded machine the browser's other requests waited past Odoo's 20 s.
    test_cursor_lock_timeout = 90

    def setUp(self):
        super().setUp()
        if not any(shutil.which(b) for b in ("chromium", "google-chrome", "chromium-browser")):
            self.fail("Chromium is needed for the browser tours (tools/system-deps.sh installs it)")
        if not importlib.util.find_spec("websocket"):
            self.fail("websocket-client is needed for the browser tours (Odoo skips without it)")

    def test_clerk_morning(self):
        """Worklist → call → promise → reminder preview → demand letter."""
        self._reference_rates("de_base", 2.0)
        self.debtor.write(
            {
                "name": "Morning Debtor Ltd",
                "debt_collector_id": self.clerk.id,
                "debt_jurisdiction": "de_b2b",
                "street": "1 Main Street",
                "city": "Springfield",
            }
        )
        self.env["res.partner.bank"].create(
            {
                "partner_id": self.env.company.partner_id.id,
                "acc_number": "DE89 3704 0044 0532 0130 00",
                "allow_out_payment": True,
            }
        )
        older = self._overdue_invoice(45, amount=1200.0)
        newer = self._overdue_invoice(20, amount=700.0)
        self.env["debt.escalation"]._run(self.env.company)
        self.debtor.activity_schedule(
            "mail.mail_activity_data_call", date_deadline=self.today, user_id=self.clerk.id
        )
        self.env["res.partner"]._debt_refresh_worklist(self.debtor)
        self.start_tour(
            "/odoo/action-debt_recovery.action_debt_worklist",
            "debt_recovery_clerk_morning",
            login="dr_clerk",
        )
        promise = self.env["debt.promise"].search([("partner_id", "=", self.debtor.id)])
        self.assertEqual((promise.state, promise.amount, promise.move_ids), ("open", 700.0, newer))
        self.assertFalse(older.debt_hold_reason)
        letter = self.env["debt.contact"].search(
            [("partner_id", "=", self.debtor.id), ("channel", "=", "letter")]
        )
        self.assertEqual(len(letter), 1)
        self.assertTrue(letter.message_id.attachment_ids)

    def test_customer_disputes_on_the_portal(self):
        """Portal: dispute an invoice, then see the dispute and its status."""
        invoice = self._overdue_invoice(12, amount=800.0)
        contact = self.env["res.partner"].create(
            {"name": "Pat Customer", "parent_id": self.debtor.id, "email": "pat@slowpay.example"}
        )
        self.env["res.users"].create(
            {
                "name": "Pat Customer",
                "login": "dr_tour_customer",
                "password": "dr_tour_customer",
                "partner_id": contact.id,
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.start_tour(
            f"/my/invoices/{invoice.id}", "debt_recovery_customer_dispute", login="dr_tour_customer"
        )
        dispute = self.env["debt.dispute"].search([("move_id", "=", invoice.id)])
        self.assertEqual((dispute.state, dispute.amount), ("open", 150.0))
        self.assertIn("Two pallets", dispute.description)

    def test_customer_pays_all_on_the_portal(self):
        """The pay-all link: what is claimed, paid through Odoo's demo provider;
        the disputed invoice is left open and not asked for."""
        demo = self.env.ref("payment.payment_provider_demo").sudo()
        self.assertEqual(demo.code, "demo", "tools/test.sh installs payment_demo")
        demo.copy({"company_id": self.env.company.id, "state": "test", "is_published": True})
        free = self._overdue_invoice(15, amount=500.0)
        disputed = self._overdue_invoice(25, amount=300.0)
        self.env["debt.dispute"].create(
            {"move_id": disputed.id, "reason": "quality", "amount": 300.0}
        )
        self.start_tour(
            self.debtor._debt_pay_all_path(self.env.company), "debt_recovery_customer_pay_all"
        )
        self.assertTrue(free.currency_id.is_zero(free.amount_residual))
        self.assertIn(free.payment_state, ("paid", "in_payment"))
        self.assertAlmostEqual(disputed.amount_residual, 300.0)

    def test_manager_day(self):
        """Dashboard → approve an escalation → place → package → status import
        (the dashboard's figures are tested in test_dashboard)."""
        self._reference_rates("ecb", 2.0)  # the package claims interest under EU law
        self.debtor.name = "Tour Debtor Ltd"
        self.env["debt.agency"].create({"name": "Tour Agency"})
        invoice = self._overdue_invoice(100, amount=4000.0)
        self.env["debt.escalation"]._run(self.env.company)
        proposed = invoice.debt_proposed_stage_id
        self.assertEqual(proposed.phase, "agency")
        self.start_tour(
            "/odoo/action-debt_recovery.action_debt_dashboard",
            "debt_recovery_manager_day",
            login="dr_manager",
        )
        placement = invoice.debt_placement_id
        self.assertEqual(invoice.debt_stage_id, proposed)
        self.assertEqual(placement.state, "acknowledged")
        self.assertTrue(placement.package_id)
        # The package button downloads it (a download in the tour races its unload check).
        action = placement.with_user(self.manager).action_download_package()
        self.authenticate("dr_manager", "dr_manager")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
