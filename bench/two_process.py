"""The scheduled daily run with its reminders, in one Odoo server and in two.

Builds real receivables (``realdata.py``) in a source database, then copies
it twice (PostgreSQL template copies, so both runs start from the same
books). Run 1 starts one Odoo server (``--workers`` with one cron worker),
run 2 starts two servers on the same database, each with one cron worker,
as a production deployment with two machines runs. Each run is started by
triggering the daily-run cron, and ends when every reminder slice is sent
and neither cron job runs nor is due. Prints one JSON line: wall
times, the slices each process sent, and duplicates (a debtor reminded twice
on a channel, an invoice escalated twice), which must be 0.

SMS are switched off on the stages: no SMS provider is reachable offline.
``--channels`` keeps only some of the stages' other channels.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import realdata  # same folder: bench/
import requests

import odoo
from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.modules.registry import Registry
from odoo.tools import SQL

ODOO_BIN = Path(os.environ.get("ODOO_SRC", Path.home() / ".cache/odoo/19.0")) / "odoo-bin"
OURS = ("debt_recovery.ir_cron_debt_daily_run", "debt_recovery.ir_cron_debt_run_worker")
DUPLICATES = {
    "reminders": """
        SELECT count(*) FROM (
            SELECT partner_id, channel, stage_id FROM debt_contact
             WHERE date::date = %(day)s AND outcome = 'sent'
             GROUP BY partner_id, channel, stage_id HAVING count(*) > 1) d
    """,
    "emails": """
        SELECT count(*) FROM (
            SELECT res_id FROM mail_message
             WHERE model = 'res.partner' AND message_type = 'email' AND date::date = %(day)s
               AND id IN (SELECT message_id FROM debt_contact WHERE channel = 'email')
             GROUP BY res_id HAVING count(*) > 1) d
    """,
    "escalations": """
        SELECT count(*) FROM (
            SELECT move_id FROM debt_stage_history WHERE date_entered = %(day)s
             GROUP BY move_id HAVING count(*) > 1) d
    """,
}


def prepare_source(args):
    """The source database: the bench database's copy with the real books."""
    source = f"{args.database}_2p_source"
    realdata.drop_database(source)
    realdata.copy_database(args.database, source)
    registry = Registry(source)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        data = realdata.build(env, args.debtors, args.invoices_per_debtor)
        build = time.perf_counter() - started
        # The bench runs at any hour: contact hours around the clock, or the
        # emails would be held by quiet hours and the run would time skips.
        hours = {"debt_contact_hour_from": 0.0, "debt_contact_hour_to": 24.0}
        env["res.company"].search([]).write(hours)  # pylint: disable=no-search-all
        env["res.partner"].browse(data.partner_ids).write(hours)  # each debtor's narrows them
        stages = env["debt.stage"].search([])
        stages.write({"channel_sms": False})
        for channel in {"email", "phone", "letter"} - set(args.channels.split(",")):
            stages.write({f"channel_{channel}": False})
        # Only our two jobs run: no mail scheduler knocking on a missing SMTP server.
        ours = [env.ref(xmlid).id for xmlid in OURS]
        env["ir.cron"].search([("id", "not in", ours)]).write({"active": False})
        env["ir.cron"].browse(ours).write({"active": True, "nextcall": "2999-01-01 00:00:00"})
        cr.commit()
        cr.execute("ANALYZE")
    registry.delete(source)
    return source, len(data.invoice_ids), round(build, 1)


