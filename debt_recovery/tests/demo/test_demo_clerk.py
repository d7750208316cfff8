"""The demo as its clerk uses it (on the demo database, like test_demo_kpis)."""

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoClerk(TransactionCase):
    def test_the_collector_posts_a_charge_invoice(self):
        """The demo companies' bank accounts are trusted: the collector's
        charge invoice of interest and fees can be posted (Odoo refused it:
        "The bank account of your company is not trusted")."""
        companies = self.env.ref("debt_recovery.company_eu_demo") | self.env.ref(
            "debt_recovery.company_uk_demo"
        )
        banks = companies.partner_id.bank_ids
        self.assertEqual(len(banks), 2)
        self.assertTrue(all(banks.mapped("allow_out_payment")))
        collector = self.env["res.users"].search([("login", "=", "collector")])
        eu = companies[0]
        Move = self.env["account.move"].with_user(collector).with_company(eu)
        overdue = Move.search(
            [
                ("company_id", "=", eu.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("amount_residual", ">", 0),
                ("debt_days_overdue", ">", 20),
                ("debt_hold_reason", "=", False),
            ]
        )
        for invoice in overdue:
            try:
                action = invoice.action_debt_invoice_interest()
            except UserError:
                continue  # nothing due on this one (an excluded debtor, no fee)
            charge = Move.search(action["domain"])
            charge.action_post()
            self.assertEqual(charge.state, "posted")
            return
        self.fail(f"none of {len(overdue)} overdue invoices could be charged")
