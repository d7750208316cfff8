from odoo.tests import tagged

from .common import DebtRecoveryCommon

LADDER = [
    # code, phase, trigger, threshold, requires approval
    ("PREV", "preventive", "days", -3, False),
    ("REM1", "administrative", "days", 1, False),
    ("REM2", "administrative", "days", 15, False),
    ("DEMAND", "extrajudicial", "days", 30, False),
    ("FINAL", "extrajudicial", "days", 60, False),
    ("AGENCY", "agency", "days", 90, True),
    ("COURT", "judicial", "manual", None, True),
    ("ENFORCE", "enforcement", "manual", None, True),
    ("WRITEOFF", "closed", "manual", None, True),
]


@tagged("post_install", "-at_install")
class TestInstall(DebtRecoveryCommon):
    def _ladder(self, company):
        stages = self.env["debt.stage"].sudo().search([("company_id", "=", company.id)])
        return [
            (
                s.code,
                s.phase,
                s.trigger,
                s.days_overdue if s.trigger == "days" else None,
                s.requires_approval,
            )
            for s in stages
        ]

    def test_main_company_has_shipped_ladder(self):
        main = self.env.ref("base.main_company")
        self.assertEqual(self._ladder(main), LADDER)
        self.assertEqual(self.env.ref("debt_recovery.stage_formal_demand").sudo().company_id, main)

    def test_every_company_gets_its_own_ladder(self):
        # The test company was created after the install: the create hook gave it a copy.
        company = self.env.company
        self.assertNotEqual(company, self.env.ref("base.main_company"))
        self.assertEqual(self._ladder(company), LADDER)
        new_company = self.env["res.company"].create({"name": "Newco"})
        self.assertEqual(self._ladder(new_company), LADDER)
        # Copies are independent of the template.
        stage = self.env["debt.stage"].search(
            [("company_id", "=", new_company.id), ("code", "=", "REM1")]
        )
        stage.days_overdue = 5
        self.assertEqual(self.env.ref("debt_recovery.stage_reminder").sudo().days_overdue, 1)

    def test_ladder_is_not_duplicated(self):
        stages = self.env["debt.stage"].search_count([("company_id", "=", self.env.company.id)])
        self.env["debt.stage"]._create_default_ladder(self.env.company)
        self.assertEqual(
            self.env["debt.stage"].search_count([("company_id", "=", self.env.company.id)]),
            stages,
        )

    def test_groups(self):
        self.assertTrue(self.manager.has_group("debt_recovery.group_debt_user"))
        self.assertTrue(self.clerk.has_group("account.group_account_invoice"))
        self.assertFalse(self.clerk.has_group("debt_recovery.group_debt_manager"))
        self.assertTrue(
            self.env.ref("base.user_admin").has_group("debt_recovery.group_debt_manager")
        )

    def test_hold_columns_exist_with_values(self):
        """The pre-init hook created the hold columns; the ORM keeps filling them."""
        invoice = self._overdue_invoice(10)
        self.assertFalse(invoice.debt_hold_reason)
        invoice.no_followup = True
        self.assertEqual(invoice.debt_hold_reason, "no_followup")