def run(source, name, servers, args):
    """Copy ``source`` to ``name``, start ``servers`` Odoo servers on it,
    trigger the daily run, wait for its end; returns its figures."""
    realdata.drop_database(name)
    realdata.copy_database(source, name)
    processes = [_server(name, n, args) for n in range(servers)]
    try:
        registry = Registry(name)
        for n in range(servers):
            _ready(args.port + 10 * n, args.timeout)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cron_ids = [env.ref(xmlid).id for xmlid in OURS]
            env.ref(OURS[0])._trigger()
            cr.commit()
        wall = _wait(registry, cron_ids, args.timeout)
        with registry.cursor() as cr:
            day = fields.Date.context_today(api.Environment(cr, SUPERUSER_ID, {})["res.partner"])
            cr.execute(
                "SELECT coalesce(worker, '-'), count(*), sum(contact_count) FROM debt_run_slice"
                " WHERE run_date = %s GROUP BY 1 ORDER BY 1",
                (day,),
            )
            slices = {worker: {"slices": n, "contacts": c} for worker, n, c in cr.fetchall()}
            cr.execute(
                "SELECT channel, outcome, count(*) FROM debt_contact"
                " WHERE date::date = %s GROUP BY 1, 2 ORDER BY 1, 2",
                (day,),
            )
            outcomes = {f"{channel}:{outcome}": n for channel, outcome, n in cr.fetchall()}
            duplicates = {}
            for what, query in DUPLICATES.items():
                cr.execute(SQL(query, day=day))
                duplicates[what] = cr.fetchone()[0]
        registry.delete(name)
        return {
            "servers": servers,
            "wall_seconds": round(wall, 1) if wall is not None else None,
            "finished": wall is not None,
            "slices_by_worker": slices,
            "outcomes": outcomes,
            "duplicates": duplicates,
        }
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        sql_db.close_db(name)
        if not args.keep:
            realdata.drop_database(name)


def _server(name, n, args):
    port = args.port + 10 * n
    log = Path(args.logdir) / f"{name}-server{n}.log"
    command = [
        sys.executable,
        str(ODOO_BIN),
        "-c",
        args.config,
        "-d",
        name,
        f"--db-filter=^{name}$",
        f"--http-port={port}",
        f"--gevent-port={port + 1}",
        "--workers=2",
        "--max-cron-threads=1",
        f"--logfile={log}",
        "--log-level=info",
    ]
    return subprocess.Popen(command, env=dict(os.environ, PYTHONPATH=str(ODOO_BIN.parent)))


def _ready(port, timeout):
    """Wait until the server on ``port`` answers (registry loaded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/web/health", timeout=5).ok:
                return
        except requests.RequestException:  # not listening yet, or still loading
            pass
        time.sleep(0.5)
    raise TimeoutError(f"the Odoo server on port {port} did not start")


def _wait(registry, cron_ids, timeout):
    """Seconds from the trigger to the run's end, polled twice a second: the
    reminders planned and all sent, neither job running (its row is locked
    while it runs) nor due (a trigger for now); None when ``timeout`` passes."""
    t0 = time.perf_counter()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with registry.cursor() as cr:
            cr.execute(
                "SELECT count(*), count(*) FILTER (WHERE state = 'todo') FROM debt_run_slice"
            )
            planned, todo = cr.fetchone()
            cr.execute(
                "SELECT count(*) FROM ir_cron_trigger WHERE cron_id = ANY(%s)"
                " AND call_at <= now() AT TIME ZONE 'UTC'",
                (cron_ids,),
            )
            (due,) = cr.fetchone()
            cr.execute(
                "SELECT id FROM ir_cron WHERE id = ANY(%s) FOR UPDATE SKIP LOCKED", (cron_ids,)
            )
            idle = len(cr.fetchall())
            cr.rollback()
        if planned and not todo and not due and idle == len(cron_ids):
            return time.perf_counter() - t0
        time.sleep(0.5)
    return None


def _ratio(two, one):
    return round(two / one, 2) if two and one else None


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--debtors", type=int, default=10_000)
    parser.add_argument("--invoices-per-debtor", type=int, default=10)
    parser.add_argument("--channels", default="email,phone,letter")
    parser.add_argument("--port", type=int, default=8400)
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument("--logdir", default="/tmp")
    parser.add_argument("--keep", action="store_true", help="keep the two run databases")
    args, _rest = parser.parse_known_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    source, invoices, build = prepare_source(args)
    try:
        one = run(source, f"{args.database}_2p_one", 1, args)
        two = run(source, f"{args.database}_2p_two", 2, args)
    finally:
        realdata.drop_database(source)
    result = {
        "benchmark": "two_process",
        "debtors": args.debtors,
        "invoices": invoices,
        "build_seconds": build,
        "one_process": one,
        "two_processes": two,
        "ratio": _ratio(two["wall_seconds"], one["wall_seconds"]),
    }
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
