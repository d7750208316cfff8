import base64
import csv
import hashlib
import io
import json
import threading
import zipfile
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import common, tagged
from odoo.tools import file_path

from .common import DebtRecoveryCommon

SECRET = "s3cret-never-logged"


class AgencyServer:
    """A real HTTP endpoint on 127.0.0.1 that answers as told, one reply per request."""

    def __init__(self, replies):
        self.replies = list(replies)  # status codes, or "hang" (answers once released)
        self.requests = []
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append((dict(self.headers), body))
                reply = outer.replies.pop(0) if outer.replies else 200
                if reply == "hang":
                    outer.release.wait(10)
                    reply = 200
                self.send_response(reply)
                if 300 <= reply < 400:
                    self.send_header("Location", outer.url + "/elsewhere")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/placements"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


class PlacementCommon(DebtRecoveryCommon):
    """A debtor with two overdue invoices placed (draft) with an agency."""

    @classmethod
    def _request_handler(cls, session, request, /, **kw):
        """Requests to the test's own server keep their timeout (Odoo's test
        harness raises short timeouts to 10 s): the timeout is what is tested."""
        if request.url.startswith("http://127.0.0.1:"):
            return common._super_send(session, request, **kw)
        return super()._request_handler(session, request, **kw)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        year = cls.today.year
        if not cls.env["debt.interest.rate"].search_count(
            [("source", "=", "ecb"), ("date_to", ">=", date(year, 12, 31))]
        ):
            cls.env["debt.interest.rate"].create(
                {
                    "source": "ecb",
                    "date_from": date(2026, 1, 1),
                    "date_to": date(year + 1, 12, 31),
                    "rate": 2.15,
                }
            )
        cls.env["res.partner.bank"].create(
            {
                "partner_id": cls.env.company.partner_id.id,
                "acc_number": "BE71096123456769",
                "allow_out_payment": True,
            }
        )
        cls.debtor.write({"street": "1 Main Street", "city": "Springfield", "vat": "BE0477472701"})
        cls.env["res.partner"].create(
            {"name": "Ann Payables", "parent_id": cls.debtor.id, "email": "ann@slowpay.example"}
        )
        cls.env["res.partner"].create(
            {"name": "Do Not Call", "parent_id": cls.debtor.id, "debt_do_not_contact": True}
        )
        cls.first = cls._overdue_invoice(120, amount=1500.0)
        cls.second = cls._overdue_invoice(95, amount=500.0)
        cls._pay(cls.second, 200.0)
        cls.env["ir.attachment"].create(
            {
                "name": "Delivery note (signed).pdf",
                "raw": b"%PDF-1.4 note",
                "res_model": "account.move",
                "res_id": cls.first.id,
            }
        )
        cls.env["debt.contact"].create(
            {
                "partner_id": cls.debtor.id,
                "channel": "phone",
                "outcome": "answered",
                "summary": "Called the accountant",
                "note": '=HYPERLINK("http://evil.example","click")',
                "move_ids": [(6, 0, cls.first.ids)],
            }
        )
        cls.env["debt.escalation"]._run(cls.env.company)
        cls.agency = cls.env["debt.agency"].create(
            {
                "name": "Recover & Co",
                "commission_rate": 15.0,
                "sla_first_contact_days": 5,
                "sla_report_days": 30,
                "endpoint_username": "creditor",
                "endpoint_secret": SECRET,
            }
        )
        cls.placement = cls.env["debt.placement"].create(
            {
                "agency_id": cls.agency.id,
                "partner_id": cls.debtor.id,
                "move_ids": [(6, 0, (cls.first + cls.second).ids)],
            }
        )

    def _files(self, placement=None):
        """The package's files; built by the private builder, so that a draft's
        package can be inspected (the public action wants a handed-over one)."""
        placement = placement or self.placement
        placement._build_package()
        archive = zipfile.ZipFile(io.BytesIO(placement.package_id.raw))
        return {name: archive.read(name) for name in archive.namelist()}

    def _import(self, content, filename="status.csv"):
        wizard = self.env["debt.placement.import"].create(
            {
                "agency_id": self.agency.id,
                "file": base64.b64encode(content.encode()),
                "filename": filename,
            }
        )
        return wizard.action_import()


