from datetime import timedelta

from lxml import etree

from odoo import Command
from odoo.tests import tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestDisplay(DebtRecoveryCommon):
    """Numbers that are not defined show empty; Settings has a Collections entry."""

    def test_kept_rate_unknown_without_a_decided_promise(self):
        invoice = self._overdue_invoice(10, amount=300.0)
        promise = self.env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(invoice.ids)],
                "amount": 300.0,
                "promised_date": self.today + timedelta(days=3),
            }
        )
        self.assertEqual(self.debtor.debt_promise_count, 1)
        self.assertFalse(self.debtor.debt_promise_kept_known)  # open: nothing decided
        promise.sudo().write({"state": "broken", "promised_date": self.today})
        self.debtor.invalidate_recordset(["debt_promise_kept_known", "debt_promise_kept_rate"])
        self.assertTrue(self.debtor.debt_promise_kept_known)
        self.assertEqual(self.debtor.debt_promise_kept_rate, 0)

    def test_collections_in_the_settings_sidebar(self):
        self.manager.group_ids += self.env.ref("base.group_system")  # Settings are admins'
        settings = self.env["res.config.settings"].with_user(self.manager)
        arch = settings.get_view(view_type="form")
        tree = etree.fromstring(arch["arch"])
        [app] = tree.xpath("//app[@name='debt_recovery']")
        self.assertEqual(app.get("string"), "Collections")
        self.assertTrue(app.xpath(".//field[@name='debt_jurisdiction'][contains(@class, 'w-100')]"))
        action = self.env.ref("debt_recovery.action_debt_settings")
        self.assertIn("'module': 'debt_recovery'", action.context)
