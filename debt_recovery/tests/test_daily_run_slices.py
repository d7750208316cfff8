from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import SQL

from ..models import debt_run_slice

DEBTORS = 3


@tagged("post_install", "-at_install")
class TestReminderSlices(BaseCase):
    """Two cron workers share the day's reminders: real transactions, real
    row locks. Like ``test_daily_run_workers`` this test commits (each worker
    must see the other's work) and removes everything it made afterwards."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        patcher = patch.object(debt_run_slice, "SLICE_SIZE", 1)  # a slice per debtor
        patcher.start()
        self.addCleanup(patcher.stop)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            self.today = fields.Date.context_today(env["account.move"])
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"Slice Debtor {n}",
                        "is_company": True,
                        "email": f"ap{n}@slice.example",
                    }
                    for n in range(DEBTORS)
                ]
            )
            invoices = (
                env["account.move"]
                .with_company(company)
                .create(
                    [
                        {
                            "move_type": "out_invoice",
                            "partner_id": partner.id,
                            "invoice_date": self.today - timedelta(days=20),
                            "invoice_date_due": self.today - timedelta(days=5),
                            "invoice_line_ids": [
                                Command.create({"name": "Work", "price_unit": 90.0})
                            ],
                        }
                        for partner in partners
                    ]
                )
            )
            invoices.action_post()
            env["debt.escalation"]._run(company)  # stages decided, no reminder sent yet
            self.partner_ids, self.move_ids, self.company_id = (
                partners.ids,
                invoices.ids,
                company.id,
            )
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self.registry.cursor() as cr:
            partners, moves = self.partner_ids, self.move_ids
            cr.execute(SQL("DELETE FROM debt_run_slice WHERE run_date = %s", self.today))
            cr.execute(
                SQL(
                    "DELETE FROM mail_message WHERE model = 'res.partner' AND res_id = ANY(%s)",
                    partners,
                )
            )
            cr.execute(
                SQL(
                    "DELETE FROM mail_activity"
                    " WHERE res_model = 'res.partner' AND res_id = ANY(%s)",
                    partners,
                )
            )
            cr.execute(SQL("DELETE FROM debt_contact WHERE partner_id = ANY(%s)", partners))
            for table in ("debt_stage_history", "debt_item"):
                cr.execute(
                    SQL("DELETE FROM %s WHERE move_id = ANY(%s)", SQL.identifier(table), moves)
                )
            cr.execute(SQL("DELETE FROM account_move WHERE id = ANY(%s)", moves))
            cr.execute(SQL("DELETE FROM res_partner WHERE id = ANY(%s)", partners))
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["ir.cron.trigger"].search(
                [("cron_id", "=", env.ref("debt_recovery.ir_cron_debt_run_worker").id)]
            ).unlink()

    @freeze_time("10:00")  # within contact hours whenever the suite runs
    def test_two_workers_send_each_debtor_once(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            company_a = env_a["res.company"].browse(self.company_id)
            company_b = env_b["res.company"].browse(self.company_id)
            mine = env_a["debt.run.slice"]._plan(company_a, self.today)
            ours = mine.filtered(lambda s: set(s.partner_ids) & set(self.partner_ids))
            self.assertEqual(len(ours), DEBTORS)
            cr_a.commit()
            # Worker A claims a slice and holds it (its transaction is open)...
            held = env_a["debt.run.slice"]._claim(self.today)
            self.assertTrue(held)
            # ... while the run in worker B sends every other slice, then says
            # it is not finished: A still holds one.
            step = env_b["debt.escalation"]._step_reminders(
                company_b, self.today, cron=env_b["ir.cron"]
            )
            self.assertIsNone(step)
            self.assertEqual(env_b["debt.run.slice"]._left(self.today), 1)
            # A sends its slice; B's run, called again, finds nothing left.
            contacts = env_a["debt.reminder"]._process_batch(
                held.company_id, held.partner_ids, fields.Datetime.now()
            )
            held.write({"state": "done", "worker": "A", "contact_count": len(contacts)})
            cr_a.commit()
            cr_b.rollback()  # a fresh snapshot, as the next cron call has
            step = env_b["debt.escalation"]._step_reminders(
                company_b, self.today, cron=env_b["ir.cron"]
            )
            self.assertEqual(step, 0)
            cr_b.commit()

        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """
                    SELECT p.id,
                           count(c.id) FILTER (WHERE c.channel = 'email' AND c.outcome = 'sent'),
                           count(m.id)
                      FROM res_partner p
                      LEFT JOIN debt_contact c ON c.partner_id = p.id
                      LEFT JOIN mail_message m ON m.id = c.message_id
                     WHERE p.id = ANY(%s)
                     GROUP BY p.id
                    """,
                    self.partner_ids,
                )
            )
            rows = cr.fetchall()
            cr.execute(
                SQL(
                    "SELECT state, count(*) FROM debt_run_slice WHERE run_date = %s GROUP BY state",
                    self.today,
                )
            )
            states = dict(cr.fetchall())
        self.assertEqual(len(rows), DEBTORS)
        for partner_id, emails, messages in rows:
            with self.subTest(partner_id=partner_id):
                self.assertEqual((emails, messages >= 1), (1, True))
        self.assertNotIn("todo", states)