@tagged("post_install", "-at_install")
class TestPlacement(PlacementCommon):
    # --- hand-over ---

    def test_hand_over(self):
        with self.assertRaisesRegex(UserError, "Manager approves"):
            self.placement.with_user(self.clerk).action_mark_sent()
        self.placement.action_mark_sent()
        self.assertEqual(self.placement.state, "sent")
        self.assertEqual(set((self.first + self.second).debt_stage_id.mapped("phase")), {"agency"})
        self.assertEqual(self.first.debt_item_id.stage_reason, "placement")
        self.assertEqual(self.first.debt_hold_reason, "placement")  # out of the reminders
        notice = self.env["debt.contact"].search(
            [("partner_id", "=", self.debtor.id), ("channel", "=", "letter")]
        )
        self.assertIn("Recover & Co", notice.summary)
        self.assertEqual(len(notice.message_id.attachment_ids), 1)
        self.assertTrue(self.placement.package_id)

    # --- package ---

    def test_package_claim_is_the_claim_of_the_hand_over(self):
        """The manifest claims what the notice of hand-over claims: a disputed
        amount is not in it, and the total is ``_debt_claim``'s to the cent."""
        self.env.company.debt_dispute_hold = "disputed_amount"
        self.env["debt.dispute"].create(
            {"move_id": self.first.id, "reason": "quality", "amount": 100.0}
        )
        manifest = json.loads(self._files()["manifest.json"])
        day = self.placement.date_placed or self.today
        claim = self.debtor._debt_claim(
            self.env.company, day, "handover", moves=self.placement.move_ids
        )[self.first.currency_id]
        self.assertEqual(manifest["claim"]["total"], f"{claim.total:.2f}")
        self.assertEqual(manifest["claim"]["principal"], "1700.00")
        self.assertEqual(manifest["claim"]["interest"], f"{claim.interest:.2f}")

    def test_package_lists_and_checks_every_file(self):
        files = self._files()
        manifest = json.loads(files["manifest.json"])
        self.assertEqual(sorted(manifest["files"]), sorted(set(files) - {"SHA256SUMS"}))
        sums = dict(
            reversed(line.split("  ")) for line in files["SHA256SUMS"].decode().splitlines()
        )
        self.assertEqual(set(sums), set(files) - {"SHA256SUMS"})
        for name, digest in sums.items():
            self.assertEqual(hashlib.sha256(files[name]).hexdigest(), digest, name)
        self.assertIn("invoices/Delivery_note_signed_.pdf", files)
        for invoice in self.first + self.second:  # a copy of each invoice
            self.assertIn(f"pdf/{invoice.name.replace('/', '_')}.pdf", files)
        self.assertEqual(
            [p["invoice"] for p in manifest["payments"]], [self.second.name]
        )  # the history is in the manifest too
        self.assertEqual(
            [e["summary"] for e in manifest["contact_history"]], ["Called the accountant"]
        )
        self.assertEqual(manifest["debtor"]["vat"], "BE0477472701")
        self.assertEqual(
            [c["name"] for c in manifest["debtor"]["contacts"]], ["Ann Payables"]
        )  # never a do-not-contact person
        self.assertEqual(manifest["claim"]["principal"], "1800.00")
        self.assertGreater(float(manifest["claim"]["interest"]), 0)
        self.assertNotIn(SECRET.encode(), b"".join(files.values()))
        rows = list(csv.DictReader(io.StringIO(files["invoices.csv"].decode())))
        self.assertEqual(
            [(r["number"], r["amount_open"]) for r in rows],
            [(self.first.name, "1500.00"), (self.second.name, "300.00")],
        )
        payments = list(csv.DictReader(io.StringIO(files["payments.csv"].decode())))
        self.assertEqual(
            [(p["invoice"], p["amount"], p["kind"]) for p in payments],
            [(self.second.name, "200.00", "payment")],
        )

    def test_manifest_xml_is_valid(self):
        files = self._files()
        schema = etree.XMLSchema(
            etree.parse(file_path("debt_recovery/data/schemas/placement_package.xsd"))
        )
        document = etree.fromstring(files["manifest.xml"])
        self.assertTrue(schema.validate(document), schema.error_log)

    def test_formula_injection_is_neutralized(self):
        self.agency.package_internal_notes = True  # the note column goes out
        contacts = self._files()["contacts.csv"].decode()
        self.assertIn("'=HYPERLINK(", contacts)
        self.assertNotIn(',"=HYPERLINK(', contacts)

    def test_same_data_same_bytes(self):
        first = self._files()
        package, digest = self.placement.package_id, self.placement.package_sha256
        self.placement._build_package()
        self.assertEqual(
            (self.placement.package_id, self.placement.package_sha256), (package, digest)
        )
        self.assertEqual(self._files(), first)
        self._pay(self.first, 100.0)  # new data: a new package
        self.placement._build_package()
        self.assertNotEqual(self.placement.package_sha256, digest)

    def test_one_zip_for_several_placements(self):
        other = self.env["res.partner"].create({"name": "Other Debtor", "is_company": True})
        theirs = self.env["debt.placement"].create(
            {
                "agency_id": self.agency.id,
                "partner_id": other.id,
                "move_ids": [(6, 0, self._overdue_invoice(100, partner=other).ids)],
            }
        )
        both = self.placement + theirs
        both.action_mark_sent()  # packages leave the company once handed over
        self.assertIn(
            "/debt_recovery/placements/package?ids=", both.action_download_package()["url"]
        )
        archive = zipfile.ZipFile(io.BytesIO(both._batch_package()))
        files = {name: archive.read(name) for name in archive.namelist()}
        folders = {name.split("/")[0] for name in files if "/" in name}
        self.assertEqual(folders, {p.name.replace("/", "_") for p in both})
        lines = files["SHA256SUMS"].decode().splitlines()
        self.assertEqual(len(lines), len(files) - 1)
        for line in lines:
            digest, name = line.split("  ")
            self.assertEqual(hashlib.sha256(files[name]).hexdigest(), digest)
        self.assertEqual(both._batch_package(), both._batch_package())

    # --- delivery against a real HTTP server ---

    def _deliver(self, server, **kwargs):
        self.agency.endpoint_url = server.url
        return self.placement._deliver(sleep=lambda seconds: None, **kwargs)

    def test_delivery_success(self):
        with AgencyServer([200]) as server:
            self.assertTrue(self._deliver(server))
        [(headers, body)] = server.requests
        self.assertEqual(body, self.placement.package_id.raw)
        self.assertEqual(
            headers["Idempotency-Key"], f"{self.placement.name}:{self.placement.package_sha256}"
        )
        self.assertEqual(
            headers["Authorization"],
            "Basic " + base64.b64encode(f"creditor:{SECRET}".encode()).decode(),
        )
        self.assertEqual(self.placement.delivery_state, "delivered")
        self.assertNotIn(SECRET, "".join(self.placement.message_ids.mapped("body")))

    def test_delivery_500_then_success(self):
        with AgencyServer([500, 200]) as server:
            self.assertTrue(self._deliver(server))
        self.assertEqual(len(server.requests), 2)
        keys = {headers["Idempotency-Key"] for headers, _body in server.requests}
        self.assertEqual(len(keys), 1)  # the agency sees one delivery, twice
        self.assertEqual(self.placement.delivery_state, "delivered")

    def test_delivery_timeout_is_retried_by_the_cron(self):
        self.placement.action_mark_sent()  # the cron retries handed-over placements only
        with AgencyServer(["hang", "hang", "hang"]) as server:
            self.assertFalse(self._deliver(server, timeout=0.3))
            server.release.set()
        self.assertEqual(self.placement.delivery_state, "failed")
        self.assertIn("unreachable", self.placement.delivery_error)
        self.assertNotIn(SECRET, self.placement.delivery_error)
        self.assertGreater(self.placement.delivery_next_try, self.placement.write_date)
        Placement = self.env["debt.placement"]
        self.assertFalse(Placement._due_deliveries(self.placement.write_date))
        due = Placement._due_deliveries(self.placement.delivery_next_try)
        self.assertEqual(due, self.placement)
        with AgencyServer([200]) as server:
            self.assertTrue(self._deliver(server))
        self.assertEqual(self.placement.delivery_state, "delivered")

    def test_hand_over_without_reference_rate(self):
        """A missing rate does not stop the hand-over; the package waits, and says why."""
        self.env["debt.interest.rate"].search([("date_to", ">=", self.today)]).unlink()
        self.placement.action_mark_sent()
        self.assertEqual((self.placement.state, self.placement.package_id.id), ("sent", False))
        self.assertIn("No ECB main refinancing operations rate", self.placement.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "Reference rates"):
            self.placement.action_download_package()

    def test_delivery_needs_https(self):
        self.agency.endpoint_url = "http://agency.example/upload"
        with self.assertRaisesRegex(UserError, "https"):
            self.placement._deliver()

    # --- status import ---

    def test_status_import(self):
        self.placement.action_mark_sent()
        ref = self.placement.name
        day = self.today - timedelta(days=1)
        action = self._import(
            "placement,status,date,amount_collected,commission,currency,note\n"
            f"{ref},acknowledged,{day},,,,\n"
            f"{ref},payment,{day},250.00,37.50,{self.env.company.currency_id.name},By transfer\n"
        )
        self.assertEqual(self.placement.state, "in_progress")
        self.assertEqual(self.placement.date_acknowledged, day)
        self.assertEqual(self.placement.amount_recovered, 250.0)
        self.assertEqual(self.placement.commission_amount, 37.5)  # 15 % of 250
        payment = self.env["account.payment"].search(action["domain"])
        self.assertEqual(
            (payment.state, payment.amount, payment.partner_id), ("draft", 250.0, self.debtor)
        )

    def test_partly_invalid_file_changes_nothing(self):
        self.placement.action_mark_sent()
        with self.assertRaisesRegex(UserError, r"(?s)Line 3: unknown status 'lost'.*Line 4"):
            self._import(
                "placement,status,date\n"
                f"{self.placement.name},acknowledged,{self.today}\n"
                f"{self.placement.name},lost,{self.today}\n"
                f"NOPE,closed,{self.today}\n"
            )
        self.assertEqual((self.placement.state, self.placement.date_acknowledged), ("sent", False))

    def test_malformed_file(self):
        with self.assertRaisesRegex(UserError, "not valid JSON"):
            self._import('{"events": [', "status.json")

    # --- SLA ---

    def test_late_first_contact_tells_the_manager_once(self):
        self.placement.action_mark_sent()
        self.placement.date_placed = self.today - timedelta(days=6)
        Placement = self.env["debt.placement"]
        Placement._check_sla(self.today)
        self.assertEqual(len(self.placement.activity_ids), 1)
        self.assertIn("late", self.placement.activity_ids.summary)
        Placement._check_sla(self.today + timedelta(days=1))
        self.assertEqual(len(self.placement.activity_ids), 1)

    # --- placing several debtors ---

    def test_place_several_debtors_from_the_worklist(self):
        self.placement.unlink()
        other = self.env["res.partner"].create({"name": "Other Debtor", "is_company": True})
        theirs = self._overdue_invoice(100, amount=700.0, partner=other)
        wizard = (
            self.env["debt.placement.wizard"]
            .with_user(self.clerk)
            .with_context(active_model="res.partner", active_ids=(self.debtor + other).ids)
            .create({"agency_id": self.agency.id})
        )
        action = wizard.action_confirm()
        placements = self.env["debt.placement"].search(action["domain"])
        self.assertEqual(set(placements.mapped("state")), {"draft"})  # for a manager to approve
        by_debtor = {p.partner_id: p.move_ids for p in placements}
        self.assertEqual(by_debtor, {self.debtor: self.first + self.second, other: theirs})

    def test_place_chosen_invoices_at_once(self):
        self.placement.unlink()
        wizard = (
            self.env["debt.placement.wizard"]
            .with_context(active_model="account.move", active_ids=self.first.ids)
            .create({"agency_id": self.agency.id, "hand_over": True})
        )
        placement = self.env["debt.placement"].search(wizard.action_confirm()["domain"])
        self.assertEqual((placement.move_ids, placement.state), (self.first, "sent"))
        with self.assertRaisesRegex(UserError, "Nothing to place"):
            self.env["debt.placement.wizard"].with_context(
                active_model="account.move", active_ids=self.first.ids
            ).create({"agency_id": self.agency.id}).action_confirm()
        clerk_wizard = (
            self.env["debt.placement.wizard"]
            .with_user(self.clerk)
            .with_context(active_model="account.move", active_ids=self.second.ids)
            .create({"agency_id": self.agency.id, "hand_over": True})
        )
        with self.assertRaisesRegex(UserError, "Only a Collections Manager"):
            clerk_wizard.action_confirm()
