from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..core.contacts import STAGE_CHANNELS
from ..core.escalation import StageRule
from ..core.letters import LETTER_KINDS, PHASE_LETTER
from ..core.stages import PHASES, entered_by_placement, phase_allows_threshold, stage_rank

# The stage's switch for each channel: the one place a channel meets its column.
CHANNEL_FIELDS = {channel: f"channel_{channel}" for channel in STAGE_CHANNELS}


class DebtStage(models.Model):
    _name = "debt.stage"
    _inherit = ["debt.authority.mixin"]
    _description = "Collection Stage"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    # === Identity === #
    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short identifier, unique per company, used in exports and reports.",
    )
    sequence = fields.Integer(default=10, help="Position on the ladder.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    phase = fields.Selection(PHASES, required=True, default="administrative")
    color = fields.Integer()
    description = fields.Text(translate=True, help="What this stage means for clerks.")

    # === Escalation === #
    trigger = fields.Selection(
        [("days", "Days overdue"), ("manual", "Manual decision")],
        required=True,
        default="days",
        help="Days overdue: the daily run moves invoices here when the threshold is "
        "reached. Manual: invoices only enter by a user's decision (court, write-off).",
    )
    days_overdue = fields.Integer(
        string="Threshold (days overdue)",
        help="Days after the due date from which an invoice belongs here; "
        "negative for reminders before the due date.",
    )
    requires_approval = fields.Boolean(
        help="The daily run proposes the move to a manager instead of making it.",
    )
    repeat_interval_days = fields.Integer(
        string="Repeat every (days)",
        help="Send this stage's reminders again after this many days; 0 sends once.",
    )
    max_repeats = fields.Integer(help="How many times the reminder is repeated at most.")
    apply_interest = fields.Boolean(
        string="Statutory interest and fees",
        help="Letters of this stage claim late-payment interest and compensation.",
    )

    # === Channels and templates === #
    channel_email = fields.Boolean(string="Email")
    channel_sms = fields.Boolean(string="SMS")
    channel_letter = fields.Boolean(string="Letter")
    channel_phone = fields.Boolean(string="Phone call")
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email template",
        domain="[('model', '=', 'res.partner')]",
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS template",
        domain="[('model', '=', 'res.partner')]",
    )
    letter_kind = fields.Selection(
        LETTER_KINDS,
        compute="_compute_letter_kind",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
        help="What the collection letter of this stage says (by default, from the phase).",
    )
    letter_report_id = fields.Many2one(
        "ir.actions.report",
        string="Letter report",
        domain="[('model', '=', 'res.partner')]",
    )

    invoice_count = fields.Integer(compute="_compute_invoice_count")

    _company_code_uniq = models.Constraint(
        "UNIQUE(company_id, code)",
        "A stage code must be unique per company.",
    )
    _repeat_positive = models.Constraint(
        "CHECK(repeat_interval_days >= 0 AND max_repeats >= 0)",
        "Repeat interval and maximum repeats cannot be negative.",
    )
    _threshold_uniq_idx = models.UniqueIndex(
        "(company_id, days_overdue) WHERE active AND trigger = 'days'",
        "Two active stages of a company cannot start on the same day.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("phase")
    def _compute_letter_kind(self):
        for stage in self:
            stage.letter_kind = PHASE_LETTER[stage.phase]

    def _compute_invoice_count(self):
        # Counted on debt.item, which stores the stage (the invoice's
        # debt_stage_id is not stored and cannot be grouped by in SQL).
        counts = dict(
            self.env["debt.item"]._read_group(
                [("stage_id", "in", self.ids)], ["stage_id"], ["__count"]
            )
        )
        for stage in self:
            stage.invoice_count = counts.get(stage, 0)

    # ------------------------------------------------------------
    # CONSTRAINT METHODS
    # ------------------------------------------------------------

    @api.constrains("trigger", "phase")
    def _check_trigger_phase(self):
        for stage in self:
            if stage.trigger == "days" and not phase_allows_threshold(stage.phase):
                raise ValidationError(
                    self.env._(
                        "Stage %(stage)s is in a phase entered by decision only: "
                        "set its trigger to Manual.",
                        stage=stage.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        """A stage that invoices, their history or the contact log refer to is
        archived, never deleted: deleting it would rewrite what happened."""
        for model, field in (
            ("debt.item", "stage_id"),
            ("debt.stage.history", "stage_id"),
            ("debt.contact", "stage_id"),
        ):
            used = self.env[model].sudo().search_count([(field, "in", self.ids)], limit=1)
            if used:
                raise UserError(
                    self.env._(
                        "%(stages)s: in use by invoices or their history. Archive the stage "
                        "instead; it then takes no new invoices.",
                        stages=", ".join(self.mapped("name")),
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_invoices(self):
        self._debt_authorize("action_view_invoices")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("debt_recovery.action_debt_invoices")
        action["domain"] = [("debt_stage_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _worst(self, stages):
        """The furthest of ``stages`` along the ladder (``core.stages.stage_rank``)."""
        return max(stages, key=lambda s: stage_rank(s.sequence, s.id), default=self.browse())

    @api.model
    def _ladder_rules(self, companies):
        """Each company's ladder as ``core`` reads it, in one query."""
        stages = self.sudo().search_fetch(
            [("company_id", "in", companies.ids)],
            ["company_id", "sequence", "trigger", "days_overdue", "requires_approval", "phase"],
        )
        rules = {company: [] for company in companies}
        for stage in stages:
            rules[stage.company_id].append(
                StageRule(
                    stage_id=stage.id,
                    sequence=stage.sequence,
                    automatic=stage.trigger == "days",
                    min_days_overdue=stage.days_overdue,
                    # the run proposes an agency stage: a placement enters it
                    requires_approval=stage.requires_approval or entered_by_placement(stage.phase),
                )
            )
        return rules

    @api.model
    def _create_default_ladder(self, companies):
        """Give each company without stages a copy of the shipped ladder.

        The shipped ladder is the module's ``debt.stage`` data records (one
        source, translations included); companies get independent copies that
        managers edit per company.
        """
        template_ids = (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", "debt_recovery"), ("model", "=", "debt.stage")])
            .mapped("res_id")
        )
        templates = self.sudo().with_context(active_test=False).browse(template_ids).exists()
        with_stages = set(
            self.sudo()
            .with_context(active_test=False)
            ._read_group([("company_id", "in", companies.ids)], ["company_id"])
        )
        for company in companies:
            if (company,) in with_stages:
                continue
            for stage in templates:
                stage.copy({"company_id": company.id})

    def _debt_channels(self):
        """The channels this stage reminds through, in ``STAGE_CHANNELS`` order."""
        self.ensure_one()
        return tuple(channel for channel, name in CHANNEL_FIELDS.items() if self[name])
