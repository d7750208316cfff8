"""Benchmark of the reminder preparation: N debtors with M overdue invoices each.

Builds the data in bulk SQL (as ``escalation.py`` does), escalates it once,
then times the preparation of every debtor's reminders (grouping, contact
policy, cadence, idempotency: what ``debt.reminder._prepare`` does, in
batches, without sending), and, for a small sample, the sending itself into
Odoo's mail queue (rendering, no SMTP). Prints JSON:
``{debtors, invoices, prepare_seconds, debtors_per_s, queries, ...}`` and
removes what it made. Run through ``make bench`` (it sets up the database).
"""

import argparse
import json
import sys
import time
from datetime import datetime
from datetime import time as dtime

from escalation import build, remove  # same folder: bench/

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tools import SQL, split_every


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--debtors", type=int, default=1_000)
    parser.add_argument("--invoices-per-debtor", type=int, default=10)
    parser.add_argument("--send-sample", type=int, default=20)
    args, _rest = parser.parse_known_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        started = time.perf_counter()
        partner_ids, move_ids = build(env, args.debtors * args.invoices_per_debtor, args.debtors)
        # Reachable debtors: an email, a mobile number, a time zone.
        env.execute_query(
            SQL(
                "UPDATE res_partner SET email = 'debtor' || id || '@bench.example',"
                " phone = '+3247' || lpad(id::text, 7, '0'), tz = 'UTC', lang = 'en_US'"
                " WHERE id = ANY(%s)",
                partner_ids,
            )
        )
        env["res.partner"].invalidate_model()
        env["debt.escalation"]._run(company)
        cr.commit()
        build_seconds = time.perf_counter() - started
        cr.execute("ANALYZE account_move, res_partner, debt_item, debt_contact")
        engine = env["debt.reminder"]
        now = datetime.combine(fields.Date.context_today(engine), dtime(12, 0))
        try:
            pending = engine._pending_debtors(company).get(company, [])
            pending = [pid for pid in pending if pid in set(partner_ids)]
            queries_before = cr.sql_log_count
            started = time.perf_counter()
            stages = engine._stage_rules(company)
            reminders = []
            for batch in split_every(200, pending):
                reminders += engine._prepare(company, list(batch), now, stages=stages)
            seconds = time.perf_counter() - started
            queries = cr.sql_log_count - queries_before
            grouped = {r.debtor_id for r in reminders}
            sample = [r for r in reminders if r.debtor_id in set(pending[: args.send_sample])]
            started = time.perf_counter()
            contacts = engine._send(company, sample, now)
            send_seconds = time.perf_counter() - started
            outcomes = {}
            for contact in contacts:
                key = f"{contact.channel}:{contact.outcome}:{contact.reason or ''}".rstrip(":")
                outcomes[key] = outcomes.get(key, 0) + 1
        finally:
            cr.rollback()
            remove(env, partner_ids, move_ids)
    json.dump(
        {
            "benchmark": "reminders",
            "debtors": len(pending),
            "invoices": len(move_ids),
            "reminders": len(reminders),
            "debtors_with_reminders": len(grouped),
            "prepare_seconds": round(seconds, 3),
            "debtors_per_s": round(len(pending) / seconds),
            "queries": queries,
            "send_sample_debtors": min(args.send_sample, len(pending)),
            "send_sample_outcomes": outcomes,
            "send_seconds": round(send_seconds, 3),
            "build_seconds": round(build_seconds, 3),
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
