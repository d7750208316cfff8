import json

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..core.authority import ACTION_RULES, MANAGER, PROTECTED_FIELDS
from .common import DebtRecoveryCommon

ADDON_MODULE = "odoo.addons.debt_recovery."

# Role x model x operation: the spec, written out. A change to the ACLs that
# does not change this table fails the test. (read, write, create, unlink)
MATRIX = {
    # Invoicing users see an invoice's stage and its history, nothing more.
    "debt.stage": {"clerk": "r---", "manager": "rwcu", "internal": "r---", "portal": "----"},
    "debt.agency": {"clerk": "r---", "manager": "rwcu", "internal": "----", "portal": "----"},
    "debt.placement": {"clerk": "rwc-", "manager": "rwcu", "internal": "----", "portal": "----"},
    "debt.promise": {"clerk": "rwc-", "manager": "rwcu", "internal": "----", "portal": "----"},
    "debt.dispute": {"clerk": "rwc-", "manager": "rwcu", "internal": "----", "portal": "----"},
    "debt.contact": {"clerk": "rwc-", "manager": "rwcu", "internal": "----", "portal": "----"},
    "debt.interest.rate": {
        "clerk": "r---",
        "manager": "rwcu",
        "internal": "----",
        "portal": "----",
    },
    "debt.item": {"clerk": "r---", "manager": "r---", "internal": "r---", "portal": "----"},
    "debt.stage.history": {
        "clerk": "r---",
        "manager": "r---",
        "internal": "r---",
        "portal": "----",
    },
    "debt.overdue.report": {
        "clerk": "r---",
        "manager": "r---",
        "internal": "----",
        "portal": "----",
    },
}
OPERATIONS = ("read", "write", "create", "unlink")


def _public_methods_defined_here(model):
    """Public methods the addon defines (not overrides of a framework method)."""
    classes = type(model).__mro__
    ours = [c for c in classes if c.__module__.startswith(ADDON_MODULE)]
    theirs = [c for c in classes if not c.__module__.startswith(ADDON_MODULE)]
    names = set()
    for cls in ours:
        for name, value in vars(cls).items():
            if name.startswith("_") or not callable(value):
                continue
            if any(name in vars(other) for other in theirs):
                continue  # e.g. create, write, default_get
            names.add(name)
    return names


