from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import SQL

from .common import clone_invoices


@tagged("post_install", "-at_install")
class TestTwoWorkers(BaseCase):
    """Two cron workers share one run: real transactions, real row locks.

    Unlike a TransactionCase this test commits (the second worker must see the
    invoices) and removes everything it made afterwards.
    """

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            today = fields.Date.context_today(env["account.move"])
            partner = env["res.partner"].create({"name": "Two Workers Ltd", "is_company": True})
            template = (
                env["account.move"]
                .with_company(company)
                .create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": today,
                        "invoice_date_due": today,
                        "invoice_line_ids": [Command.create({"name": "Work", "price_unit": 90.0})],
                    }
                )
            )
            template.action_post()
            dues = [today - timedelta(days=n % 100) for n in range(60)]
            self.move_ids = [template.id, *clone_invoices(env, template, dues)]
            self.partner_id, self.company_id, self.today = partner.id, company.id, today
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self.registry.cursor() as cr:
            for table in ("debt_stage_history", "debt_item"):
                cr.execute(
                    SQL(
                        "DELETE FROM %s WHERE move_id = ANY(%s)",
                        SQL.identifier(table),
                        self.move_ids,
                    )
                )
            cr.execute(SQL("DELETE FROM account_move WHERE id = ANY(%s)", self.move_ids))
            cr.execute(SQL("DELETE FROM res_partner WHERE id = %s", self.partner_id))

    def test_no_invoice_is_processed_twice(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            engine_a = api.Environment(cr_a, SUPERUSER_ID, {})["debt.escalation"]
            engine_b = api.Environment(cr_b, SUPERUSER_ID, {})["debt.escalation"]
            company_a = engine_a.env["res.company"].browse(self.company_id)
            company_b = engine_b.env["res.company"].browse(self.company_id)
            # Worker A locks a batch and holds it (its transaction is open)...
            batch_a = engine_a._lock_batch(company_a, self.today, 25)
            # ... while worker B asks for everything: it gets the rest only.
            batch_b = engine_b._lock_batch(company_b, self.today, 100000)
            self.assertEqual(len(batch_a), 25)
            self.assertFalse(set(batch_a) & set(batch_b))
            self.assertLessEqual(set(self.move_ids), set(batch_a) | set(batch_b))
            engine_b._process_batch(batch_b, self.today, engine_b._transition_rows(company_b))
            cr_b.commit()
            engine_a._process_batch(batch_a, self.today, engine_a._transition_rows(company_a))
            cr_a.commit()
            # A third pass the same day finds nothing left.
            self.assertFalse(
                set(engine_b._lock_batch(company_b, self.today, 100000)) & set(self.move_ids)
            )

        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """
                    SELECT m.id, max(i.run_date), count(i.id)
                      FROM account_move m
                      LEFT JOIN debt_item i ON i.move_id = m.id
                     WHERE m.id = ANY(%s)
                     GROUP BY m.id
                    """,
                    self.move_ids,
                )
            )
            rows = cr.fetchall()
        self.assertEqual(len(rows), len(self.move_ids))
        for move_id, run_date, items in rows:
            with self.subTest(move_id=move_id):
                self.assertEqual((run_date, items), (self.today, 1))
