from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import DebtCreditCommon


@tagged("post_install", "-at_install")
class TestCreditReleaseOverRpc(DebtCreditCommon, HttpCase):
    """The browser bypassed: over JSON-RPC, a collections clerk (also a salesperson)
    cannot release a held order, clear its hold, or release it by a private call."""

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_clerk_cannot_release_over_json_rpc(self):
        self._overdue_invoice(40, amount=800.0)
        self.debtor.with_company(self.env.company).credit_limit = 1000.0
        self._rule("credit_limit")
        order = self._quotation(300.0)
        order.action_confirm()
        self.assertTrue(order.debt_credit_hold)
        self.authenticate("dr_clerk", "dr_clerk")
        refused = [
            ("sale.order", "action_debt_credit_release", [order.ids]),
            ("sale.order", "write", [order.ids, {"debt_credit_hold": False}]),
            ("sale.order", "write", [order.ids, {"debt_credit_prepayment": True}]),
            (
                "debt.credit.release.wizard",
                "create",
                [{"order_id": order.id, "reason": "Trust me"}],
            ),
            (
                "debt.credit.release",
                "create",
                [{"partner_id": self.debtor.id, "order_id": order.id, "reason": "Trust me"}],
            ),
        ]
        for model, method, args in refused:
            with (
                self.subTest(call=f"{model}.{method}"),
                self.assertRaisesRegex(JsonRpcException, "AccessError"),
            ):
                self._call(model, method, args)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):  # private: not callable
            self._call("sale.order", "_debt_credit_release", [order.ids, "Trust me"])
        self._call("sale.order", "action_confirm", [order.ids])  # the rules decide again
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.debt_credit_hold)
        self.assertFalse(self.env["debt.credit.release"].search([]))
