"""Real receivables for the benchmarks: posted invoices with lines and taxes,
partial and full payments, applied and open credit notes.

A few template debtors get their books through the ORM (invoices of two
taxed lines, bank entries reconciled with some of them, a partial credit
note applied to one, an open credit note); every other debtor is a bulk SQL
copy of one template's complete moves (``account_move``, its journal items
with their taxes and tags, partial and full reconciliations), shifted by a
few days so that due dates spread. The copies are what the ORM would have
written: residuals, payment states and matching numbers included.
"""

import logging
import os
import random
import shutil
import time
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta

import odoo
from odoo import Command, fields
from odoo.modules.registry import Registry
from odoo.tools import SQL

_logger = logging.getLogger(__name__)
TEMPLATES = 5


@dataclass
class Data:
    partner_ids: list = field(default_factory=list)
    invoice_ids: list = field(default_factory=list)  # open or paid customer invoices
    move_ids: list = field(default_factory=list)  # every move made (invoices, refunds, bank)


def _postgres(statement):
    with closing(odoo.sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
        cr.execute(statement)


def copy_database(source, target):
    """``target``, a copy of ``source`` with its filestore."""
    odoo.sql_db.close_db(source)
    _postgres(SQL("CREATE DATABASE %s TEMPLATE %s", SQL.identifier(target), SQL.identifier(source)))
    filestore = odoo.tools.config.filestore
    if os.path.isdir(filestore(source)):
        shutil.copytree(filestore(source), filestore(target))


def drop_database(name):
    Registry.delete(name)
    odoo.sql_db.close_db(name)
    _postgres(SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)", SQL.identifier(name)))
    shutil.rmtree(odoo.tools.config.filestore(name), ignore_errors=True)


def analyze(cr, *tables):
    """ANALYZE ``tables``, committed with what the transaction made. Rolled
    back, an ANALYZE leaves the tables without statistics while PostgreSQL's
    counters say they were analyzed, so autovacuum does not do it again: the
    bench then measures plans made blind (session 6's peer run at 100,000
    invoices timed our daily run at 27.8 s that way)."""
    cr.execute(SQL("ANALYZE %s", SQL(", ").join(SQL.identifier(table) for table in tables)))
    cr.commit()


def _sale_tax(env, company):
    tax = env["account.tax"].search(
        [("type_tax_use", "=", "sale"), ("amount_type", "=", "percent"), ("amount", ">", 0)]
        + [("company_id", "=", company.id)],
        limit=1,
    )
    return tax or env["account.tax"].create(
        {"name": "Bench VAT 21%", "amount": 21.0, "type_tax_use": "sale", "company_id": company.id}
    )


def _bank_entry(env, company, partner, receivable, amount, day):
    """A bank receipt as the bank reconciliation books it: debit bank, credit receivable."""
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    entry = env["account.move"].create(
        {
            "move_type": "entry",
            "journal_id": journal.id,
            "date": day,
            "line_ids": [
                Command.create(
                    {"account_id": journal.default_account_id.id, "debit": amount, "name": "Bank"}
                ),
                Command.create(
                    {
                        "account_id": receivable.id,
                        "partner_id": partner.id,
                        "credit": amount,
                        "name": "Customer payment",
                    }
                ),
            ],
        }
    )
    entry.action_post()
    return entry


def _receivable_line(move):
    return move.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")


def _template_books(env, company, partner, per_debtor, today, rng):
    """One debtor's invoices, payments and credit notes through the ORM."""
    tax = _sale_tax(env, company)
    Move = env["account.move"]
    invoices = Move.create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": today - timedelta(days=due + 30),
                "invoice_date_due": today - timedelta(days=due),
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Consulting",
                            "quantity": rng.randint(1, 8),
                            "price_unit": rng.choice((95.0, 120.0, 250.0)),
                            "tax_ids": [Command.set(tax.ids)],
                        }
                    ),
                    Command.create(
                        {
                            "name": "Materials",
                            "quantity": 1,
                            "price_unit": rng.choice((40.0, 310.5, 1200.0)),
                            "tax_ids": [Command.set(tax.ids)],
                        }
                    ),
                ],
            }
            for due in sorted(rng.randint(-10, 150) for _ in range(per_debtor))
        ]
    )
    invoices.action_post()
    receivable = _receivable_line(invoices[0]).account_id
    made = invoices
    # The oldest paid in full, the next two in part.
    for invoice, share in zip(invoices, (1.0, 0.4, 0.25), strict=False):
        amount = invoice.currency_id.round(invoice.amount_total * share)
        entry = _bank_entry(env, company, partner, receivable, amount, today)
        (_receivable_line(invoice) | _receivable_line(entry)).reconcile()
        made |= entry
    # A credit note applied to one invoice in part, and one left open.
    refunds = Move.create(
        [
            {
                "move_type": "out_refund",
                "partner_id": partner.id,
                "invoice_date": today - timedelta(days=5),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Return", "price_unit": price, "tax_ids": [Command.set(tax.ids)]}
                    )
                ],
            }
            for price in (50.0, 30.0)
        ]
    )
    refunds.action_post()
    target = invoices[min(3, len(invoices) - 1)]
    (_receivable_line(target) | _receivable_line(refunds[0])).reconcile()
    return invoices, made | refunds


