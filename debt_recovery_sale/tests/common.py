from datetime import timedelta

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.debt_recovery.tests.common import DebtRecoveryCommon


class DebtCreditCommon(DebtRecoveryCommon):
    """A debtor with open invoices, a credit rule helper, quotations without taxes,
    and the roles: a salesperson, a collections clerk, a collections manager."""

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.quick_ref("sales_team.group_sale_manager")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.salesperson = new_test_user(
            cls.env,
            login="dr_salesperson",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        cls.clerk.group_ids |= cls.quick_ref("sales_team.group_sale_salesman_all_leads")
        cls.manager.group_ids |= cls.quick_ref("sales_team.group_sale_salesman_all_leads")
        cls.currency = company.currency_id

    @classmethod
    def _rule(cls, kind, action="block", company=None, **values):
        return cls.env["debt.credit.rule"].create(
            {
                "company_id": (company or cls.env.company).id,
                "kind": kind,
                "action": action,
                **values,
            }
        )

    @classmethod
    def _quotation(cls, amount, partner=None, quantity=1.0, company=None, currency=None, **kw):
        """A quotation of ``quantity`` x product_a at ``amount`` each, without taxes."""
        company = company or cls.env.company
        values = {
            "partner_id": (partner or cls.debtor).id,
            "company_id": company.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": cls.product_a.id,
                        "product_uom_qty": quantity,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
            **kw,
        }
        if currency:
            pricelist = cls.env["product.pricelist"].create(
                {"name": currency.name, "currency_id": currency.id, "company_id": company.id}
            )
            values["pricelist_id"] = pricelist.id
        return cls.env["sale.order"].with_company(company).create(values)

    @classmethod
    def _credit_note(cls, amount, partner=None):
        return cls._create_invoice_one_line(
            move_type="out_refund",
            price_unit=amount,
            tax_ids=[],
            partner_id=partner or cls.debtor,
            invoice_date=cls.today - timedelta(days=1),
            post=True,
        )

    @classmethod
    def _unapplied_payment(cls, amount, partner=None):
        """Money received on the receivable account, not matched with an invoice yet."""
        bank = cls.company_data["default_journal_bank"].default_account_id
        payment = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": cls.today - timedelta(days=2),
                "ref": "Unapplied transfer",
                "line_ids": [
                    Command.create(
                        {
                            "account_id": cls.company_data["default_account_receivable"].id,
                            "partner_id": (partner or cls.debtor).id,
                            "credit": amount,
                            "name": "Unapplied transfer",
                        }
                    ),
                    Command.create(
                        {
                            "account_id": bank.id,
                            "debit": amount,
                        }
                    ),
                ],
            }
        )
        payment.action_post()
        return payment
