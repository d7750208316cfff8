from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core.contacts import CHANNELS
from ..core.promises import PROMISE_STATES, promise_problems


class DebtPromise(models.Model):
    _name = "debt.promise"
    _description = "Promise to Pay"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "promised_date desc, id desc"
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
    partner_id = fields.Many2one(
        "res.partner",
        string="Debtor",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    move_ids = fields.Many2many(
        "account.move",
        "debt_promise_account_move_rel",
        "promise_id",
        "move_id",
        string="Invoices",
        required=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'), ('amount_residual', '>', 0)]",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    amount = fields.Monetary(currency_field="currency_id", required=True, tracking=True)
    promised_date = fields.Date(required=True, tracking=True)
    tolerance_days = fields.Integer(
        default=lambda self: self.env.company.debt_promise_tolerance_days,
        help="Days of grace after the promised date before the promise is broken.",
    )
    channel = fields.Selection(CHANNELS, default="phone")
    user_id = fields.Many2one(
        "res.users",
        string="Taken by",
        default=lambda self: self.env.user,
        tracking=True,
    )
    state = fields.Selection(
        PROMISE_STATES, required=True, default="open", tracking=True, copy=False, index=True
    )
    amount_received = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="Payments on the promised invoices received since the promise was made.",
    )
    date_closed = fields.Date(readonly=True, copy=False)
    note = fields.Text()

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)",
        "A promise is for a positive amount.",
    )
    _tolerance_positive = models.Constraint(
        "CHECK(tolerance_days >= 0)",
        "The tolerance cannot be negative.",
    )
    _open_by_date_idx = models.Index("(company_id, promised_date) WHERE state = 'open'")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("move_ids")
    def _compute_currency_id(self):
        for promise in self:
            promise.currency_id = promise.move_ids[:1].currency_id or promise.company_id.currency_id

    # ------------------------------------------------------------
    # CONSTRAINT METHODS
    # ------------------------------------------------------------

    @api.constrains("move_ids", "amount", "promised_date", "currency_id", "partner_id")
    def _check_promise(self):
        today = fields.Date.context_today(self)
        for promise in self.filtered(lambda p: p.state == "open"):
            moves = promise.move_ids
            not_open = moves.filtered(
                lambda m: m.move_type != "out_invoice"
                or m.state != "posted"
                or m.currency_id.is_zero(m.amount_residual)
            )
            if not_open:
                raise ValidationError(
                    self.env._(
                        "A promise can only cover posted customer invoices that are still "
                        "open; %(invoices)s is not.",
                        invoices=", ".join(not_open.mapped("display_name")),
                    )
                )
            if moves.commercial_partner_id != promise.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "The invoices of a promise must belong to its debtor %(debtor)s.",
                        debtor=promise.partner_id.display_name,
                    )
                )
            if moves.currency_id != promise.currency_id:
                raise ValidationError(
                    self.env._(
                        "A promise covers invoices of one currency (%(currency)s); record "
                        "one promise per currency.",
                        currency=promise.currency_id.name,
                    )
                )
            open_amount = sum(moves.mapped("amount_residual"))
            problems = promise_problems(
                amount=promise.amount,
                open_amount=open_amount,
                promised_date=promise.promised_date,
                today=today,
                precision=promise.currency_id.rounding,
            )
            if "amount_above_open" in problems:
                raise ValidationError(
                    self.env._(
                        "%(debtor)s promised %(amount)s but only %(open)s is open on the "
                        "chosen invoices.",
                        debtor=promise.partner_id.display_name,
                        amount=promise.currency_id.format(promise.amount),
                        open=promise.currency_id.format(open_amount),
                    )
                )
            if "date_in_past" in problems:
                raise ValidationError(
                    self.env._(
                        "The promised date %(date)s is in the past.",
                        date=promise.promised_date,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("debt.promise") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_cancel(self):
        self.filtered(lambda p: p.state == "open").write(
            {"state": "cancelled", "date_closed": fields.Date.context_today(self)}
        )
