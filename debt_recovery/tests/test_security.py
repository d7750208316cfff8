from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestSecurity(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = cls.env["debt.stage"].search(
            [("company_id", "=", cls.env.company.id), ("code", "=", "REM1")]
        )
        cls.agency = cls.env["debt.agency"].create(
            {
                "name": "Recover & Co",
                "commission_rate": 15,
                "endpoint_url": "https://agency.example/api",
                "endpoint_username": "creditor-42",
                "endpoint_secret": "s3cret",
            }
        )
        cls.invoice = cls._overdue_invoice(20, amount=500.0)
        cls.promise = cls.env["debt.promise"].create(
            {
                "partner_id": cls.debtor.id,
                "move_ids": [Command.set(cls.invoice.ids)],
                "amount": 200.0,
                "promised_date": cls.today,
            }
        )
        cls.dispute = cls.env["debt.dispute"].create(
            {"move_id": cls.invoice.id, "reason": "quality", "amount": 100.0}
        )
        cls.contact = cls.env["debt.contact"].create(
            {
                "partner_id": cls.debtor.id,
                "channel": "phone",
                "outcome": "answered",
                "summary": "Called AP",
            }
        )
        cls.placement = cls.env["debt.placement"].create(
            {
                "agency_id": cls.agency.id,
                "partner_id": cls.debtor.id,
                "move_ids": [Command.set(cls.invoice.ids)],
            }
        )

    def test_clerk_cannot_configure_stages(self):
        stage = self.stage.with_user(self.clerk)
        self.assertEqual(stage.name, "First reminder")  # can read the ladder
        with self.assertRaises(AccessError):
            stage.write({"days_overdue": 3})
        with self.assertRaises(AccessError):
            self.env["debt.stage"].with_user(self.clerk).create(
                {"name": "Mine", "code": "MINE", "days_overdue": 7}
            )
        with self.assertRaises(AccessError):
            stage.unlink()
        self.stage.with_user(self.manager).write({"days_overdue": 3})
        self.assertEqual(self.stage.days_overdue, 3)

    def test_clerk_cannot_read_agency_credentials(self):
        agency = self.agency.with_user(self.clerk)
        self.assertEqual(agency.name, "Recover & Co")
        for field_name in ("endpoint_url", "endpoint_username", "endpoint_secret"):
            with self.assertRaises(AccessError):
                agency.read([field_name])
        with self.assertRaises(AccessError):
            agency.write({"commission_rate": 5})
        manager_view = self.agency.with_user(self.manager).read(["endpoint_secret"])
        self.assertEqual(manager_view[0]["endpoint_secret"], "s3cret")

    def test_clerk_works_debtors(self):
        env = self.env(user=self.clerk)
        promise = env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(self.invoice.ids)],
                "amount": 100.0,
                "promised_date": self.today,
            }
        )
        promise.action_cancel()
        self.assertEqual(promise.state, "cancelled")
        env["debt.contact"].create(
            {"partner_id": self.debtor.id, "channel": "email", "summary": "Sent statement"}
        )
        with self.assertRaises(AccessError):
            promise.unlink()  # history stays: clerks cancel, they do not delete

    def test_other_company_sees_nothing(self):
        company_b = self.setup_other_company(name="Company B")["company"]
        user_b = new_test_user(
            self.env,
            login="dr_user_b",
            groups="debt_recovery.group_debt_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        records = {
            "debt.stage": self.stage,
            "debt.agency": self.agency,
            "debt.placement": self.placement,
            "debt.promise": self.promise,
            "debt.dispute": self.dispute,
            "debt.contact": self.contact,
        }
        for model, record in records.items():
            with self.subTest(model=model):
                as_b = self.env[model].with_user(user_b)
                self.assertFalse(as_b.search([("id", "=", record.id)]))
                with self.assertRaises(AccessError):
                    record.with_user(user_b).read(["display_name"])
        # Company B has its own ladder, and only that one.
        stages_b = self.env["debt.stage"].with_user(user_b).search([])
        self.assertEqual(stages_b.company_id, company_b)
        self.assertEqual(len(stages_b), 9)
