"""Benchmark of the daily run: N overdue invoices over M debtors.

Builds real receivables (``realdata.py``: invoices with lines and taxes,
payments, credit notes), runs promises, segmentation, escalation and the worklist refresh
in one transaction (the daily run without its reminders, which
bench/reminders.py measures), prints JSON:
``{invoices, debtors, seconds, queries, invoices_per_s, ...}``, and removes
what it made. Run through ``make bench`` (it sets up the database).
"""

import argparse
import json
import sys
import time

import realdata  # same folder: bench/

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import SQL


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
        data = realdata.build(env, args.debtors, max(1, args.invoices // args.debtors))
        partner_ids, move_ids = data.partner_ids, data.invoice_ids
        build_seconds = time.perf_counter() - started
        # Within the transaction (nothing of the bench is committed): its own
        # statements see these statistics.
        cr.execute(
            "ANALYZE account_move, account_move_line, account_partial_reconcile, res_partner"
        )
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
            realdata.remove(env, data)
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
