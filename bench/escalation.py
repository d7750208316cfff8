"""Benchmark of the daily run: N overdue invoices over M debtors.

Builds the data in bulk SQL (copies of one real posted invoice and one
partner), runs promises, segmentation, escalation and the worklist refresh
in one transaction (the daily run without its reminders, which
bench/reminders.py measures), prints JSON:
``{invoices, debtors, seconds, queries, invoices_per_s, ...}``, and removes
what it made. Run through ``make bench`` (it sets up the database).
"""

import argparse
import json
import sys
import time
from datetime import timedelta

import odoo
from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.tools import SQL


def build(env, invoices, debtors):
    """A template debtor and invoice, then copies: returns (partner ids, move ids)."""
    # Importable once the configuration has set up the addons path.
    from odoo.addons.debt_recovery.tests.common import clone_invoices

    today = fields.Date.context_today(env["account.move"])
    template_partner = env["res.partner"].create({"name": "Bench debtor", "is_company": True})
    template = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": template_partner.id,
            "invoice_date": today,
            "invoice_date_due": today,
            "invoice_line_ids": [Command.create({"name": "Work", "price_unit": 250.0})],
        }
    )
    template.action_post()
    env.flush_all()
    partner_rows = env.execute_query(
        SQL(
            """
INSERT INTO res_partner
SELECT (jsonb_populate_record(p, jsonb_build_object(
            'id', v.id, 'name', 'Bench debtor ' || v.id, 'commercial_partner_id', v.id))).*
  FROM res_partner p,
       (SELECT nextval('res_partner_id_seq') AS id FROM generate_series(1, %(n)s)) v
 WHERE p.id = %(template)s
RETURNING id
            """,
            n=debtors - 1,
            template=template_partner.id,
        )
    )
    partner_ids = [template_partner.id] + [pid for (pid,) in partner_rows]
    dues = [today - timedelta(days=(n * 7) % 150 - 3) for n in range(invoices - 1)]
    owners = [partner_ids[n % debtors] for n in range(invoices - 1)]
    move_ids = [template.id, *clone_invoices(env, template, dues, owners)]
    env.cr.commit()
    return partner_ids, move_ids


def remove(env, partner_ids, move_ids):
    for table in ("debt_stage_history", "debt_item"):
        env.cr.execute(
            SQL("DELETE FROM %s WHERE move_id = ANY(%s)", SQL.identifier(table), move_ids)
        )
    env.cr.execute(SQL("DELETE FROM account_move WHERE id = ANY(%s)", move_ids))
    env.cr.execute(SQL("DELETE FROM res_partner WHERE id = ANY(%s)", partner_ids))
    env.cr.commit()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--debtors", type=int, default=10_000)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        partner_ids, move_ids = build(env, args.invoices, args.debtors)
        build_seconds = time.perf_counter() - started
        cr.execute("ANALYZE account_move, res_partner")
        try:
            queries_before = cr.sql_log_count
            started = time.perf_counter()
            env["debt.escalation"]._run(env["res.company"].search([]))
            seconds = time.perf_counter() - started
            queries = cr.sql_log_count - queries_before
            staged = env.execute_query(
                SQL(
                    "SELECT count(*) FILTER (WHERE stage_id IS NOT NULL),"
                    " count(DISTINCT stage_id) FROM debt_item WHERE move_id = ANY(%s)",
                    move_ids,
                )
            )[0]
            segmented = env.execute_query(
                SQL(
                    "SELECT count(*) FROM res_partner"
                    " WHERE id = ANY(%s) AND debt_segment IS NOT NULL",
                    partner_ids,
                )
            )[0][0]
        finally:
            remove(env, partner_ids, move_ids)
    json.dump(
        {
            "benchmark": "escalation",
            "invoices": len(move_ids),
            "debtors": len(partner_ids),
            "seconds": round(seconds, 3),
            "queries": queries,
            "invoices_per_s": round(len(move_ids) / seconds),
            "invoices_staged": staged[0],
            "distinct_stages": staged[1],
            "debtors_segmented": segmented,
            "build_seconds": round(build_seconds, 3),
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