def build(env, debtors=1_000, invoices_per_debtor=10, seed=42):
    """``debtors`` debtors with ``invoices_per_debtor`` invoices each; returns Data."""
    rng = random.Random(seed)
    company = env.company
    today = fields.Date.context_today(env["account.move"])
    templates = min(TEMPLATES, debtors)
    partners = env["res.partner"].create(
        [
            {"name": f"Bench debtor T{n}", "is_company": True, "lang": "en_US", "tz": "UTC"}
            for n in range(templates)
        ]
    )
    data = Data(partner_ids=partners.ids)
    _reference_rates(env, today)
    if not company.partner_id.bank_ids:  # letters say where to pay
        env["res.partner.bank"].create(
            {"partner_id": company.partner_id.id, "acc_number": "BE71096123456769"}
        )
    template_moves = {}
    for partner in partners:
        invoices, made = _template_books(env, company, partner, invoices_per_debtor, today, rng)
        data.invoice_ids += invoices.ids
        data.move_ids += made.ids
        template_moves[partner.id] = made.ids
    env.flush_all()
    copies = debtors - templates
    if copies > 0:
        sources = [partners.ids[n % templates] for n in range(copies)]
        shifts = [rng.randint(-20, 20) for _ in range(copies)]
        new_partners = _copy_partners(env, sources)
        _copy_books(env, sources, new_partners, shifts, sum(template_moves.values(), []))
        data.partner_ids += new_partners
        rows = env.execute_query(
            SQL(
                "SELECT id, move_type FROM account_move WHERE commercial_partner_id = ANY(%s)",
                new_partners,
            )
        )
        data.move_ids += [move_id for move_id, _type in rows]
        data.invoice_ids += [move_id for move_id, kind in rows if kind == "out_invoice"]
    env.execute_query(
        SQL(
            "UPDATE res_partner SET email = 'debtor' || id || '@bench.example',"
            " phone = '+3247' || lpad(id::text, 7, '0'), street = id || ' Rue Haute',"
            " city = 'Brussels', zip = '1000' WHERE id = ANY(%s)",
            data.partner_ids,
        )
    )
    env.invalidate_all()
    env.cr.commit()
    return data


def _reference_rates(env, today):
    """Reference rates over the invoices' period where none is shipped (letters claim interest)."""
    Rate = env["debt.interest.rate"]
    start, end = date(today.year - 1, 1, 1), date(today.year + 1, 12, 31)
    for source in ("ecb", "boe", "de_base"):
        covered = Rate.search(
            [("source", "=", source), ("date_from", "<=", end), ("date_to", ">=", start)]
        )
        first = max(covered.mapped("date_to"), default=start - timedelta(days=1))
        if first < end:
            Rate.create(
                {
                    "source": source,
                    "date_from": first + timedelta(days=1),
                    "date_to": end,
                    "rate": 2.0,
                }
            )


