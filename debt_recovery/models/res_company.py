from decimal import Decimal

from odoo import api, fields, models

from ..core.disputes import DISPUTE_HOLD_MODES
from ..core.interest import FIXED, JURISDICTIONS, RATE_SOURCES, custom_profile
from ..core.segments import DEFAULT_OFFSETS


class ResCompany(models.Model):
    _inherit = "res.company"

    debt_stage_ids = fields.One2many("debt.stage", "company_id", string="Collection stages")
    debt_promise_tolerance_days = fields.Integer(
        string="Promise tolerance (days)",
        default=3,
        help="Days after a promised date before an unpaid promise counts as broken.",
    )
    debt_dispute_deadline_days = fields.Integer(
        string="Dispute deadline (days)",
        default=14,
        help="Days a new dispute has to be resolved in.",
    )
    debt_payment_deadline_days = fields.Integer(
        string="Payment deadline (days)",
        default=10,
        help="Days the debtor is given in a demand letter to pay.",
    )
    debt_jurisdiction = fields.Selection(
        JURISDICTIONS,
        string="Late-payment law",
        required=True,
        default="eu",
        help="How statutory interest and recovery compensation are computed, unless the "
        "debtor has its own.",
    )
    debt_custom_rate_source = fields.Selection(
        [*RATE_SOURCES, (FIXED, "Fixed rate")],
        string="Custom terms: reference rate",
        default=FIXED,
        help="For the 'Custom terms' law: the reference rate the margin is added to, or a "
        "fixed annual rate (the margin alone).",
    )
    debt_custom_margin = fields.Float(
        string="Custom terms: rate (%)",
        digits=(5, 2),
        help="Percentage points added to the reference rate, or the fixed annual rate.",
    )
    debt_custom_fee = fields.Monetary(
        string="Custom terms: fee per invoice",
        currency_field="currency_id",
        help="A flat recovery fee per overdue invoice, in the company's currency.",
    )
    debt_dispute_hold = fields.Selection(
        DISPUTE_HOLD_MODES,
        string="An open dispute holds",
        required=True,
        default="invoice",
        help="The whole invoice, or only the disputed amount: then the rest is still "
        "collected and the invoice is held only when nothing undisputed is left.",
    )
    debt_escalate_broken_promises = fields.Boolean(
        string="Escalate on broken promise",
        default=True,
        help="A broken promise moves its invoices one stage up the ladder at once.",
    )
    # Pace per debtor segment: days added to every stage threshold.
    debt_offset_good = fields.Integer(string="Good payers (days)", default=DEFAULT_OFFSETS["good"])
    debt_offset_first_time = fields.Integer(
        string="First-time defaulters (days)", default=DEFAULT_OFFSETS["first_time"]
    )
    debt_offset_lethargic = fields.Integer(
        string="Lethargic payers (days)", default=DEFAULT_OFFSETS["lethargic"]
    )
    debt_offset_bad_debt = fields.Integer(
        string="Bad debt (days)", default=DEFAULT_OFFSETS["bad_debt"]
    )
    debt_offset_no_return = fields.Integer(
        string="Point of no return (days)", default=DEFAULT_OFFSETS["no_return"]
    )

    _debt_custom_terms_positive = models.Constraint(
        "CHECK(debt_custom_margin >= -100 AND debt_custom_fee >= 0)",
        "Custom late-payment terms: the fee cannot be negative.",
    )
    _debt_tolerance_positive = models.Constraint(
        "CHECK(debt_promise_tolerance_days >= 0 AND debt_dispute_deadline_days >= 0)",
        "Collection delays cannot be negative.",
    )

    def _debt_custom_profile(self):
        """The company's 'Custom terms' as ``core.interest`` reads them."""
        self.ensure_one()
        return custom_profile(
            self.debt_custom_rate_source or FIXED,
            Decimal(str(self.debt_custom_margin)),
            fee=Decimal(str(self.debt_custom_fee)),
            fee_currency=self.currency_id.name,
        )

    def _debt_segment_offsets(self):
        """Day offset per segment code (None: debtors not segmented yet)."""
        self.ensure_one()
        offsets = {code: self[f"debt_offset_{code}"] for code in DEFAULT_OFFSETS}
        return {None: 0, **offsets}

    @api.model_create_multi
    def create(self, vals_list):
        # EXTENDS base: every new company starts with the default ladder.
        companies = super().create(vals_list)
        self.env["debt.stage"]._create_default_ladder(companies)
        return companies
