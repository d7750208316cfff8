from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core.placements import ACTIVE_PLACEMENT_STATES, PLACEMENT_STATES


class DebtPlacement(models.Model):
    _name = "debt.placement"
    _description = "Agency Placement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_placed desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
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
    amount_recovered = fields.Monetary(currency_field="currency_id", tracking=True, copy=False)
    commission_amount = fields.Monetary(
        compute="_compute_commission_amount",
        store=True,
        currency_field="currency_id",
    )
    note = fields.Html()

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
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("debt.placement") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_mark_sent(self):
        self.filtered(lambda p: p.state == "draft").write({"state": "sent"})

    def action_close(self):
        self.write({"state": "closed", "date_closed": fields.Date.context_today(self)})

    def action_recall(self):
        self.filtered(lambda p: p.state in ACTIVE_PLACEMENT_STATES or p.state == "draft").write(
            {"state": "recalled", "date_closed": fields.Date.context_today(self)}
        )
