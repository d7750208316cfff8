from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


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
    def _pay(cls, invoice, amount, date=None):
        """Register a real payment through Odoo's wizard."""
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": date or cls.today})
            ._create_payments()
        )
