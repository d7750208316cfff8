"""debt_recovery against OCA's ``account_credit_control`` 19.0: same data, one run.

Copies the database DB (account, debt_recovery and account_credit_control
installed; ``tools/bench.sh`` fetches OCA's addon from PyPI into
``.run/peer/``) to a database of its own, builds real receivables there
(``realdata.py``), then measures in one process, on the same data, with wall
time and query count:

- escalation without reminders: debt_recovery's daily run without its
  reminders (``debt.escalation._run``) against OCA's credit-control run (a
  ``credit.control.run`` of today over a policy of three email levels on the
  receivable account, the company's policy; its *Compute Credit Lines*);
- email reminders: debt_recovery's email reminders of M debtors (the cron's
  batches, ``bench/reminders.py``) against OCA's emailer wizard on the same
  debtors' lines, set *to be sent* (``credit.control.emailer``: one
  communication per debtor, OCA's template with its PDF summary). Both end
  when the ``mail.mail`` are queued (``mail_notify_force_send`` off on both
  sides, nothing committed, so no SMTP), and are rolled back.

Prints one JSON line, the speedups being OCA's time over ours, and drops its
database.
"""

import argparse
import importlib
import json
import logging
import os
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path

import realdata  # same folder: bench/
import reminders

import odoo
from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.module import get_module_path
from odoo.modules.registry import Registry
from odoo.tools import SQL

_logger = logging.getLogger("bench.peer")


def oca_version():
    """The wheel's version, from the dist-info beside the unpacked addon."""
    path = get_module_path("account_credit_control")
    if not path:
        sys.exit("account_credit_control is not on the addons path (tools/bench.sh fetches it)")
    site = Path(path).resolve().parents[2]
    infos = sorted(site.glob("odoo_addon_account_credit_control-*.dist-info"))
    return infos[-1].name.removesuffix(".dist-info").split("-")[1] if infos else "unknown"


def measure(env, call):
    """(result, seconds, queries) of ``call()``, flushed."""
    env.flush_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    result = call()
    env.flush_all()
    return result, time.perf_counter() - started, env.cr.sql_log_count - queries


def side(seconds, queries, count, unit):
    return {
        "seconds": round(seconds, 3),
        "queries": queries,
        f"ms_per_{unit}": round(seconds * 1000 / max(count, 1), 2),
        f"queries_per_{unit}": round(queries / max(count, 1), 2),
    }


def oca_policy(env, company):
    """Three email levels on the receivable account, the company's policy."""
    receivable = env["account.account"].search(
        [("account_type", "=", "asset_receivable"), ("company_ids", "in", company.ids)]
    )
    template = env.ref("account_credit_control.email_template_credit_control_base")
    levels = [
        ("10 days net", 1, "net_days", 10),
        ("30 days end of month", 2, "end_of_month", 30),
        ("10 days after the last", 3, "previous_date", 10),
    ]
    policy = env["credit.control.policy"].create(
        {
            "name": "Bench: three emails",
            "company_id": company.id,
            "account_ids": [Command.set(receivable.ids)],
            "level_ids": [
                Command.create(
                    {
                        "name": name,
                        "level": level,
                        "computation_mode": mode,
                        "delay_days": days,
                        "channel": "email",
                        "email_template_id": template.id,
                        "custom_text": "Please pay the invoices below.",
                        "custom_mail_text": "<p>Please pay the invoices below.</p>",
                        "mail_show_invoice_detail": True,
                    }
                )
                for name, level, mode, days in levels
            ],
        }
    )
    company.credit_policy_id = policy
    return policy


def new_mails(env, since):
    """What the queue got after mail id ``since``: mails, their debtors, attachments."""
    row = env.execute_query(
        SQL(
            """
SELECT count(DISTINCT mm.id), count(DISTINCT mm.id) FILTER (WHERE mm.state = 'outgoing'),
       array_agg(DISTINCT p.commercial_partner_id) FILTER (WHERE p.id IS NOT NULL),
       count(DISTINCT a.attachment_id)
  FROM mail_mail mm
  LEFT JOIN mail_mail_res_partner_rel r ON r.mail_mail_id = mm.id
  LEFT JOIN res_partner p ON p.id = r.res_partner_id
  LEFT JOIN message_attachment_rel a ON a.message_id = mm.mail_message_id
 WHERE mm.id > %s
            """,
            since,
        )
    )[0]
    debtors = sorted(row[2] or [])
    return {"mails": row[0], "outgoing": row[1], "debtors": debtors, "attachments": row[3]}


def last_mail(env):
    return env.execute_query(SQL("SELECT COALESCE(max(id), 0) FROM mail_mail"))[0][0]


