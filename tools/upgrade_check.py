"""Upgrades keep data: ``make test`` creates collection data through the real
flows, snapshots it, runs ``-u debt_recovery``, and compares.

    upgrade_check.py -c CONF -d DB make      # data through the flows, then a snapshot
    upgrade_check.py -c CONF -d DB compare   # after -u: every record and value intact

The data: invoices escalated by the daily run, a promise and a dispute taken
through their wizards and actions, a placement handed over with an agency
report booked, contacts logged, a collector per company, a stage edited by a
manager, reminder caps and segment pace changed. The snapshot is JSON (ids
and the values users entered or the run decided) written next to the
database's logs. Exit status 1 on any difference.
"""

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry

MODELS = {
    "debt.stage": ["name", "code", "sequence", "days_overdue", "active", "company_id"],
    "debt.promise": ["name", "state", "amount", "promised_date", "partner_id", "move_ids"],
    "debt.dispute": ["name", "state", "amount", "reason", "move_id"],
    "debt.contact": ["summary", "channel", "outcome", "partner_id", "move_ids", "stage_id"],
    "debt.placement": ["name", "state", "amount_recovered", "agency_id", "move_ids"],
    "debt.placement.event": ["placement_id", "status", "amount", "date"],
    "debt.item": ["move_id", "stage_id", "stage_date"],
    "debt.stage.history": ["move_id", "stage_id", "date_entered", "date_left"],
}
PARTNER_FIELDS = ["debt_collector_id", "debt_note", "debt_do_not_contact"]


def _env(cr):
    return api.Environment(cr, SUPERUSER_ID, {})


def make(env):
    today = fields.Date.context_today(env["res.partner"])
    company = env.company
    debtor = env["res.partner"].create(
        {"name": "Upgrade Check Ltd", "is_company": True, "email": "ap@upgrade.example"}
    )
    debtor.debt_collector_id = env.user
    debtor.debt_note = "<p>Pays after a call.</p>"
    product = env["product.product"].create({"name": "Upgrade check service"})
    journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
    )
    moves = env["account.move"]
    for days, amount in ((95, 1200.0), (40, 800.0), (10, 300.0)):
        due = today - timedelta(days=days)
        moves |= env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": debtor.id,
                "journal_id": journal.id,
                "invoice_date": due,
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "price_unit": amount, "tax_ids": []})
                ],
            }
        )
    moves.action_post()
    moves.invoice_date_due = False  # the payment term rewrote it: set it back
    for move, days in zip(moves, (95, 40, 10), strict=True):
        move.invoice_date_due = today - timedelta(days=days)
    env["debt.escalation"]._run(company)
    old, middle, recent = moves
    wizard = (
        env["debt.promise.wizard"]
        .with_context(active_model="account.move", active_ids=recent.ids)
        .create({"amount": recent.amount_residual, "first_date": today + timedelta(days=7)})
    )
    wizard.action_confirm()
    env["debt.dispute"].create({"move_id": middle.id, "amount": 100.0, "reason": "quantity"})
    agency = env["debt.agency"].create({"name": "Upgrade Check Agency", "kind": "agency"})
    placement = env["debt.placement"].create(
        {"agency_id": agency.id, "partner_id": debtor.id, "move_ids": [Command.set(old.ids)]}
    )
    placement.action_mark_sent()
    report = (
        "placement,status,date,amount_collected,commission,currency,note\n"
        f"{placement.name},payment,{today.isoformat()},200,,{company.currency_id.name},"
        "first installment\n"
    )
    env["debt.agency.status.file"]._import(agency, "status.csv", report.encode(), False)
    stage = env["debt.stage"].search([("company_id", "=", company.id)], limit=1)
    stage.name = stage.name + " (edited)"
    if hasattr(company, "_debt_set_caps"):
        company._debt_set_caps({"email": 5, "phone": 4})
        company._debt_set_pace({"first_time": 12, "bad_debt": -20})
    else:  # before 19.0.1.2.0: a column per channel and segment
        company.write(
            {
                "debt_cap_email": 5,
                "debt_cap_phone": 4,
                "debt_offset_first_time": 12,
                "debt_offset_bad_debt": -20,
            }
        )


def snapshot(env):
    data = {}
    for model, names in MODELS.items():
        if model not in env:
            continue
        records = env[model].with_context(active_test=False).search([], order="id")
        data[model] = {str(r.id): _values(r, names) for r in records}
    partners = env["res.partner"].search([("name", "=", "Upgrade Check Ltd")])
    data["res.partner"] = {str(p.id): _values(p, PARTNER_FIELDS) for p in partners}
    # Company settings through their accessors (the same shape before and after).
    data["res.company"] = {
        str(c.id): {
            "caps": c._debt_policy_values()["caps"],
            "offsets": {str(k): v for k, v in c._debt_segment_offsets().items()},
        }
        for c in env["res.company"].search([], order="id")
    }
    return data


def _values(record, names):
    values = {}
    for name in names:
        if name not in record._fields:
            continue
        value = record[name]
        if hasattr(value, "ids"):
            value = value.ids
        elif isinstance(value, date):  # datetimes too
            value = value.isoformat()
        values[name] = value
    return values


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("step", choices=["make", "compare"])
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    saved = Path(odoo.tools.config["data_dir"]) / f"upgrade-check-{args.database}.json"
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = _env(cr)
        if args.step == "make":
            make(env)
            env.flush_all()
            data = snapshot(env)
            saved.write_text(json.dumps(data, sort_keys=True, default=str))
            counts = {model: len(rows) for model, rows in data.items()}
            print(json.dumps({"upgrade_check": "made", "records": counts}))
            return 0
        before = json.loads(saved.read_text())
        after = json.loads(json.dumps(snapshot(env), sort_keys=True, default=str))
    lost = []
    for model, rows in before.items():
        for rec_id, values in rows.items():
            now = after.get(model, {}).get(rec_id)
            if now is None:
                lost.append(f"{model},{rec_id}: gone")
            elif now != values:
                changed = sorted(k for k in values if now.get(k) != values[k])
                lost.append(f"{model},{rec_id}: {', '.join(changed)} changed")
    total = sum(len(rows) for rows in before.values())
    print(json.dumps({"upgrade_check": "compared", "records": total, "differences": lost}))
    return 1 if lost or not total else 0


if __name__ == "__main__":
    sys.exit(main())