def _copy_partners(env, sources):
    rows = env.execute_query(
        SQL(
            """
INSERT INTO res_partner
SELECT (jsonb_populate_record(p, jsonb_build_object(
            'id', v.id, 'name', 'Bench debtor ' || v.id, 'complete_name', 'Bench debtor ' || v.id,
            'commercial_partner_id', v.id))).*
  FROM (SELECT nextval('res_partner_id_seq') AS id, src, n
          FROM unnest(%(sources)s::int[]) WITH ORDINALITY AS u(src, n)) v
  JOIN res_partner p ON p.id = v.src
 ORDER BY v.n
RETURNING id
            """,
            sources=sources,
        )
    )
    return [pid for (pid,) in rows]


def _copy_books(env, sources, partners, shifts, template_move_ids):
    """Each template's moves copied to each of its copies: seven statements."""
    execute = env.execute_query
    execute(
        SQL(
            """
CREATE TEMP TABLE rd_move ON COMMIT DROP AS
SELECT nextval('account_move_id_seq') AS new_id, m.id AS old_id, c.partner, c.shift
  FROM unnest(%(sources)s::int[], %(partners)s::int[], %(shifts)s::int[]) AS c(src, partner, shift)
  JOIN account_move m ON m.commercial_partner_id = c.src AND m.id = ANY(%(moves)s)
 ORDER BY c.partner, m.id;
CREATE TEMP TABLE rd_line ON COMMIT DROP AS
SELECT nextval('account_move_line_id_seq') AS new_id, l.id AS old_id, r.new_id AS move_id,
       r.partner, r.shift
  FROM rd_move r JOIN account_move_line l ON l.move_id = r.old_id
 ORDER BY r.new_id, l.id;
CREATE TEMP TABLE rd_full ON COMMIT DROP AS
SELECT DISTINCT ON (f.id, r.partner) nextval('account_full_reconcile_id_seq') AS new_id,
       f.id AS old_id, r.partner
  FROM rd_line r JOIN account_move_line l ON l.id = r.old_id
  JOIN account_full_reconcile f ON f.id = l.full_reconcile_id;
CREATE TEMP TABLE rd_partial ON COMMIT DROP AS
SELECT nextval('account_partial_reconcile_id_seq') AS new_id, p.id AS old_id, r.partner, r.shift
  FROM account_partial_reconcile p JOIN rd_line r ON r.old_id = p.debit_move_id
 ORDER BY r.partner, p.id;
CREATE TEMP TABLE rd_match ON COMMIT DROP AS
SELECT 'P' || old_id AS old_number, partner, 'P' || new_id AS new_number FROM rd_partial;
CREATE INDEX ON rd_move (old_id, partner);
CREATE INDEX ON rd_line (old_id, partner);
CREATE INDEX ON rd_match (old_number, partner);
ANALYZE rd_move, rd_line, rd_full, rd_partial, rd_match;
            """,
            sources=sources,
            partners=partners,
            shifts=shifts,
            moves=template_move_ids,
        )
    )
    for statement in (
        """
INSERT INTO account_move
SELECT (jsonb_populate_record(m, jsonb_build_object(
            'id', r.new_id, 'name', m.name || '/' || r.new_id,
            'partner_id', CASE WHEN m.partner_id IS NOT NULL THEN r.partner END,
            'commercial_partner_id',
                CASE WHEN m.commercial_partner_id IS NOT NULL THEN r.partner END,
            'partner_shipping_id', CASE WHEN m.partner_shipping_id IS NOT NULL THEN r.partner END,
            'date', m.date + r.shift, 'invoice_date', m.invoice_date + r.shift,
            'invoice_date_due', m.invoice_date_due + r.shift,
            'reversed_entry_id', rev.new_id, 'access_token', NULL))).*
  FROM rd_move r JOIN account_move m ON m.id = r.old_id
  LEFT JOIN rd_move rev ON rev.old_id = m.reversed_entry_id AND rev.partner = r.partner
        """,
        """
INSERT INTO account_full_reconcile
SELECT (jsonb_populate_record(f, jsonb_build_object('id', r.new_id))).*
  FROM rd_full r JOIN account_full_reconcile f ON f.id = r.old_id
        """,
        """
INSERT INTO account_move_line
SELECT (jsonb_populate_record(l, jsonb_build_object(
            'id', r.new_id, 'move_id', r.move_id, 'move_name', m.name,
            'partner_id', CASE WHEN l.partner_id IS NOT NULL THEN r.partner END,
            'date', l.date + r.shift, 'invoice_date', l.invoice_date + r.shift,
            'date_maturity', l.date_maturity + r.shift,
            'full_reconcile_id', f.new_id,
            'matching_number', COALESCE(f.new_id::text, x.new_number)))).*
  FROM rd_line r JOIN account_move_line l ON l.id = r.old_id
  JOIN account_move m ON m.id = r.move_id
  LEFT JOIN rd_full f ON f.old_id = l.full_reconcile_id AND f.partner = r.partner
  LEFT JOIN rd_match x ON x.old_number = l.matching_number AND x.partner = r.partner
        """,
        """
INSERT INTO account_partial_reconcile
SELECT (jsonb_populate_record(p, jsonb_build_object(
            'id', r.new_id, 'debit_move_id', d.new_id, 'credit_move_id', c.new_id,
            'full_reconcile_id', f.new_id, 'max_date', p.max_date + r.shift))).*
  FROM rd_partial r JOIN account_partial_reconcile p ON p.id = r.old_id
  JOIN rd_line d ON d.old_id = p.debit_move_id AND d.partner = r.partner
  JOIN rd_line c ON c.old_id = p.credit_move_id AND c.partner = r.partner
  LEFT JOIN rd_full f ON f.old_id = p.full_reconcile_id AND f.partner = r.partner
        """,
        """
INSERT INTO account_move_line_account_tax_rel (account_move_line_id, account_tax_id)
SELECT r.new_id, t.account_tax_id
  FROM rd_line r JOIN account_move_line_account_tax_rel t ON t.account_move_line_id = r.old_id
        """,
        """
INSERT INTO account_account_tag_account_move_line_rel (account_move_line_id, account_account_tag_id)
SELECT r.new_id, t.account_account_tag_id
  FROM rd_line r
  JOIN account_account_tag_account_move_line_rel t ON t.account_move_line_id = r.old_id
        """,
        """
DROP TABLE rd_move, rd_line, rd_full, rd_partial, rd_match
        """,
    ):
        started = time.perf_counter()
        execute(SQL(statement))
        _logger.info("%.2fs %s", time.perf_counter() - started, statement.split()[2])


