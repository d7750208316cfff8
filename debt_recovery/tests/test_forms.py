from datetime import timedelta

from odoo import Command
from odoo.tests import Form, tagged

from .common import DebtRecoveryCommon

# Models of the addon without a form to open: the daily run's table (shown
# on the invoice's form) and reconciliation, extended for a hook only.
NO_FORM = {"debt.item", "account.partial.reconcile"}
# Administration forms (users, groups, mail servers): only the administrator opens them.
ADMIN_FORMS = {"res.users", "res.groups", "ir.mail_server"}


class CollectionFixture:
    """One record of each kind the Collections app shows, for the form and
    click tests: invoices in stages, a proposal, a promise, a dispute, a
    call, an agency with a placement, stage history and the KPI rows."""

    @classmethod
    def _collection_fixture(cls):
        cls.debtor.debt_collector_id = cls.clerk
        cls.invoice = cls._overdue_invoice(20, amount=900.0)
        cls.proposed = cls._overdue_invoice(100, amount=4000.0)
        cls.placed = cls._overdue_invoice(75, amount=2500.0)
        cls.env["debt.escalation"]._run(cls.env.company)
        stages = cls.env["debt.stage"].search([("company_id", "=", cls.env.company.id)])
        # Interest charged on an invoice (before its promise holds it): a charge
        # invoice and its ledger rows.
        cls._reference_rates("ecb", 4.0)
        cls.invoice.action_debt_invoice_interest()
        manual = stages.filtered(lambda s: s.trigger == "manual")[:1]
        cls.env["debt.item"]._set_stage(cls.placed, manual, "manual")  # history row
        cls.promise = cls.env["debt.promise"].create(
            {
                "partner_id": cls.debtor.id,
                "move_ids": [Command.set(cls.invoice.ids)],
                "amount": 900.0,
                "promised_date": cls.today + timedelta(days=7),
            }
        )
        cls.dispute = cls.env["debt.dispute"].create(
            {"move_id": cls.proposed.id, "reason": "quality", "amount": 400.0}
        )
        cls.env["debt.contact"].create(
            {
                "partner_id": cls.debtor.id,
                "channel": "phone",
                "outcome": "answered",
                "summary": "Called the accountant",
            }
        )
        cls.agency = cls.env["debt.agency"].create({"name": "Recover & Co"})
        cls.placement = cls.env["debt.placement"].create(
            {
                "agency_id": cls.agency.id,
                "partner_id": cls.debtor.id,
                "move_ids": [Command.set(cls.placed.ids)],
            }
        )
        # Handed over, with an agency report: the ledger's forms have a record.
        cls.placement.action_mark_sent()
        report = (
            "placement,status,date,amount_collected,commission,currency,note\n"
            f"{cls.placement.name},acknowledged,{cls.today.isoformat()},,,,\n"
        )
        cls.env["debt.agency.status.file"]._import(cls.agency, "status.csv", report.encode(), False)
        cls._pay(cls.proposed, 500.0)  # an amount recovered
        cls.env["debt.kpi.report"]._refresh()
        cls.env["debt.run.slice"].sudo().create(  # a slice of the cron's reminders, sent
            {
                "run_date": cls.today,
                "company_id": cls.env.company.id,
                "sequence": 0,
                "partner_ids": cls.debtor.ids,
                "state": "done",
                "worker": "cron-host:4242",
            }
        )
        # The outgoing server whose refusals of a reminder are bounces.
        cls.env["ir.mail_server"].create({"name": "Relay", "smtp_host": "relay.company.example"})
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.write(
            {"company_ids": [Command.link(cls.env.company.id)], "company_id": cls.env.company.id}
        )

    def _addon_models(self):
        """The regular models the addon defines or extends, by name."""
        data = self.env["ir.model.data"].search(
            [("module", "=", "debt_recovery"), ("model", "=", "ir.model")]
        )
        models = self.env["ir.model"].browse(data.mapped("res_id"))
        return {
            model.model
            for model in models
            if not self.env[model.model]._abstract and not self.env[model.model]._transient
        }

    def _record(self, model):
        """A record of ``model`` from the fixture (the one with most data)."""
        records = {
            "account.move": self.proposed,
            "res.partner": self.debtor,
            "res.users": self.clerk,
            "res.company": self.env.company,
            "debt.stage": self.proposed.debt_stage_id,
        }
        if model in records:
            return records[model]
        return self.env[model].search([], limit=1)

    def _form_records(self, user):
        """One record per model of the addon with a form ``user`` may open."""
        records = []
        for model in sorted(self._addon_models() - NO_FORM):
            record = self._record(model)
            self.assertTrue(record, f"the fixture has no {model}")
            as_user = record.with_user(user)
            if as_user.has_access("read") and (model not in ADMIN_FORMS or user == self.admin):
                records.append(as_user)
        return records


@tagged("post_install", "-at_install")
class TestForms(CollectionFixture, DebtRecoveryCommon):
    """Every form of the addon opens, for each role that may read the model.

    ``Form`` loads the view as the user and reads every field the form
    shows (``web_read``): a compute that cannot run (a group-by on a
    non-stored field, a field the role may not read) fails here. The click
    test opens the same forms in the browser.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._collection_fixture()

    def test_every_form_opens_for_every_role(self):
        models = self._addon_models()
        self.assertIn("debt.stage", models)
        self.assertIn("account.move", models)
        opened = set()
        for user in (self.admin, self.manager, self.clerk):
            for record in self._form_records(user):
                with self.subTest(model=record._name, user=user.login):
                    Form(record)
                    opened.add((record._name, user.login))
        # Each role opens at least the forms of the Collections menus.
        for model in ("debt.promise", "debt.dispute", "debt.placement", "account.move"):
            for login in ("admin", "dr_manager", "dr_clerk"):
                self.assertIn((model, login), opened)
        for login in ("admin", "dr_manager"):
            self.assertIn(("debt.stage", login), opened)

    def test_stage_form_counts_its_invoices(self):
        stage = self.proposed.debt_stage_id
        in_stage = self.env["account.move"].search([("debt_stage_id", "=", stage.id)])
        self.assertTrue(in_stage)
        for user in (self.manager, self.clerk):
            form = Form(stage.with_user(user))
            self.assertEqual(form.invoice_count, len(in_stage))
