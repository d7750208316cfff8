from decimal import Decimal

from odoo import api, fields, models

from ..core.contact_policy import DEFAULT_WEEKLY_CAP
from ..core.contacts import STAGE_CHANNELS
from ..core.disputes import DISPUTE_HOLD_MODES
from ..core.interest import FIXED, JURISDICTIONS, RATE_SOURCES, custom_profile
from ..core.segments import DEFAULT_OFFSETS, SEGMENTS


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
    # Pace per debtor segment and weekly caps per channel: small tables.
    debt_segment_pace_ids = fields.One2many(
        "debt.segment.pace", "company_id", string="Pace per debtor segment"
    )
    debt_channel_cap_ids = fields.One2many(
        "debt.channel.cap", "company_id", string="Reminders per channel"
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
    debt_bad_debt_account_id = fields.Many2one(
        "account.account",
        string="Bad-debt expense account",
        check_company=True,
        domain="[('account_type', 'in', ('expense', 'expense_other'))]",
        help="Written-off invoices are booked to this account.",
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
        " AND debt_contact_hour_from < debt_contact_hour_to AND debt_min_days_between >= 0)",
        "Contact hours lie within the day; the days between contacts are not negative.",
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
        """The company's contact policy as ``core.reminders.make_policy`` reads it.

        ``caps`` has every stage channel: the company's row, else core's default
        (None: no cap).
        """
        self.ensure_one()
        caps = {channel: DEFAULT_WEEKLY_CAP.get(channel) for channel in STAGE_CHANNELS}
        caps.update({row.channel: row.per_week for row in self.sudo().debt_channel_cap_ids})
        return {
            "hour_from": self.debt_contact_hour_from,
            "hour_to": self.debt_contact_hour_to,
            "no_weekends": self.debt_no_weekends,
            "min_days_between": self.debt_min_days_between,
            "caps": caps,
        }

    def _debt_segment_offsets(self):
        """Day offset per segment code (None: debtors not segmented yet): the
        company's row, else core's default."""
        self.ensure_one()
        offsets = {code: DEFAULT_OFFSETS.get(code, 0) for code, _label in SEGMENTS}
        offsets.update({row.segment: row.offset_days for row in self.sudo().debt_segment_pace_ids})
        return {None: 0, **offsets}

    def _debt_set_caps(self, caps, keep=False):
        """Set the weekly caps ``caps`` ({channel: per 7 days}) of these companies.
        ``keep``: only for channels without a row yet (defaults)."""
        self._debt_set_rows("debt_channel_cap_ids", "channel", "per_week", caps, keep)

    def _debt_set_pace(self, offsets, keep=False):
        """Set the segment offsets ``offsets`` ({segment: days}) of these companies.
        ``keep``: only for segments without a row yet (defaults)."""
        self._debt_set_rows("debt_segment_pace_ids", "segment", "offset_days", offsets, keep)

    def _debt_set_rows(self, field, key, value_field, values, keep):
        new = []
        for company in self.sudo():
            rows = {row[key]: row for row in company[field]}
            for code, value in values.items():
                if code not in rows:
                    new.append({"company_id": company.id, key: code, value_field: value})
                elif not keep:
                    rows[code][value_field] = value
        self.env[self._fields[field].comodel_name].sudo().create(new)

    def _debt_default_settings(self):
        """Give these companies core's caps and segment pace where they have none."""
        self._debt_set_caps(
            {ch: DEFAULT_WEEKLY_CAP[ch] for ch in STAGE_CHANNELS if ch in DEFAULT_WEEKLY_CAP},
            keep=True,
        )
        self._debt_set_pace(DEFAULT_OFFSETS, keep=True)

    def write(self, vals):
        # EXTENDS base: the dispute-hold mode decides the hold of invoices with an
        # open dispute only; recompute those, not every move of the company.
        changed = self.browse()
        if "debt_dispute_hold" in vals:
            changed = self.filtered(lambda c: c.debt_dispute_hold != vals["debt_dispute_hold"])
        result = super().write(vals)
        if changed:
            moves = (
                self.env["account.move"]
                .sudo()
                .search(
                    [
                        ("company_id", "in", changed.ids),
                        ("move_type", "=", "out_invoice"),
                        ("debt_disputed", "=", True),
                    ]
                )
            )
            for field in self.pool.field_computed[moves._fields["debt_hold_reason"]]:
                self.env.add_to_compute(field, moves)
        return result

    @api.model_create_multi
    def create(self, vals_list):
        # EXTENDS base: every new company starts with the default ladder, caps and pace.
        companies = super().create(vals_list)
        self.env["debt.stage"]._create_default_ladder(companies)
        companies._debt_default_settings()
        return companies