@contextmanager
def step_times(env):
    """{step: seconds} of our daily run, its steps timed for the measure only."""
    model = type(env["debt.escalation"])
    times = {}

    def timed(name, original):
        def step(self, *args, **kwargs):
            started = time.perf_counter()
            try:
                return original(self, *args, **kwargs)
            finally:
                times[name] = times.get(name, 0.0) + time.perf_counter() - started

        return step

    run = importlib.import_module("odoo.addons.debt_recovery.models.debt_run")
    names = (*run.STEPS_BEFORE, "_process_batch", *run.STEPS_AFTER)
    originals = {name: getattr(model, name) for name in names}
    for name, original in originals.items():
        setattr(model, name, timed(name, original))
    try:
        yield times
    finally:
        for name, original in originals.items():
            setattr(model, name, original)


def oca_run(env, company, today, policy):
    """OCA's credit-control run of ``today``, as its *Compute Credit Lines* button."""
    run = env["credit.control.run"].create(
        {"date": today, "policy_ids": [Command.set(policy.ids)], "company_id": company.id}
    )
    run.generate_credit_lines()
    return run


def escalations(env, company, today, policy, warm_up):
    """Our daily run without reminders, then OCA's run; both committed."""
    if warm_up:  # each side once, rolled back: both measured with warm caches
        env["debt.escalation"]._run(company)
        env.cr.rollback()
        oca_run(env, company, today, policy)
        env.cr.rollback()
    with step_times(env) as steps:
        ours = measure(env, lambda: env["debt.escalation"]._run(company))
    ours += ({name: round(seconds, 3) for name, seconds in steps.items()},)
    env.cr.commit()
    oca = measure(env, lambda: oca_run(env, company, today, policy))
    env.cr.commit()
    return ours, oca


def oca_emailer(env, run, debtor_ids):
    """OCA's emailer wizard on the lines of ``debtor_ids``, set to be sent; its communications."""
    lines = run.line_ids.filtered(lambda line: line.partner_id.id in set(debtor_ids))
    lines.write({"state": "to_be_sent"})
    env.flush_all()
    since = env.execute_query(SQL("SELECT COALESCE(max(id), 0) FROM credit_control_communication"))[
        0
    ][0]
    Emailer = env["credit.control.emailer"].with_context(mail_notify_force_send=False)
    _comms, seconds, queries = measure(
        env, lambda: Emailer.create({"line_ids": [Command.set(lines.ids)]}).email_lines()
    )
    comms = env["credit.control.communication"].search([("id", ">", since)])
    oca = side(seconds, queries, len(debtor_ids), "debtor")
    oca.update(communications=len(comms), debtors=len(comms.partner_id), lines=len(lines))
    return oca


def emails(env, company, debtor_ids, now, run, warm_up):
    """Both sides' email reminders of ``debtor_ids``, each rolled back."""
    if warm_up:  # one other debtor each side, rolled back
        reminders.run_channel(env, company, warm_up, now, "email")
        env.cr.rollback()
        oca_emailer(env, run, warm_up)
        env.cr.rollback()
    since = last_mail(env)
    ours = reminders.run_channel(env, company, debtor_ids, now, "email")
    ours["queue"] = new_mails(env, since)
    env.cr.rollback()
    since = last_mail(env)
    oca = oca_emailer(env, run, debtor_ids)
    oca["queue"] = new_mails(env, since)
    env.cr.rollback()
    checks = {
        "same_debtors_emailed": ours["queue"]["debtors"] == oca["queue"]["debtors"],
        "debtors_emailed": [len(ours["queue"]["debtors"]), len(oca["queue"]["debtors"])],
        "queued_mails": [ours["queue"]["outgoing"], oca["queue"]["outgoing"]],
        "pdf_attachments": [ours["queue"]["attachments"], oca["queue"]["attachments"]],
    }
    for queue in (ours["queue"], oca["queue"]):
        queue["debtors"] = len(queue["debtors"])
    return ours, oca, checks


def ours_with_pdf(env, company, debtor_ids, now):
    """Our email reminders with the statement attached as a PDF, as OCA's are:
    the send, then the deferred job that renders and attaches the PDFs."""
    company.debt_reminder_attach_pdf = True
    since = last_mail(env)
    sent = reminders.run_channel(env, company, debtor_ids, now, "email")
    contacts = env["debt.contact"].search(
        [("document_pending", "=", True), ("partner_id", "in", debtor_ids)]
    )
    engine = env["debt.reminder"].sudo()
    _none, seconds, queries = measure(env, lambda: engine._attach_documents(contacts))
    queries += round(sent["queries_per_debtor"] * len(debtor_ids))
    result = side(sent["seconds"] + seconds, queries, len(debtor_ids), "debtor")
    result.update(send_seconds=sent["seconds"], documents_seconds=round(seconds, 3))
    result["queue"] = new_mails(env, since)
    result["queue"]["debtors"] = len(result["queue"]["debtors"])
    env.cr.rollback()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--debtors", type=int, default=10_000)
    parser.add_argument("--invoices-per-debtor", type=int, default=10)
    parser.add_argument("--email-debtors", type=int, default=1_000)
    parser.add_argument(
        "--pdf-debtors", type=int, default=50, help="ours with the statement attached, a sample"
    )
    parser.add_argument(
        "--no-warm-up", dest="warm_up", action="store_false", help="measure cold, ours first"
    )
    parser.add_argument(
        "--second-day",
        action="store_true",
        help="both daily runs again the next day (OCA's took 15 minutes at 100,000 invoices)",
    )
    args, _rest = parser.parse_known_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    copy = f"{args.database}_run"
    realdata.drop_database(copy)
    realdata.copy_database(args.database, copy)
    result = {"benchmark": "peer", "peer": f"account_credit_control {oca_version()}"}
    try:
        result.update(run_peer(Registry(copy), args))
    finally:
        realdata.drop_database(copy)
    result["load_at_end"] = round(os.getloadavg()[0], 2)
    sys.stdout.write(json.dumps(result) + "\n")


