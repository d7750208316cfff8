import io
from datetime import timedelta

from odoo import Command
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from ..core.claim import INSOLVENCY, MESSAGE, STATEMENT
from .common import DebtRecoveryCommon
from .test_claim import KINDS, ClaimFixture


@tagged("post_install", "-at_install")
class TestClaimsOfManyDebtors(ClaimFixture):
    """``_debt_claims`` of a mixed set of debtors gives each the claim it has
    alone: holds, disputes, promises, credit notes, payments, a foreign
    currency, a consumer, whole-debtor holds, a debtor owing nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The debtors under the company's law (EU, ECB) need this year's rate too.
        cls._reference_rates("ecb", 2.0)
        cls.excluded = cls.env["res.partner"].create(
            {"name": "Excluded SA", "is_company": True, "debt_excluded": True}
        )
        cls.insolvent = cls.env["res.partner"].create(
            {"name": "Nadir Holdings", "is_company": True, "debt_insolvent": True}
        )
        cls._overdue_invoice(40, amount=900.0, partner=cls.excluded)
        cls._overdue_invoice(40, amount=24000.0, partner=cls.insolvent)
        cls.nothing = cls.env["res.partner"].create({"name": "Paid Up", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Accounts payable", "parent_id": cls.debtor.id}
        )
        cls.env["debt.escalation"]._run(cls.company)
        cls.partners = (
            cls.debtor | cls.consumer | cls.excluded | cls.insolvent | cls.nothing | cls.contact
        )

    def test_each_debtor_as_alone(self):
        for kind in (*KINDS, MESSAGE, STATEMENT, INSOLVENCY):
            for charges in (None, True, False):
                moves = self.placed if kind == "handover" else None
                with self.subTest(kind=kind, charges=charges):
                    together = self.partners._debt_claims(
                        self.company, self.today, kind, moves=moves, charges=charges
                    )
                    self.assertEqual(set(together), set(self.partners.ids))
                    for partner in self.partners:
                        alone = partner._debt_claim(
                            self.company, self.today, kind, moves=moves, charges=charges
                        )
                        self.assertEqual(together[partner.id], alone, partner.name)
        claims = self.partners._debt_claims(self.company, self.today, "demand")
        self.assertEqual(list(claims[self.debtor.id]), [self.usd, self.eur])
        self.assertEqual(claims[self.contact.id], claims[self.debtor.id])
        self.assertEqual(claims[self.nothing.id], {})
        self.assertGreater(claims[self.consumer.id][self.usd].interest, 0)


@tagged("post_install", "-at_install")
class TestLetterBatchQueries(DebtRecoveryCommon):
    """The letter job reads a batch of letters in a query set: 12 letters take
    the queries of 3 plus at most one a letter (Odoo's layout looks up its
    paper format for each letter it lays out), not four times as many."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtors = cls.env["res.partner"].create(
            [
                {
                    "name": f"Debtor {n}",
                    "is_company": True,
                    "street": f"Rue Haute {n}",
                    "city": "Brussels",
                    "lang": "en_US",
                }
                for n in range(17)
            ]
        )
        due = cls.today - timedelta(days=5)
        invoices = cls.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": debtor.id,
                    "invoice_date": due - timedelta(days=n),
                    "invoice_date_due": due - timedelta(days=n),
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create({"name": "Work", "price_unit": 120.0 + n, "tax_ids": []})
                    ],
                }
                for n, debtor in enumerate(cls.debtors)
                for _invoice in range(2)
            ]
        )
        invoices.action_post()
        # Paid in part, so that each letter shows what settled its invoices.
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices[::2].ids
        ).create({"amount": 50.0, "group_payment": False})._create_payments()
        cls.env["debt.escalation"]._run(cls.env.company)
        cls.env["res.partner.bank"].create(
            {"partner_id": cls.env.company.partner_id.id, "acc_number": "BE71096123456769"}
        )
        stages = cls.env["debt.stage"].search([("company_id", "=", cls.env.company.id)])
        stages.apply_interest = False  # no reference rates here

    def _render(self, debtors):
        engine = self.env["debt.reminder"].with_context(force_report_rendering=True)
        report = self.env.ref("debt_recovery.action_report_debt_demand_letter")
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        pdfs, failed = engine._letter_pdfs(report, debtors)
        count = self.env.cr.sql_log_count - before
        self.assertFalse(failed)
        self.assertEqual(set(pdfs), set(debtors.ids))
        for pdf in pdfs.values():
            self.assertEqual(len(PdfFileReader(io.BytesIO(pdf)).pages), 1)
        return count

    def test_queries_do_not_grow_per_letter(self):
        self._render(self.debtors[:2])  # templates compiled, caches warm
        three = self._render(self.debtors[2:5])
        twelve = self._render(self.debtors[5:17])
        self.assertLessEqual(twelve - three, 9, f"3 letters: {three}, 12 letters: {twelve}")
