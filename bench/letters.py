"""Benchmark of the letters: N collection-letter PDFs on real data.

Builds N debtors with real receivables (``realdata.py``), escalates them,
renders their collection letters (``action_report_debt_demand_letter``)
as the reminders' deferred job does (``debt.reminder._letter_pdfs``:
``--per-call`` letters per wkhtmltopdf run, cut by their marks, up to
``--parallel`` runs at once beside the HTML rendering), and, on a sample,
one wkhtmltopdf run per letter for comparison. Prints JSON with the
seconds, queries, letters per second and the seconds per letter. Removes what it made.
"""

import argparse
import json
import os
import sys
import time

import realdata  # same folder: bench/

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--letters", type=int, default=500)  # plus the one-by-one sample
    parser.add_argument("--per-call", type=int, default=25)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--one-by-one-sample", type=int, default=20)
    args, _rest = parser.parse_known_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    from odoo.addons.debt_recovery.models import (
        debt_reminder_document,  # noqa: PLC0415 - loaded by the registry
    )

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        data = realdata.build(env, args.letters + args.one_by_one_sample, 10)
        env["debt.escalation"]._run(env.company)
        cr.commit()
        try:
            debt_reminder_document.LETTERS_PER_RUN = args.per_call
            debt_reminder_document.PARALLEL_RUNS = args.parallel
            engine = env["debt.reminder"].with_context(force_report_rendering=True)
            report = env.ref("debt_recovery.action_report_debt_demand_letter")
            debtors = env["res.partner"].browse(data.partner_ids)
            # Before: one run per letter, each invoice's portal token written by the ORM.
            sample = debtors[: args.one_by_one_sample]
            Report = env["ir.actions.report"].with_context(force_report_rendering=True)
            started = time.perf_counter()
            for debtor in sample:
                Report._render_qweb_pdf(report, debtor.ids)
            alone = (time.perf_counter() - started) / max(len(sample), 1)
            debtors -= sample
            env.invalidate_all()
            queries = cr.sql_log_count
            started, cpu, children = time.perf_counter(), time.process_time(), os.times()
            pdfs, failed = engine._letter_pdfs(report, debtors)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            children = sum(os.times()[2:4]) - sum(children[2:4])
            queries = cr.sql_log_count - queries
        finally:
            realdata.remove(env, data)
    json.dump(
        {
            "benchmark": "letters",
            "letters": len(debtors),
            "per_call": args.per_call,
            "parallel": args.parallel,
            "seconds": round(seconds, 2),
            "letters_per_s": round(len(debtors) / seconds, 2),
            "seconds_per_letter": round(seconds / len(debtors), 3),
            # CPU seconds of this process and of its wkhtmltopdf runs: what the
            # machine's load (other processes) does not change.
            "cpu_seconds": round(cpu, 2),
            "engine_cpu_seconds": round(children, 2),
            "queries": queries,
            "queries_per_letter": round(queries / len(debtors), 1),
            "pdf_bytes": sum(len(pdf) for pdf in pdfs.values()),
            "failed": len(failed),
            "one_by_one_seconds_per_letter": round(alone, 3),
            "target_seconds": 60,
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