def run_peer(registry, args):
    result = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.company
        installed = env["ir.module.module"].search(
            [("name", "=", "account_credit_control"), ("state", "=", "installed")]
        )
        if not installed:
            sys.exit("account_credit_control is not installed in the database (tools/bench.sh)")
        started = time.perf_counter()
        data = realdata.build(env, args.debtors, args.invoices_per_debtor)
        policy = oca_policy(env, company)
        realdata.analyze(
            cr, "account_move", "account_move_line", "account_partial_reconcile", "res_partner"
        )
        result["warm_up"] = args.warm_up
        result["build_seconds"] = round(time.perf_counter() - started, 1)
        result["debtors"] = len(data.partner_ids)
        result["invoices"] = len(data.invoice_ids)
        today = fields.Date.context_today(env["debt.reminder"])
        result["load_at_escalation"] = round(os.getloadavg()[0], 2)  # the machine is shared
        ours, (run, seconds, queries) = escalations(env, company, today, policy, args.warm_up)
        escalated = ours[0]["_step_escalation"]
        result["ours_escalation"] = side(ours[1], ours[2], escalated, "invoice")
        result["ours_escalation"]["invoices"] = escalated
        result["ours_escalation"]["steps"] = ours[3]
        result["oca_run"] = side(seconds, queries, len(run.line_ids), "line")
        result["oca_run"]["lines"] = len(run.line_ids)
        result["escalation_speedup"] = round(seconds / ours[1], 1)
        _logger.info("escalation: %s", json.dumps(result))  # kept if the emails are cut short
        realdata.analyze(cr, "debt_item", "credit_control_line")
        # The same debtors on both sides: pending for us, with lines to send for OCA.
        pending = set(env["debt.reminder"]._pending_debtors(company).get(company, []))
        with_lines = set(run.line_ids.partner_id.ids)
        both = sorted(pending & with_lines & set(data.partner_ids))
        both, spare = both[: args.email_debtors], both[args.email_debtors :][:1]
        result["email_debtors"] = len(both)
        now = datetime.combine(today, dtime(12, 0))
        result["load_at_emails"] = round(os.getloadavg()[0], 2)
        ours, oca, checks = emails(env, company, both, now, run, args.warm_up and spare)
        result["ours_email"] = ours
        result["oca_emailer"] = oca
        result["email_speedup"] = round(oca["seconds"] / ours["seconds"], 1)
        _logger.info("emails: %s", json.dumps([ours, oca]))
        # [ours, OCA]; ours links the statement unless the company attaches it.
        result["checks"] = dict(checks, ours_attach_pdf=company.debt_reminder_attach_pdf)
        if args.pdf_debtors:
            pdf = ours_with_pdf(env, company, both[: args.pdf_debtors], now)
            result["ours_email_with_pdf"] = pdf
            result["email_with_pdf_speedup"] = round(
                oca["ms_per_debtor"] / max(pdf["ms_per_debtor"], 0.01), 1
            )
        if args.second_day:
            result.update(second_day(env, company, today, policy))
    return result


def second_day(env, company, today, policy):
    """Both runs again the next day, as a deployment runs them every day:
    ours updates what it wrote the first day, OCA's compares with its lines."""
    realdata.analyze(env.cr, "debt_item", "debt_stage_history", "credit_control_line")
    tomorrow = today + timedelta(days=1)
    _run, seconds, queries = measure(
        env, lambda: env["debt.escalation"]._run(company, run_date=tomorrow)
    )
    ours = side(seconds, queries, 1, "run")
    env.cr.commit()
    _run, seconds, queries = measure(env, lambda: oca_run(env, company, tomorrow, policy))
    env.cr.commit()
    return {
        "ours_second_day": ours,
        "oca_second_day": side(seconds, queries, 1, "run"),
        "second_day_speedup": round(seconds / ours["seconds"], 1),
    }


if __name__ == "__main__":
    main()
