from datetime import date, timedelta

from odoo import Command, fields
from odoo.tests import new_test_user
from odoo.tools import SQL

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


def clone_invoices(env, template, due_dates, partner_ids=None):
    """Copies of the posted invoice ``template``, one per due date, in one INSERT.

    Only ``account_move`` rows are copied (same open amount, no lines): what
    the daily run reads. For volume tests and benchmarks, where creating
    thousands of invoices through the ORM would take minutes.
    ``partner_ids`` (same length as ``due_dates``) spreads them over debtors.
    Returns the new ids.
    """
    env.flush_all()
    partner_ids = partner_ids or [template.commercial_partner_id.id] * len(due_dates)
    rows = env.execute_query(
        SQL(
            """
WITH v AS (
    SELECT nextval('account_move_id_seq') AS id, due, partner_id
      FROM unnest(%(dues)s::date[], %(partners)s::int[]) AS u(due, partner_id)
)
INSERT INTO account_move
SELECT (jsonb_populate_record(m, jsonb_build_object(
            'id', v.id,
            'name', m.name || '/' || v.id,
            'invoice_date', LEAST(v.due, m.invoice_date),
            'date', LEAST(v.due, m.invoice_date),
            'invoice_date_due', v.due,
            'partner_id', v.partner_id,
            'commercial_partner_id', v.partner_id))).*
  FROM account_move m, v
 WHERE m.id = %(template)s
RETURNING id
            """,
            dues=list(due_dates),
            partners=partner_ids,
            template=template.id,
        )
    )
    env["account.move"].invalidate_model()
    return [move_id for (move_id,) in rows]


class DebtRecoveryCommon(AccountTestInvoicingCommon):
    """Invoices N days overdue relative to today, and the two collection roles.

    The test runs as Odoo's accounting test user, made a Collections Manager.
    """

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.quick_ref("debt_recovery.group_debt_manager")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["account.move"])
        cls.debtor = cls.env["res.partner"].create(
            {"name": "Slowpay Ltd", "is_company": True, "email": "ap@slowpay.example"}
        )
        cls.clerk = new_test_user(
            cls.env,
            login="dr_clerk",
            groups="debt_recovery.group_debt_user",
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )
        cls.manager = new_test_user(
            cls.env,
            login="dr_manager",
            groups="debt_recovery.group_debt_manager",
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )

    @classmethod
    def _reference_rates(cls, source, rate):
        """A ``source`` rate over last year to next year where none is shipped
        (the shipped table ends with 2025): letters with interest need one."""
        year = cls.today.year
        Rate = cls.env["debt.interest.rate"]
        for start, end in (
            (date(year - 1, 1, 1), date(year, 6, 30)),
            (date(year, 7, 1), date(year + 1, 12, 31)),
        ):
            covered = Rate.search(
                [("source", "=", source), ("date_from", "<=", end), ("date_to", ">=", start)]
            )
            if not covered:
                Rate.create({"source": source, "date_from": start, "date_to": end, "rate": rate})
            elif max(covered.mapped("date_to")) < end:
                Rate.create(
                    {
                        "source": source,
                        "date_from": max(covered.mapped("date_to")) + timedelta(days=1),
                        "date_to": end,
                        "rate": rate,
                    }
                )

    @classmethod
    def _overdue_invoice(cls, days_overdue, amount=1000.0, partner=None, post=True, **kwargs):
        """A customer invoice whose due date is ``days_overdue`` days before today."""
        due = cls.today - timedelta(days=days_overdue)
        return cls._create_invoice_one_line(
            price_unit=amount,
            tax_ids=[],
            partner_id=partner or cls.debtor,
            invoice_date=min(due, cls.today),
            invoice_date_due=due,
            invoice_payment_term_id=False,
            post=post,
            **kwargs,
        )

    @classmethod
    def _invoice_due(cls, due, amount, partner=None):
        """A posted customer invoice of ``amount`` (no tax) due on ``due``,
        issued 30 days before: the interest tests' invoice."""
        return cls._create_invoice_one_line(
            price_unit=amount,
            tax_ids=[],
            partner_id=partner or cls.debtor,
            invoice_date=due - timedelta(days=30),
            invoice_date_due=due,
            invoice_payment_term_id=False,
            post=True,
        )

    @classmethod
    def _place(cls, moves, agency=None, partner=None):
        """A draft placement of ``moves`` with an agency that has a contact:
        what a notice of hand-over announces."""
        agency = agency or cls.env["debt.agency"].create(
            {
                "name": "Recover & Co",
                "partner_id": cls.env["res.partner"]
                .create(
                    {
                        "name": "Recover & Co Collections",
                        "street": "7 Agency Road",
                        "city": "Leeds",
                        "phone": "+44 113 496 0000",
                        "email": "cases@recover.example",
                    }
                )
                .id,
            }
        )
        return cls.env["debt.placement"].create(
            {
                "agency_id": agency.id,
                "partner_id": (partner or cls.debtor).id,
                "move_ids": [(6, 0, moves.ids)],
            }
        )

    @classmethod
    def _pay(cls, invoice, amount, date=None):
        """Register a real payment through Odoo's wizard."""
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": date or cls.today})
            ._create_payments()
        )