@tagged("post_install", "-at_install")
class TestAuthority(DebtRecoveryCommon):
    """Every action decides on the server who may run it, and in which state."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.internal = new_test_user(
            cls.env, login="dr_internal", groups="base.group_user,account.group_account_invoice"
        )
        cls.portal = new_test_user(cls.env, login="dr_portal", groups="base.group_portal")

    def test_every_public_method_has_a_rule(self):
        missing = []
        for name in self.env.registry:
            model = self.env[name]
            for method in _public_methods_defined_here(model):
                if method not in ACTION_RULES.get(name, {}):
                    missing.append(f"{name}.{method}")
        self.assertFalse(missing, "public methods without a rule in core.authority")
        self.assertIn(
            "action_debt_approve_stage", _public_methods_defined_here(self.env["account.move"])
        )

    def test_clerk_cannot_run_manager_actions(self):
        allowed = []
        for model, actions in ACTION_RULES.items():
            for action, rule in actions.items():
                if rule.group != MANAGER:
                    continue
                records = self.env[model].with_user(self.clerk).browse()
                try:
                    with self.env.cr.savepoint():
                        getattr(records, action)()
                except AccessError:
                    continue
                except Exception as error:  # noqa: BLE001 - any other outcome is a finding
                    allowed.append(f"{model}.{action}: {type(error).__name__}")
                else:
                    allowed.append(f"{model}.{action}")
        self.assertFalse(allowed, "manager actions a clerk could call")

    def test_plain_user_cannot_run_clerk_actions(self):
        invoice = self._overdue_invoice(20)
        for action in ("action_debt_send_reminder", "action_debt_open_dispute"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                getattr(invoice.with_user(self.internal), action)()

    def test_actions_check_the_state(self):
        invoice = self._overdue_invoice(20)
        dispute = self.env["debt.dispute"].create({"move_id": invoice.id, "amount": 100.0})
        dispute.action_cancel()
        self.assertEqual(dispute.state, "cancelled")
        for action in ("action_cancel", "action_resolve_invalid", "action_resolve_valid"):
            with self.subTest(action=action), self.assertRaisesRegex(UserError, "already closed"):
                getattr(dispute, action)()
        self.assertEqual(dispute.state, "cancelled")

    def test_clerk_cannot_write_protected_fields(self):
        invoice = self._overdue_invoice(20)
        dispute = self.env["debt.dispute"].create({"move_id": invoice.id, "amount": 100.0})
        promise = self.env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(invoice.ids)],
                "amount": 100.0,
                "promised_date": self.today,
            }
        )
        attempts = [
            (dispute, {"state": "valid"}),
            (promise, {"state": "kept"}),
            (promise, {"amount_received": 100.0}),
            (self.debtor, {"debt_segment": "first_time"}),
            # The explanation the clerk reads is worded from these figures.
            (self.debtor, {"debt_segment_json": '{"figures": {}, "reasons": []}'}),
            (self.debtor, {"debt_segment_explanation": "Nothing is owed."}),
            (self.debtor, {"debt_priority": 100}),
        ]
        for record, values in attempts:
            with self.subTest(values=values), self.assertRaises(AccessError):
                record.with_user(self.clerk).write(values)
        with self.assertRaises(AccessError):
            self.env["debt.promise"].with_user(self.clerk).create(
                {
                    "partner_id": self.debtor.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "amount": 100.0,
                    "promised_date": self.today,
                    "state": "kept",
                }
            )
        # A clerk still cancels through the action, which checks and then writes.
        promise.with_user(self.clerk).action_cancel()
        self.assertEqual(promise.state, "cancelled")
        self.assertEqual(promise.write_uid, self.clerk)
        self.assertTrue(set(PROTECTED_FIELDS["debt.dispute"]) <= set(dispute._fields))

    def test_access_matrix(self):
        users = {
            "clerk": self.clerk,
            "manager": self.manager,
            "internal": self.internal,
            "portal": self.portal,
        }
        actual = {}
        for model in MATRIX:
            actual[model] = {}
            for role, user in users.items():
                Model = self.env[model].with_user(user)
                actual[model][role] = "".join(
                    op[0] if Model.has_access(op) else "-" for op in OPERATIONS
                )
        self.assertEqual(actual, MATRIX)


@tagged("post_install", "-at_install")
class TestAuthorityOverRpc(DebtRecoveryCommon, HttpCase):
    """The same refusals when the browser is bypassed: JSON-RPC as the clerk."""

    def _call(self, model, method, args, kwargs=None):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_clerk_over_json_rpc(self):
        invoice = self._overdue_invoice(20)
        other = self._overdue_invoice(10)
        dispute = self.env["debt.dispute"].create({"move_id": invoice.id, "amount": 100.0})
        self.authenticate("dr_clerk", "dr_clerk")
        refused = [
            ("account.move", "action_debt_approve_stage", [invoice.ids]),
            ("account.move", "action_debt_decline_stage", [invoice.ids]),
            ("debt.dispute", "action_resolve_valid", [dispute.ids]),
            ("debt.dispute", "write", [dispute.ids, {"state": "valid"}]),
            ("res.partner", "write", [self.debtor.ids, {"debt_priority": 999}]),
            ("debt.escalation", "action_run_now", []),
            ("account.move", "action_debt_waive_interest", [invoice.ids]),
            (
                "debt.interest.waiver.wizard",
                "create",
                [{"move_id": invoice.id, "reason": "goodwill"}],
            ),
            (
                "debt.interest.charge",
                "create",
                [{"move_id": invoice.id, "kind": "interest", "waived": True, "reason": "x"}],
            ),
            # A ledger row "charged until 2099" would stop the invoice's interest.
            (
                "debt.interest.charge",
                "create",
                [
                    {
                        "move_id": invoice.id,
                        "charge_move_id": other.id,
                        "kind": "interest",
                        "date_to": "2099-12-31",
                        "amount": 0.0,
                    }
                ],
            ),
            ("debt.run.slice", "search_read", [[]]),
        ]
        for model, method, args in refused:
            with self.subTest(call=f"{model}.{method}"):
                answer = self._call(model, method, args)
                self.assertIn("error", answer)
                self.assertEqual(
                    answer["error"]["data"]["name"], "odoo.exceptions.AccessError", answer
                )
        self.assertEqual(dispute.state, "open")
        self.assertFalse(invoice.debt_charge_ids)
        self.assertNotEqual(self.debtor.debt_priority, 999)
        # What the clerk may do goes through.
        answer = self._call("debt.dispute", "action_resolve_invalid", [dispute.ids])
        self.assertNotIn("error", answer)
        dispute.invalidate_recordset()
        self.assertEqual(dispute.state, "invalid")
