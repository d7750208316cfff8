"""Benchmark of what clerks and managers open: the worklist and the dashboard.

On N invoices over M debtors (with their journal items, so the KPI report has
real receivables to read), after a daily run, times each query the worklist
list, its stage kanban and the dashboard's charts make, as the web client
makes them (``web_search_read`` / ``web_read_group`` / ``_read_group``).
Each is the best of a few warm runs, in milliseconds; prints JSON. Run
through ``make bench``.
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

RUNS = 5
COLLECTORS = 10


def best_ms(fn):
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return round(min(times) * 1000, 1)


def measure(env, collector):
    Partner = (
        env["res.partner"]
        .with_user(collector)
        .with_context(lang="en_US", tz="UTC", allowed_company_ids=env.companies.ids)
    )
    mine = [("debt_priority", ">", 0), ("debt_collector_id", "=", collector.id)]
    list_fields = {
        name: {}
        for name in (
            "debt_priority",
            "display_name",
            "debt_overdue_amount",
            "debt_oldest_overdue_days",
            "debt_segment",
            "phone",
        )
    }
    list_fields["debt_stage_id"] = {"fields": {"display_name": {}}}
    list_fields["debt_collector_id"] = {"fields": {"display_name": {}}}

    def worklist():
        Partner.invalidate_model()
        Partner.web_search_read(mine, list_fields, limit=80, order="debt_priority desc, id")

    def kanban():
        Partner.invalidate_model()
        Partner.web_read_group(mine, ["debt_stage_id"], ["__count"])

    def report(model, groupby, aggregates, domain=()):
        Model = env[model].with_user(collector)
        return lambda: Model._read_group(list(domain), groupby, aggregates)

    return {
        "worklist_ms": best_ms(worklist),
        "kanban_by_stage_ms": best_ms(kanban),
        "dashboard_overdue_by_age_ms": best_ms(
            report(
                "debt.overdue.report", ["aging"], ["amount_open:sum"], [("days_overdue", ">", 0)]
            )
        ),
        "dashboard_overdue_by_stage_ms": best_ms(
            report(
                "debt.overdue.report", ["stage_id"], ["amount_open:sum"], [("days_overdue", ">", 0)]
            )
        ),
        "dashboard_dso_cei_by_month_ms": best_ms(
            report("debt.kpi.report", ["month:month"], ["dso:sum", "cei:sum"])
        ),
        "dashboard_recovered_by_stage_ms": best_ms(
            report("debt.recovery.report", ["stage_id"], ["amount:sum"])
        ),
        "dashboard_funnel_ms": best_ms(
            report("debt.stage.report", ["stage_id"], ["invoices:sum", "days:avg"])
        ),
    }


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
        data = realdata.build(env, args.debtors, max(1, args.invoices // args.debtors))
        partner_ids, move_ids = data.partner_ids, data.invoice_ids
        collectors = env["res.users"].create(
            [
                {
                    "name": f"Bench collector {n}",
                    "login": f"bench_collector_{n}",
                    "group_ids": [(4, env.ref("debt_recovery.group_debt_user").id)],
                }
                for n in range(COLLECTORS)
            ]
        )
        try:
            env.execute_query(
                SQL(
                    "UPDATE res_partner SET debt_collector_id = jsonb_build_object("
                    " %(company)s, (%(users)s::int[])[1 + id %% %(n)s])"  # company-dependent
                    " WHERE id = ANY(%(ids)s)",
                    company=str(env.company.id),
                    users=collectors.ids,
                    n=COLLECTORS,
                    ids=partner_ids,
                )
            )
            env.invalidate_all()
            env["debt.escalation"]._run(env["res.company"].search([]))
            realdata.analyze(cr, "account_move", "account_move_line", "res_partner", "debt_item")
            timings = measure(env, collectors[0])
            on_worklist = env["res.partner"].search_count([("debt_priority", ">", 0)])
        finally:
            realdata.remove(env, data)
            collectors.unlink()
            env.cr.commit()
    json.dump(
        {
            "benchmark": "worklist",
            "invoices": len(move_ids),
            "debtors": len(partner_ids),
            "debtors_on_worklist": on_worklist,
            "target_ms": 200,
            **timings,
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
