"""A placement: debt handed over to a collection agency or law firm, from
draft through hand-over to its close. The package and the agency exchange
extend it in debt_placement_package.py and debt_placement_delivery.py."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..core.agency_status import STATUSES
from ..core.placements import (
    ACTIVE_PLACEMENT_STATES,
    CLOSE_STATES,
    HANDOVER_STATES,
    PLACEMENT_STATES,
    RECALL_STATES,
)

DELIVERY_STATES = [
    ("not_sent", "Not sent"),
    ("delivered", "Delivered"),
    ("failed", "Failed, will retry"),
]


class DebtPlacement(models.Model):
    _name = "debt.placement"
    _description = "Agency Placement"
    _inherit = ["debt.reference.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_placed desc, id desc"
    _check_company_auto = True

    agency_id = fields.Many2one(
        "debt.agency",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Debtor",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    move_ids = fields.Many2many(
        "account.move",
        "debt_placement_account_move_rel",
        "placement_id",
        "move_id",
        string="Invoices",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'), ('amount_residual', '>', 0)]",
    )
    state = fields.Selection(
        PLACEMENT_STATES, required=True, default="draft", tracking=True, copy=False
    )
    date_placed = fields.Date(default=fields.Date.context_today, tracking=True, copy=False)
    date_closed = fields.Date(readonly=True, copy=False)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_placed = fields.Monetary(
        compute="_compute_amount_placed",
        store=True,
        readonly=False,
        currency_field="currency_id",
        help="Open amount of the invoices when they were placed, in company currency.",
    )
    amount_open = fields.Monetary(
        compute="_compute_amount_open",
        currency_field="currency_id",
        help="What the placed invoices still owe today.",
    )
    amount_recovered = fields.Monetary(
        compute="_compute_amount_recovered",
        store=True,
        currency_field="currency_id",
        tracking=True,
        copy=False,
        help="The payments the agency reported (the ledger below), in company currency.",
    )
    event_ids = fields.One2many(
        "debt.placement.event", "placement_id", string="Agency reports", readonly=True
    )
    commission_amount = fields.Monetary(
        compute="_compute_commission_amount",
        store=True,
        currency_field="currency_id",
    )
    note = fields.Html()

    # === Export package and delivery === #
    package_id = fields.Many2one("ir.attachment", readonly=True, copy=False)
    package_sha256 = fields.Char(string="Package SHA-256", readonly=True, copy=False)
    delivery_state = fields.Selection(
        DELIVERY_STATES, default="not_sent", required=True, readonly=True, copy=False, tracking=True
    )
    delivery_failures = fields.Integer(readonly=True, copy=False)
    delivery_next_try = fields.Datetime(readonly=True, copy=False)
    delivery_error = fields.Text(readonly=True, copy=False)

    # === Agency reports and SLA === #
    agency_status = fields.Selection(
        [(code, code.replace("_", " ").capitalize()) for code in STATUSES],
        string="Last agency status",
        readonly=True,
        copy=False,
    )
    date_acknowledged = fields.Date(readonly=True, copy=False)
    date_last_report = fields.Date(string="Last agency report", readonly=True, copy=False)
    sla_alert_date = fields.Date(
        readonly=True, copy=False, help="Last SLA reminder to the manager."
    )

    # === Legal stage === #
    court = fields.Char(tracking=True)
    case_number = fields.Char(tracking=True)
    filing_date = fields.Date(tracking=True)
    hearing_date = fields.Datetime(tracking=True)
    judgment_amount = fields.Monetary(currency_field="currency_id", tracking=True)
    judgment_date = fields.Date(tracking=True)
    enforcement_status = fields.Selection(
        [
            ("none", "None"),
            ("requested", "Requested"),
            ("in_progress", "In progress"),
            ("partly_recovered", "Partly recovered"),
            ("recovered", "Recovered"),
            ("unsuccessful", "Unsuccessful"),
        ],
        default="none",
        tracking=True,
    )
    enforcement_costs = fields.Monetary(currency_field="currency_id", tracking=True)

    _amounts_positive = models.Constraint(
        "CHECK(amount_placed >= 0 AND amount_recovered >= 0)",
        "Placed and recovered amounts cannot be negative.",
    )
    _state_idx = models.Index("(company_id, state)")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("move_ids")
    def _compute_amount_placed(self):
        """A snapshot: it follows the chosen invoices, not later payments on them."""
        for placement in self:
            placement.amount_placed = sum(placement.move_ids.mapped("amount_residual_signed"))

    @api.depends("move_ids.amount_residual_signed")
    def _compute_amount_open(self):
        for placement in self:
            placement.amount_open = sum(placement.move_ids.mapped("amount_residual_signed"))

    @api.depends("event_ids.amount_company", "event_ids.status")
    def _compute_amount_recovered(self):
        for placement in self:
            payments = placement.event_ids.filtered(lambda e: e.status == "payment")
            placement.amount_recovered = placement.currency_id.round(
                sum(payments.mapped("amount_company"))
            )

    @api.depends("amount_recovered", "agency_id.commission_rate")
    def _compute_commission_amount(self):
        for placement in self:
            placement.commission_amount = placement.currency_id.round(
                placement.amount_recovered * placement.agency_id.commission_rate / 100.0
            )

    # ------------------------------------------------------------
    # CONSTRAINT METHODS
    # ------------------------------------------------------------

    @api.constrains("move_ids", "partner_id", "state")
    def _check_moves(self):
        for placement in self:
            strangers = placement.move_ids.filtered(
                lambda m, p=placement: m.commercial_partner_id != p.partner_id.commercial_partner_id
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Placement %(placement)s is for %(debtor)s but lists invoices of "
                        "other customers: %(invoices)s.",
                        placement=placement.name,
                        debtor=placement.partner_id.display_name,
                        invoices=", ".join(strangers.mapped("name")),
                    )
                )
            if placement.state not in ACTIVE_PLACEMENT_STATES:
                continue
            twice = placement.move_ids.debt_placement_ids.filtered(
                lambda p, cur=placement: p != cur and p.state in ACTIVE_PLACEMENT_STATES
            )
            if twice:
                raise ValidationError(
                    self.env._(
                        "Some invoices of %(placement)s are already placed with an agency "
                        "(%(others)s).",
                        placement=placement.name,
                        others=", ".join(twice.mapped("name")),
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_mark_sent(self):
        """Hand the debt over: the invoices go to the agency stage (and out of the
        reminders), the debtor gets the hand-over notice, the package is built.
        From a draft only; by a manager when the agency stage wants approval
        (a clerk hands over where it does not: the workflow writes, not the clerk)."""
        self._check_states(HANDOVER_STATES, self.env._("Only a draft is handed over:"))
        stage_needs_manager = self.filtered(lambda p: p._agency_stage().requires_approval)
        if stage_needs_manager and not self._is_manager():
            raise UserError(self.env._("A Collections Manager approves hand-overs to an agency."))
        for placement in self:
            if not placement.move_ids:
                raise UserError(
                    self.env._("%(placement)s lists no invoice.", placement=placement.name)
                )
            placement.sudo().write(
                {"state": "sent", "date_placed": fields.Date.context_today(self)}
            )
            self.env["debt.item"]._set_stage(
                placement.move_ids, placement._agency_stage(), "placement"
            )
            placement._notify_debtor()
            try:
                with self.env.cr.savepoint():
                    placement._build_package()
            except UserError as error:  # e.g. a missing reference rate: handed over anyway
                placement.message_post(
                    body=self.env._(
                        "Package not built: %(error)s It is built when downloaded or delivered.",
                        error=error.args[0],
                    )
                )
        return True

    def _agency_stage(self):
        self.ensure_one()
        return self.env["debt.stage"].search(
            [("company_id", "=", self.company_id.id), ("phase", "=", "agency")],
            order="sequence",
            limit=1,
        )

    def _notify_debtor(self):
        """The hand-over notice, kept in the debtor's chatter and the contact log."""
        debtor = self.partner_id.commercial_partner_id
        report = self.env.ref("debt_recovery.action_report_debt_letter_handover")
        try:
            debtor._debt_send_letter(
                report,
                self.env._(
                    "Debt handed over to %(agency)s (%(placement)s).",
                    agency=self.agency_id.name,
                    placement=self.name,
                ),
                company=self.company_id,
                moves=self.move_ids,
                summary=self.env._("Notice of hand-over to %(agency)s", agency=self.agency_id.name),
                reference=self.name,
                data={"placement_id": self.id},
            )
        except UserError as error:  # e.g. no bank account: the placement goes on
            self.message_post(
                body=self.env._("Hand-over notice not printed: %(error)s", error=error.args[0])
            )

    def action_close(self):
        self._check_manager(self.env._("close"))
        self._check_states(CLOSE_STATES, self.env._("These placements cannot be closed:"))
        self.write({"state": "closed", "date_closed": fields.Date.context_today(self)})
        return True

    def action_recall(self):
        self._check_manager(self.env._("recall"))
        self._check_states(RECALL_STATES, self.env._("These placements cannot be recalled:"))
        self.write({"state": "recalled", "date_closed": fields.Date.context_today(self)})
        return True
