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
    debt_claim_minimum = fields.Monetary(
        string="Minimum amount claimed",
        currency_field="currency_id",
        help="A debtor owing less than this (after credits, in the company's currency) is "
        "not claimed from: no letter, no reminder.",
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
    _debt_claim_minimum_positive = models.Constraint(
        "CHECK(COALESCE(debt_claim_minimum, 0) >= 0)",
        "The minimum amount claimed cannot be negative.",
    )
    # === Contact policy of the reminders (debtors may narrow the hours) === #
    debt_contact_hour_from = fields.Float(string="Contact from", default=8.0)
    debt_contact_hour_to = fields.Float(string="Contact until", default=21.0)
    debt_no_weekends = fields.Boolean(
        string="No contact at weekends", help="No email nor SMS on Saturdays and Sundays."
    )
    debt_min_days_between = fields.Integer(
        string="Days between contacts",
        default=3,
        help="Minimum days between two reminders to the same debtor (calls excepted).",
    )
    debt_cap_email = fields.Integer(string="Emails per 7 days", default=3)
    debt_cap_sms = fields.Integer(string="SMS per 7 days", default=2)
    debt_cap_letter = fields.Integer(string="Letters per 7 days", default=2)
    debt_cap_phone = fields.Integer(string="Calls per 7 days", default=7)
    debt_letter_by_post = fields.Boolean(
        string="Post letters",
        help="Reminder letters go to Odoo's postal service (Snailmail, when installed) "
        "instead of a To-Do to print and post them.",
    )
    debt_manager_id = fields.Many2one(
        "res.users",
        string="Collections manager",
        help="Receives the calls and tasks of debtors without a collector or salesperson.",
    )
    debt_reminder_attach_pdf = fields.Boolean(
        string="Attach the statement to reminders",
        help="Reminder emails carry the account statement as a PDF, rendered after the "
        "batch is sent (the emails wait for it); otherwise they link to it.",
    )

    _debt_tolerance_positive = models.Constraint(
        "CHECK(debt_promise_tolerance_days >= 0 AND debt_dispute_deadline_days >= 0)",
        "Collection delays cannot be negative.",
    )
    _debt_policy_valid = models.Constraint(
        "CHECK(debt_contact_hour_from >= 0 AND debt_contact_hour_to <= 24"
        " AND debt_contact_hour_from < debt_contact_hour_to AND debt_min_days_between >= 0"
        " AND debt_cap_email >= 0 AND debt_cap_sms >= 0 AND debt_cap_letter >= 0"
        " AND debt_cap_phone >= 0 AND debt_cap_phone <= 7)",
        "Contact hours lie within the day; gaps and caps are not negative; "
        "at most 7 calls in 7 days.",
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

    def _debt_policy_values(self):
        """The company's contact policy as ``core.reminders.make_policy`` reads it."""
        self.ensure_one()
        return {
            "hour_from": self.debt_contact_hour_from,
            "hour_to": self.debt_contact_hour_to,
            "no_weekends": self.debt_no_weekends,
            "min_days_between": self.debt_min_days_between,
            "caps": {ch: self[f"debt_cap_{ch}"] for ch in ("email", "sms", "letter", "phone")},
        }

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
