"""Issue 15, the agency exchange: what leaves the company, who may drive a
placement, and a status exchange that books every event once."""

import base64
import json
from datetime import timedelta
from email import message_from_bytes, policy

from lxml import etree
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .test_placement import AgencyServer, PlacementCommon

HEADER = "placement,status,date,amount_collected,commission,currency,note\n"


@tagged("post_install", "-at_install")
class TestPackageContents(PlacementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Creditor Inc"})

    def _mails(self, files):
        return [
            message_from_bytes(content, policy=policy.default)
            for name, content in files.items()
            if name.startswith("mail/")
        ]

    def test_package_holds_only_this_company_documents(self):
        """Finding 1: a debtor shared with another company; nothing of that
        company reaches this company's agency."""
        self.agency.package_scope = "debtor"
        Attachment = self.env["ir.attachment"].sudo()
        for name, company in (("Statement of B.pdf", self.other_company), ("Ours.pdf", None)):
            Attachment.create(
                {
                    "name": name,
                    "raw": b"%PDF " + name.encode(),
                    "res_model": "res.partner",
                    "res_id": self.debtor.id,
                    "company_id": (company or self.env.company).id,
                }
            )
        self.debtor.sudo().with_company(self.other_company).message_post(
            body="Collection letter of B",
            subject="Letter of B",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.debtor.message_post(
            body="Our reminder",
            subject="Our reminder",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.env["debt.contact"].sudo().create(
            {
                "partner_id": self.debtor.id,
                "company_id": self.other_company.id,
                "channel": "phone",
                "outcome": "answered",
                "summary": "B called the debtor",
            }
        )
        files = self._files()
        self.assertIn("documents/Ours.pdf", files)
        self.assertNotIn("documents/Statement_of_B.pdf", files)
        self.assertNotIn(b"Statement of B", b"".join(files.values()))
        subjects = [mail["Subject"] for mail in self._mails(files)]
        self.assertIn("Our reminder", subjects)
        self.assertNotIn("Letter of B", subjects)
        manifest = json.loads(files["manifest.json"])
        summaries = [e["summary"] for e in manifest["contact_history"]]
        self.assertIn("Called the accountant", summaries)
        self.assertNotIn("B called the debtor", summaries)

    def test_agency_gets_only_what_concerns_the_placed_invoices(self):
        """Finding 13: by default the documents, letters and contacts of the
        placed invoices; internal notes only when the agency's box is ticked."""
        unplaced = self._overdue_invoice(40, amount=80.0)
        self.env["debt.contact"].create(
            {
                "partner_id": self.debtor.id,
                "channel": "phone",
                "outcome": "answered",
                "summary": "About the unplaced invoice",
                "move_ids": [(6, 0, unplaced.ids)],
            }
        )
        self.env["ir.attachment"].create(
            {
                "name": "Unrelated.pdf",
                "raw": b"%PDF x",
                "res_model": "res.partner",
                "res_id": self.debtor.id,
            }
        )
        self.debtor.message_post(
            body="A mail about nothing placed",
            subject="Unrelated",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.debtor.debt_note = "<p>Internal: the owner is ill</p>"
        self.placement.note = "<p>Internal: go easy</p>"
        files = self._files()
        manifest = json.loads(files["manifest.json"])
        self.assertEqual(
            [e["summary"] for e in manifest["contact_history"]], ["Called the accountant"]
        )
        self.assertEqual({e["note"] for e in manifest["contact_history"]}, {""})
        self.assertNotIn("documents/Unrelated.pdf", files)
        self.assertEqual(self._mails(files), [])
        self.assertNotIn("notes.txt", files)
        self.assertIn("invoices/Delivery_note_signed_.pdf", files)

        self.agency.package_internal_notes = True
        files = self._files()
        self.assertIn(b"the owner is ill", files["notes.txt"])
        self.assertIn(b"go easy", files["notes.txt"])
        self.assertIn(b"HYPERLINK", files["contacts.csv"])

    def test_package_survives_hostile_names_and_text(self):
        """Findings 10, 11, 12: colliding file names, control characters,
        header injection in a subject."""
        self.agency.package_scope = "debtor"
        for name in ("a.pdf", "a.pdf", "a-2.pdf"):
            self.env["ir.attachment"].create(
                {
                    "name": name,
                    "raw": name.encode() + b" " + str(len(name)).encode(),
                    "res_model": "account.move",
                    "res_id": self.first.id,
                }
            )
        self.env["debt.contact"].search(
            [("partner_id", "=", self.debtor.id)]
        ).summary = "Called\x0b the\x00 accountant\x1b"
        self.debtor.message_post(
            body="Pay now",
            subject="Reminder\r\nBcc: spy@evil.example",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        files = self._files()
        self.assertEqual(len([n for n in files if n.startswith("invoices/a")]), 3)
        document = etree.fromstring(files["manifest.xml"])
        self.assertIn("Called the accountant", etree.tostring(document).decode())
        [mail] = self._mails(files)
        self.assertNotIn("Bcc", mail)
        self.assertEqual(mail["Subject"], "Reminder Bcc: spy@evil.example")


@tagged("post_install", "-at_install")
class TestPlacementRights(PlacementCommon):
    def test_clerk_cannot_drive_the_workflow(self):
        """Finding 2: every public action and every state or money field is
        checked on the server, whatever the buttons show."""
        placement = self.placement.with_user(self.clerk)
        with AgencyServer([200]) as server:
            self.agency.endpoint_url = server.url
            for action in (
                "action_deliver",
                "action_close",
                "action_recall",
                "action_build_package",
                "action_download_package",
            ):
                with self.assertRaises(UserError, msg=action):  # AccessError is one
                    getattr(placement, action)()
        self.assertEqual(server.requests, [])
        self.assertEqual(self.placement.state, "draft")
        for values in (
            {"state": "sent"},
            {"amount_recovered": 1e6},
            {"delivery_state": "delivered"},
            {"package_sha256": "0" * 64},
            {"agency_status": "closed"},
            {"date_closed": self.today},
            {"date_acknowledged": self.today},
        ):
            with self.assertRaises(AccessError, msg=values):
                placement.write(values)
        Placement = self.env["debt.placement"].with_user(self.clerk)
        with self.assertRaises(AccessError):
            Placement.create(
                {"agency_id": self.agency.id, "partner_id": self.debtor.id, "state": "sent"}
            )
        draft = Placement.create({"agency_id": self.agency.id, "partner_id": self.debtor.id})
        self.assertEqual(draft.state, "draft")  # clerks propose drafts
        draft.note = "<p>Proposed by the clerk</p>"

    def test_clerk_cannot_change_a_handed_over_placement(self):
        self.placement.action_mark_sent()
        with self.assertRaises(AccessError):
            self.placement.with_user(self.clerk).write({"move_ids": [(5,)]})
        self.placement.with_user(self.clerk).action_download_package()  # may download

    def test_clerk_hands_over_where_no_approval_is_needed(self):
        """The workflow, not the clerk, writes the state: allowed where the agency
        stage needs no approval, and then only from a draft."""
        self.placement._agency_stage().requires_approval = False
        self.placement.with_user(self.clerk).action_mark_sent()
        self.assertEqual(self.placement.state, "sent")
        with self.assertRaisesRegex(UserError, "Only a draft is handed over"):
            self.placement.with_user(self.clerk).action_mark_sent()

    def test_ledger_is_per_company(self):
        self.placement.action_mark_sent()
        self._import(HEADER + f"{self.placement.name},acknowledged,{self.today},,,,\n")
        other = self.env["res.company"].create({"name": "Other Creditor Inc"})
        outsider = new_test_user(
            self.env,
            login="dr_outsider",
            groups="debt_recovery.group_debt_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertTrue(self.env["debt.placement.event"].search([]))
        self.assertFalse(self.env["debt.placement.event"].with_user(outsider).search([]))
        self.assertFalse(self.env["debt.agency.status.file"].with_user(outsider).search([]))
        with self.assertRaises(AccessError):
            self.placement.event_ids.with_user(self.manager).write({"amount": 1.0})

    def test_manager_actions_check_the_state(self):
        manager = self.placement.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "handed over"):
            manager.action_deliver()
        with self.assertRaisesRegex(UserError, "handed over"):
            manager.action_build_package()
        with self.assertRaisesRegex(UserError, "cannot be closed"):
            manager.action_close()
        manager.action_mark_sent()
        with self.assertRaisesRegex(UserError, "draft"):
            manager.action_mark_sent()
        manager.action_recall()
        self.assertEqual(self.placement.state, "recalled")
        with self.assertRaisesRegex(UserError, "cannot be recalled"):
            manager.action_recall()
        with self.assertRaisesRegex(UserError, "cannot be closed"):
            manager.action_close()


@tagged("post_install", "-at_install")
class TestPlacementRpc(PlacementCommon, HttpCase):
    def _call(self, method, args, kwargs=None):
        response = self.url_open(
            f"/web/dataset/call_kw/debt.placement/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "debt.placement",
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_clerk_cannot_deliver_or_write_state_over_rpc(self):
        self.authenticate("dr_clerk", "dr_clerk")
        with AgencyServer([200]) as server:
            self.agency.endpoint_url = server.url
            reply = self._call("action_deliver", [self.placement.ids])
        self.assertIn("AccessError", reply["error"]["data"]["name"])
        self.assertEqual(server.requests, [])
        for values in ({"state": "sent"}, {"amount_recovered": 999.0}):
            reply = self._call("write", [self.placement.ids, values])
            self.assertIn("AccessError", reply["error"]["data"]["name"])
        reply = self._call("read", [self.placement.ids, ["state"]])
        self.assertEqual(reply["result"][0]["state"], "draft")

    def test_no_package_of_a_draft_over_http(self):
        theirs = self.placement.copy()
        self.authenticate("dr_clerk", "dr_clerk")
        ids = ",".join(map(str, (self.placement + theirs).ids))
        response = self.url_open(f"/debt_recovery/placements/package?ids={ids}")
        self.assertNotEqual(response.headers.get("Content-Type"), "application/zip")
        self.placement.action_mark_sent()
        theirs.move_ids = self._overdue_invoice(100, amount=70.0)
        theirs.action_mark_sent()
        response = self.url_open(f"/debt_recovery/placements/package?ids={ids}")
        self.assertEqual(response.headers.get("Content-Type"), "application/zip")


@tagged("post_install", "-at_install")
class TestDelivery(PlacementCommon):
    def test_endpoint_is_parsed_not_prefix_matched(self):
        """Finding 4."""
        self.placement.action_mark_sent()
        for url in (
            "http://127.0.0.1.attacker.example/x",
            "http://localhost@attacker.example/x",
            "https://attacker.example/x",
        ):
            self.agency.endpoint_url = url
            with self.assertRaisesRegex(UserError, "endpoint", msg=url):
                self.placement.action_deliver()
        self.agency.endpoint_host = "agency.example"
        self.agency.endpoint_url = "https://agency.example@attacker.example/x"
        with self.assertRaisesRegex(UserError, "user name"):
            self.placement.action_deliver()

    def test_redirect_is_a_failed_delivery(self):
        """Findings 5, 6: a 3xx is not followed and the package is not delivered."""
        self.placement.action_mark_sent()
        with AgencyServer([307, 200]) as server:
            self.agency.endpoint_url = server.url
            self.assertFalse(self.placement._deliver(sleep=lambda s: None))
        self.assertEqual(len(server.requests), 1)
        self.assertEqual(self.placement.delivery_state, "failed")
        self.assertIn("307", self.placement.delivery_error)
        self.assertIn("redirect", self.placement.delivery_error)


@tagged("post_install", "-at_install")
class TestStatusLedger(PlacementCommon):
    def _payment_line(self, amount="250.00", currency=None, day=None, note="By transfer"):
        currency = currency or self.env.company.currency_id.name
        day = day or self.today - timedelta(days=1)
        return f"{self.placement.name},payment,{day},{amount},,{currency},{note}\n"

    def _payments(self):
        return self.env["account.payment"].search([("memo", "like", self.placement.name)])

    def test_same_file_twice_books_once(self):
        """Finding 3: re-importing a file changes nothing, and says so."""
        self.placement.action_mark_sent()
        content = HEADER + self._payment_line()
        self._import(content)
        action = self._import(content)
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("already imported", action["params"]["message"])
        self.assertEqual(self.placement.amount_recovered, 250.0)
        self.assertEqual(self.placement.commission_amount, 37.5)
        self.assertEqual(len(self._payments()), 1)
        self.assertEqual(len(self.placement.event_ids), 1)
        status_file = self.placement.event_ids.status_file_id
        self.assertEqual(len(status_file.sha256), 64)

    def test_duplicated_line_is_refused(self):
        self.placement.action_mark_sent()
        with self.assertRaisesRegex(UserError, "Line 3: the same event as line 2"):
            self._import(HEADER + self._payment_line() + self._payment_line())
        self.assertEqual(self.placement.amount_recovered, 0.0)
        self.assertFalse(self._payments())

    def test_an_event_another_file_brings_again_is_applied_once(self):
        self.placement.action_mark_sent()
        day = self.today - timedelta(days=2)
        self._import(
            HEADER + f"{self.placement.name},acknowledged,{day},,,,\n" + self._payment_line()
        )
        self._import(
            HEADER
            + self._payment_line(note="resent")
            + self._payment_line(amount="100.00", day=self.today)
        )
        self.assertEqual(self.placement.amount_recovered, 350.0)
        self.assertEqual(len(self._payments()), 2)
        self.assertEqual(len(self.placement.event_ids), 3)

    def test_ledger_identity_is_unique(self):
        self.placement.action_mark_sent()
        self._import(HEADER + self._payment_line())
        event = self.placement.event_ids
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            event.copy({"status_file_id": False, "payment_id": False})

    def test_reports_apply_only_where_the_agency_works(self):
        """Finding 6: a draft or a recalled placement is not reopened by a report."""
        with self.assertRaisesRegex(UserError, "cannot apply to a draft placement"):
            self._import(HEADER + f"{self.placement.name},acknowledged,{self.today},,,,\n")
        self.assertEqual(self.placement.state, "draft")
        self.placement.action_mark_sent()
        self.placement.action_recall()
        with self.assertRaisesRegex(UserError, "cannot apply to a recalled placement"):
            self._import(HEADER + self._payment_line())
        self.assertEqual((self.placement.state, self.placement.amount_recovered), ("recalled", 0))

    def test_currency_is_checked_and_converted(self):
        """Finding 7."""
        self.placement.action_mark_sent()
        with self.assertRaisesRegex(UserError, "currency 'XYZ'"):
            self._import(HEADER + self._payment_line(currency="XYZ"))
        inactive = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("active", "=", False)], limit=1)
        )
        with self.assertRaisesRegex(UserError, f"currency '{inactive.name}'"):
            self._import(HEADER + self._payment_line(currency=inactive.name))
        other = self.setup_other_currency("CHF", rates=[("2000-01-01", 2.0)])
        self._import(HEADER + self._payment_line(amount="100.00", currency=other.name))
        self.assertEqual(self.placement.amount_recovered, 50.0)  # 100 CHF at 2 per unit
        payment = self._payments()
        self.assertEqual((payment.amount, payment.currency_id), (100.0, other))

    def test_amounts_are_bounded_by_what_is_open(self):
        """Finding 8: never more than open, never non-finite, never a crash."""
        self.placement.action_mark_sent()
        for amount in ("1e20", "1e400", "NaN", "1800.01"):
            with self.assertRaises(UserError, msg=amount):
                self._import(HEADER + self._payment_line(amount=amount))
        self.assertEqual(self.placement.amount_recovered, 0.0)
        self._import(HEADER + self._payment_line(amount="1800.00"))
        self.assertEqual((self.placement.state, self.placement.amount_recovered), ("settled", 1800))

    def test_malformed_json_is_refused_not_a_crash(self):
        """Finding 9."""
        self.placement.action_mark_sent()
        nested = '{"events": [' + "[" * 50000 + "]" * 50000 + "]}"
        with self.assertRaisesRegex(UserError, "nested too deeply"):
            self._import(nested, "status.json")
        event = {
            "placement": self.placement.name,
            "status": "payment",
            "date": str(self.today),
            "currency": self.env.company.currency_id.name,
        }
        text = json.dumps({"events": [event]})[:-3] + ', "amount_collected": NaN}]}'
        with self.assertRaisesRegex(UserError, "Line 1"):
            self._import(text, "status.json")

    def test_payment_file_needs_the_import_right(self):
        wizard = self.env["debt.placement.import"].with_user(self.clerk)
        with self.assertRaises(AccessError):
            wizard.create(
                {
                    "agency_id": self.agency.id,
                    "file": base64.b64encode((HEADER + self._payment_line()).encode()),
                    "filename": "s.csv",
                }
            )
