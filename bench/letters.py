"""Benchmark of the letters: N collection-letter PDFs on real data.

Builds N debtors with real receivables (``realdata.py``), escalates them,
renders their collection letters (``action_report_debt_demand_letter``)
through wkhtmltopdf, ``--per-call`` debtors per call (Odoo renders several
records in one wkhtmltopdf run), and prints JSON with the seconds, letters
per second and the seconds per letter. Removes what it made.
"""

import argparse
import json
import sys
import time

import realdata  # same folder: bench/

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import split_every


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--letters", type=int, default=500)
    parser.add_argument("--per-call", type=int, default=50)
    args, _rest = parser.parse_known_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        data = realdata.build(env, args.letters, 10)
        env["debt.escalation"]._run(env.company)
        cr.commit()
        try:
            Report = env["ir.actions.report"].with_context(force_report_rendering=True)
            started = time.perf_counter()
            size = 0
            for batch in split_every(args.per_call, data.partner_ids):
                pdf, _kind = Report._render_qweb_pdf(
                    "debt_recovery.action_report_debt_demand_letter", list(batch)
                )
                size += len(pdf)
            seconds = time.perf_counter() - started
        finally:
            realdata.remove(env, data)
    json.dump(
        {
            "benchmark": "letters",
            "letters": len(data.partner_ids),
            "per_call": args.per_call,
            "seconds": round(seconds, 2),
            "letters_per_s": round(len(data.partner_ids) / seconds, 2),
            "seconds_per_letter": round(seconds / len(data.partner_ids), 3),
            "pdf_bytes": size,
            "target_seconds": 60,
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
