from odoo import models


class DebtLetterCourtesy(models.AbstractModel):
    """The collection letter of one kind, whatever the debtor's stage: the
    clerk chooses it from the Print menu. Values come from the collection letter."""

    _name = "report.debt_recovery.report_debt_letter_courtesy"
    _inherit = "report.debt_recovery.report_debt_demand_letter"
    _description = "Courtesy Reminder Letter"
    _debt_letter_kind = "courtesy"


class DebtLetterReminder(models.AbstractModel):
    _name = "report.debt_recovery.report_debt_letter_reminder"
    _inherit = "report.debt_recovery.report_debt_demand_letter"
    _description = "Payment Reminder Letter"
    _debt_letter_kind = "reminder"


class DebtLetterDemand(models.AbstractModel):
    _name = "report.debt_recovery.report_debt_letter_demand"
    _inherit = "report.debt_recovery.report_debt_demand_letter"
    _description = "Formal Demand Letter"
    _debt_letter_kind = "demand"


class DebtLetterFinal(models.AbstractModel):
    _name = "report.debt_recovery.report_debt_letter_final"
    _inherit = "report.debt_recovery.report_debt_demand_letter"
    _description = "Final Notice Letter"
    _debt_letter_kind = "final"


class DebtLetterHandover(models.AbstractModel):
    _name = "report.debt_recovery.report_debt_letter_handover"
    _inherit = "report.debt_recovery.report_debt_demand_letter"
    _description = "Hand-over Notice Letter"
    _debt_letter_kind = "handover"
