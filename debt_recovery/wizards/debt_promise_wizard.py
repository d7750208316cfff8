from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from ..core.contacts import CHANNELS, contact_summary
from ..core.promises import CADENCES, installment_plan, promise_problems
from ..models.account_move import open_invoice_domain


class DebtPromiseWizard(models.TransientModel):
    """Record what a debtor promises: one payment, or an installment plan."""

    _name = "debt.promise.wizard"
    _inherit = ["debt.authority.mixin"]
    _description = "Record a Promise to Pay"

    partner_id = fields.Many2one(
        "res.partner",
        string="Debtor",
        required=True,
        default=lambda self: self._default_partner_id(),
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        compute="_compute_move_ids",
        store=True,
        readonly=False,
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'), ('amount_residual', '>', 0), ('company_id', '=', company_id)]",
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_amounts")
    amount_open = fields.Monetary(currency_field="currency_id", compute="_compute_amounts")
    amount = fields.Monetary(
        string="Amount promised",
        currency_field="currency_id",
        compute="_compute_amount",
        store=True,
        readonly=False,
    )
    first_date = fields.Date(string="Pays on", required=True, default=fields.Date.context_today)
    installments = fields.Integer(default=1, required=True)
    cadence = fields.Selection(CADENCES, default="monthly", required=True)
    tolerance_days = fields.Integer(
        default=lambda self: self.env.company.debt_promise_tolerance_days
    )
    channel = fields.Selection(CHANNELS, default="phone", required=True)
    note = fields.Text()
    plan = fields.Text(compute="_compute_plan")

    @api.model
    def _default_partner_id(self):
        if self.env.context.get("active_model") == "account.move":
            moves = self.env["account.move"].browse(self.env.context.get("active_ids"))
            return moves.commercial_partner_id[:1]
        return self.env["res.partner"]

    @api.depends("partner_id")
    def _compute_move_ids(self):
        """Default: every overdue invoice of the debtor (or those the wizard was opened on)."""
        today = fields.Date.context_today(self)
        for wizard in self:
            if self.env.context.get("active_model") == "account.move":
                moves = self.env["account.move"].browse(self.env.context.get("active_ids"))
            else:
                moves = self.env["account.move"].search(
                    open_invoice_domain()
                    & Domain(
                        [
                            (
                                "commercial_partner_id",
                                "=",
                                wizard.partner_id.commercial_partner_id.id,
                            ),
                            ("invoice_date_due", "<", today),
                            ("company_id", "=", wizard.company_id.id),
                        ]
                    )
                )
            wizard.move_ids = [Command.set(moves.ids)]

    @api.depends("move_ids")
    def _compute_amounts(self):
        for wizard in self:
            wizard.currency_id = wizard.move_ids[:1].currency_id or wizard.company_id.currency_id
            wizard.amount_open = sum(wizard.move_ids.mapped("amount_residual"))

    @api.depends("move_ids")
    def _compute_amount(self):
        """By default the debtor promises everything that is open."""
        for wizard in self:
            wizard.amount = sum(wizard.move_ids.mapped("amount_residual"))

    @api.depends("amount", "installments", "first_date", "cadence")
    def _compute_plan(self):
        for wizard in self:
            try:
                rows = wizard._plan()
            except UserError as error:
                wizard.plan = str(error)
                continue
            wizard.plan = "\n".join(
                f"{format_date(self.env, day)}: {wizard.currency_id.format(amount)}"
                for day, amount in rows
            )

    def _plan(self):
        """[(date, amount)] of the promises to create."""
        self.ensure_one()
        currency = self.currency_id
        units = round(self.amount / currency.rounding)
        if self.installments < 1 or units < self.installments:
            raise UserError(
                self.env._("Choose at least one installment, each of a positive amount.")
            )
        return [
            (day, currency.round(share * currency.rounding))
            for day, share in installment_plan(
                units, self.installments, self.first_date, self.cadence
            )
        ]

    def action_confirm(self):
        """Create the promise(s), log the contact and show them."""
        self._debt_authorize("action_confirm")
        self.ensure_one()
        if not self.move_ids:
            raise UserError(self.env._("Choose the invoices the debtor promises to pay."))
        debtor = self.partner_id.commercial_partner_id
        strangers = self.move_ids.filtered_domain(
            ~(
                open_invoice_domain()
                & Domain("commercial_partner_id", "=", debtor.id)
                & Domain("company_id", "=", self.company_id.id)
            )
        )
        if strangers:  # the view's domain is a convenience; this is the check
            raise UserError(
                self.env._(
                    "%(invoices)s: not open invoices of %(debtor)s in %(company)s.",
                    invoices=", ".join(strangers.mapped("display_name")),
                    debtor=debtor.name,
                    company=self.company_id.name,
                )
            )
        if len(self.move_ids.currency_id) > 1:
            raise ValidationError(
                self.env._("Record one promise per currency: the chosen invoices use several.")
            )
        problems = promise_problems(
            amount=self.amount,
            open_amount=self.amount_open,
            promised_date=self.first_date,
            today=fields.Date.context_today(self),
            precision=self.currency_id.rounding,
        )
        if problems:
            messages = {
                "amount_not_positive": self.env._("The promised amount must be positive."),
                "amount_above_open": self.env._(
                    "%(amount)s is more than the %(open)s open on the chosen invoices.",
                    amount=self.currency_id.format(self.amount),
                    open=self.currency_id.format(self.amount_open),
                ),
                "date_in_past": self.env._("The first payment date is in the past."),
            }
            raise ValidationError("\n".join(messages[code] for code in problems))
        debtor = self.partner_id.commercial_partner_id
        promises = self.env["debt.promise"].create(
            [
                {
                    "partner_id": debtor.id,
                    "company_id": self.company_id.id,
                    "move_ids": [Command.set(self.move_ids.ids)],
                    "amount": amount,
                    "promised_date": day,
                    "tolerance_days": self.tolerance_days,
                    "channel": self.channel,
                    "note": self.note,
                }
                for day, amount in self._plan()
            ]
        )
        summary = self.env._(
            "Promise to pay %(amount)s in %(count)s installment(s) from %(date)s",
            amount=self.currency_id.format(self.amount),
            count=len(promises),
            date=format_date(self.env, self.first_date),
        )
        direction = "inbound" if self.channel == "portal" else "outbound"
        call = self.env["debt.contact"].browse(self.env.context.get("debt_call_contact_id"))
        if call.exists() and call.partner_id == debtor:
            call.write(  # the call that got the promise says so
                {
                    "outcome": "promise",
                    "summary": contact_summary(summary),
                    "note": self.note,
                    "move_ids": [Command.set(self.move_ids.ids)],
                    "promise_id": promises[:1].id,
                }
            )
        else:
            self.env["debt.contact"]._log(
                debtor,
                self.channel,
                summary,
                company=self.company_id,
                moves=self.move_ids,
                direction=direction,
                outcome="promise",
                note=self.note,
                promise_id=promises[:1].id,
            )
        debtor._debt_refresh_worklist(debtor)
        if call or self.env.context.get("debt_stay"):  # from the debtor's form or worklist
            return {"type": "ir.actions.act_window_close"}
        action = self.env["ir.actions.act_window"]._for_xml_id("debt_recovery.action_debt_promise")
        action["domain"] = [("id", "in", promises.ids)]
        action["context"] = {}
        return action