def remove(env, data):
    """Everything ``build`` made, and what the benchmarks wrote about it."""
    env.cr.rollback()
    execute = env.execute_query
    moves, partners = data.move_ids, data.partner_ids
    execute(
        SQL(
            """
DELETE FROM account_partial_reconcile p USING account_move_line l
 WHERE l.id IN (p.debit_move_id, p.credit_move_id) AND l.move_id = ANY(%(moves)s);
DELETE FROM account_full_reconcile f USING account_move_line l
 WHERE l.full_reconcile_id = f.id AND l.move_id = ANY(%(moves)s);
DELETE FROM debt_stage_history WHERE move_id = ANY(%(moves)s);
DELETE FROM debt_item WHERE move_id = ANY(%(moves)s);
DELETE FROM debt_contact WHERE partner_id = ANY(%(partners)s);
DELETE FROM mail_activity WHERE res_model = 'res.partner' AND res_id = ANY(%(partners)s);
DELETE FROM mail_message WHERE model = 'res.partner' AND res_id = ANY(%(partners)s);
DELETE FROM mail_message WHERE model = 'account.move' AND res_id = ANY(%(moves)s);
DELETE FROM ir_attachment WHERE res_model = 'res.partner' AND res_id = ANY(%(partners)s);
DELETE FROM account_move_line WHERE move_id = ANY(%(moves)s);
DELETE FROM account_move WHERE id = ANY(%(moves)s);
DELETE FROM mail_followers WHERE partner_id = ANY(%(partners)s);
DELETE FROM res_partner WHERE id = ANY(%(partners)s);
            """,
            moves=moves,
            partners=partners,
        )
    )
    env.cr.commit()
