"""The agency exchange as a ledger: one row per agency report applied to a
placement. A report is applied once: its identity (placement, the agency's
reference, date, status, amount, currency) is unique, whatever file brings
it again. What the agency recovered is the sum of its payment rows."""

from odoo import fields, models

from ..core.agency_status import STATUSES

STATUS_SELECTION = [(code, code.replace("_", " ").capitalize()) for code in STATUSES]


class DebtPlacementEvent(models.Model):
    _name = "debt.placement.event"
    _description = "Agency Report on a Placement"
    _order = "date desc, id desc"
    _check_company_auto = True

    placement_id = fields.Many2one(
        "debt.placement", required=True, readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="placement_id.company_id", store=True, index=True, precompute=True
    )
    agency_id = fields.Many2one(related="placement_id.agency_id", store=True)
    status_file_id = fields.Many2one(
        "debt.agency.status.file",
        string="Status file",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    line = fields.Integer(readonly=True, help="Line of the status file that reported it.")
    reference = fields.Char(string="Agency reference", readonly=True)
    date = fields.Date(required=True, readonly=True)
    status = fields.Selection(STATUS_SELECTION, required=True, readonly=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    amount = fields.Monetary(string="Amount reported", currency_field="currency_id", readonly=True)
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company currency"
    )
    amount_company = fields.Monetary(
        string="Amount",
        currency_field="company_currency_id",
        readonly=True,
        help="The amount reported, in the company's currency at the date of the report.",
    )
    commission = fields.Monetary(currency_field="currency_id", readonly=True)
    note = fields.Char(readonly=True)
    payment_id = fields.Many2one(
        "account.payment", string="Draft payment", readonly=True, check_company=True
    )

    _identity_uniq = models.UniqueIndex(
        "(placement_id, COALESCE(reference, ''), date, status, amount, currency_id)",
        "This agency report is already booked on the placement.",
    )
    _amounts_positive = models.Constraint(
        "CHECK(amount >= 0 AND amount_company >= 0 AND commission >= 0)",
        "Agency reports hold no negative amount.",
    )
