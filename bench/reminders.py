"""Benchmark of the reminders' full send path, channel by channel, on real data.

Builds N debtors with real receivables (``realdata.py``), escalates them,
then for each channel (email, SMS, call, letter) lets every stage use that
channel only and runs the reminder step for every debtor, as the cron does
(preparation, re-check, rendering, the mail or SMS queue, activities,
contact log), and rolls it back. Letters are logged by the send step and
rendered by a deferred job: ``letter_job`` times that job (real PDFs) on a
sample. For comparison, the one-by-one email path
(``message_post_with_source`` with the statement attached) runs on a sample
too. Prints one JSON line with debtors/s, ms and queries per debtor per
channel, and removes what it made.
"""

import argparse
import json
import sys
import time
from datetime import datetime
from datetime import time as dtime

import realdata  # same folder: bench/

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tools import split_every

CHANNELS = ("email", "sms", "phone", "letter")


def run_channel(env, company, debtor_ids, now, channel):
    engine = env["debt.reminder"].sudo()
    stages = env["debt.stage"].search([("company_id", "=", company.id)])
    stages.write({f"channel_{ch}": ch == channel for ch in CHANNELS})
    env.flush_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    contacts = env["debt.contact"]
    for batch in split_every(200, debtor_ids):
        contacts |= engine._process_batch(company, list(batch), now)
        env.flush_all()
    seconds = time.perf_counter() - started
    queries = env.cr.sql_log_count - queries
    outcomes = {}
    for contact in contacts:
        key = f"{contact.outcome}:{contact.reason or ''}".rstrip(":")
        outcomes[key] = outcomes.get(key, 0) + 1
    return {
        "debtors": len(debtor_ids),
        "seconds": round(seconds, 3),
        "debtors_per_s": round(len(debtor_ids) / seconds, 1),
        "ms_per_debtor": round(seconds * 1000 / len(debtor_ids), 1),
        "queries_per_debtor": round(queries / len(debtor_ids), 2),
        "outcomes": outcomes,
    }


def letter_job(env, company, debtor_ids, now):
    """The deferred job's part of postal reminders: the letters' PDFs, kept and queued."""
    engine = env["debt.reminder"].sudo().with_company(company)
    stages = env["debt.stage"].search([("company_id", "=", company.id)])
    stages.write({f"channel_{ch}": ch == "letter" for ch in CHANNELS})
    contacts = engine._process_batch(company, debtor_ids, now)
    env.flush_all()
    contacts = contacts.filtered("document_pending")
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    engine.with_context(force_report_rendering=True)._render_letters(contacts)
    env.flush_all()
    seconds = time.perf_counter() - started
    queries = env.cr.sql_log_count - queries
    done = contacts.filtered(lambda c: c.message_id)
    return {
        "letters": len(contacts),
        "rendered": len(done),
        "seconds": round(seconds, 2),
        "ms_per_letter": round(seconds * 1000 / max(len(contacts), 1), 1),
        "queries_per_letter": round(queries / max(len(contacts), 1), 2),
    }


def one_by_one_email(env, company, debtor_ids, now):
    """The former path: one composer and one statement PDF per debtor."""
    engine = env["debt.reminder"].sudo().with_company(company)
    reminders = engine._prepare(company, debtor_ids, now)
    Partner = env["res.partner"].with_company(company)
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    for reminder in reminders:
        if reminder.skip or reminder.channel != "email":
            continue
        debtor = Partner.browse(reminder.debtor_id)
        moves = engine._recheck(company, reminder.move_ids, now)
        stage = env["debt.stage"].browse(reminder.stage_id)
        engine.with_context(force_report_rendering=True)._send_email(debtor, debtor, stage, moves)
        env.flush_all()
    seconds = time.perf_counter() - started
    queries = env.cr.sql_log_count - queries
    return {
        "debtors": len(debtor_ids),
        "ms_per_debtor": round(seconds * 1000 / len(debtor_ids), 1),
        "queries_per_debtor": round(queries / len(debtor_ids), 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--debtors", type=int, default=1_000)
    parser.add_argument("--invoices-per-debtor", type=int, default=10)
    parser.add_argument("--letter-job-sample", type=int, default=100)
    parser.add_argument("--one-by-one-sample", type=int, default=20)
    parser.add_argument("--channels", default=",".join(CHANNELS))
    args, _rest = parser.parse_known_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    result = {"benchmark": "reminders"}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        started = time.perf_counter()
        data = realdata.build(env, args.debtors, args.invoices_per_debtor)
        env["debt.escalation"]._run(company)
        cr.commit()
        result["build_seconds"] = round(time.perf_counter() - started, 1)
        result["invoices"] = len(data.invoice_ids)
        realdata.analyze(cr, "account_move", "account_move_line", "res_partner", "debt_item")
        now = datetime.combine(fields.Date.context_today(env["debt.reminder"]), dtime(12, 0))
        try:
            pending = env["debt.reminder"]._pending_debtors(company).get(company, [])
            mine = set(data.partner_ids)
            pending = [pid for pid in pending if pid in mine]
            result["debtors"] = len(pending)
            for channel in args.channels.split(","):
                result[channel] = run_channel(env, company, pending, now, channel)
                cr.rollback()
            if args.letter_job_sample:
                result["letter_job"] = letter_job(
                    env, company, pending[: args.letter_job_sample], now
                )
                cr.rollback()
            if args.one_by_one_sample:
                result["email_one_by_one"] = one_by_one_email(
                    env, company, pending[: args.one_by_one_sample], now
                )
                cr.rollback()
        finally:
            realdata.remove(env, data)
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
