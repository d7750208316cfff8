import shutil

from odoo.tests import HttpCase, tagged
from odoo.tests import common as browser_support

from .common import DebtCreditCommon


@tagged("post_install", "-at_install")
class TestCreditHoldTour(DebtCreditCommon, HttpCase):
    """In the browser: a salesperson's confirmation is held and says why; a
    manager releases it from Credit holds with a reason, which is logged."""

    # A browser request waits this long for the test cursor: a loaded CI
    # machine (2 cores) needs more than Odoo's 20 s.
    test_cursor_lock_timeout = 90

    def test_salesperson_is_held_manager_releases(self):
        if not any(shutil.which(b) for b in ("chromium", "google-chrome", "chromium-browser")):
            self.fail("Chromium is needed for the browser tour (tools/system-deps.sh installs it)")
        if browser_support.websocket is None:  # Odoo would skip the tour
            self.fail("The Python package websocket-client is needed for the browser tour")
        self.debtor.name = "Tour Debtor Ltd"
        self._overdue_invoice(40, amount=800.0)
        self.debtor.with_company(self.env.company).credit_limit = 1000.0
        self._rule("credit_limit")
        order = self._quotation(300.0)
        order.user_id = self.salesperson

        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}",
            "debt_recovery_sale_confirm_held",
            login="dr_salesperson",
        )
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.debt_credit_hold)

        self.start_tour(
            "/odoo/action-debt_recovery_sale.action_debt_credit_hold_orders",
            "debt_recovery_sale_release_held",
            login="dr_manager",
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.debt_credit_release_id.user_id, self.manager)
        contact = self.env["debt.contact"].search([("partner_id", "=", self.debtor.id)])
        self.assertEqual(len(contact), 1)
        self.assertIn(order.name, contact.summary)
        self.assertIn("Paid by bank wire this morning", contact.note)
