from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_date

from ..core.contacts import CHANNELS
from ..core.escalation import next_stage
from ..core.kpis import kept_rate
from ..core.promises import PROMISE_STATES, grace_over, promise_outcome, promise_problems
from .account_move import open_invoice_domain


class DebtPromise(models.Model):
    _name = "debt.promise"
    _description = "Promise to Pay"
    _inherit = [
        "debt.reference.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "debt.authority.mixin",
    ]
    _order = "promised_date desc, id desc"
    _check_company_auto = True

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
    date_made = fields.Date(
        string="Made on",
        required=True,
        default=fields.Date.context_today,
        help="Only payments received from this day on count towards the promise.",
    )
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
    amount_shortfall = fields.Monetary(
        string="Shortfall",
        currency_field="currency_id",
        compute="_compute_amount_shortfall",
        help="What is missing of a partially kept or broken promise.",
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

    @api.depends("amount", "amount_received", "state")
    def _compute_amount_shortfall(self):
        for promise in self:
            missing = promise.amount - promise.amount_received
            closed_short = promise.state in ("partial", "broken")
            promise.amount_shortfall = max(missing, 0.0) if closed_short else 0.0

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
                        date=format_date(self.env, promise.promised_date),
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_cancel(self):
        self._debt_authorize("action_cancel")
        self.sudo().write({"state": "cancelled", "date_closed": fields.Date.context_today(self)})

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _kept_rates(self, groupby, ids):
        """Share of decided promises kept in full per debtor or per collector
        over the last 12 months, as ``{id: rate in % or None}``: the one
        definition is ``core.kpis.kept_rate`` (partial counts as not kept).

        ``groupby`` is ``partner_id`` or ``user_id``.
        """
        since = fields.Date.context_today(self) - relativedelta(months=12)
        counts = {}
        for group, state, count in self.sudo()._read_group(
            [
                (groupby, "in", ids),
                ("state", "in", ("kept", "partial", "broken")),
                ("promised_date", ">=", since),
            ],
            [groupby, "state"],
            ["__count"],
        ):
            counts.setdefault(group.id, {})[state] = count
        rates = {}
        for key in ids:
            by_state = counts.get(key, {})
            rate = kept_rate(
                by_state.get("kept", 0), by_state.get("partial", 0), by_state.get("broken", 0)
            )
            rates[key] = None if rate is None else round(rate)
        return rates

    def _received_amounts(self):
        """Money paid on each promise's invoices since it was made, in one query.

        Counts reconciliations of the invoices' receivable lines with payments
        (not credit notes) dated on or after the day the promise was made, in
        the invoices' currency.
        """
        if not self:
            return {}
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
SELECT pr.id, COALESCE(SUM(apr.debit_amount_currency), 0)
  FROM debt_promise pr
  JOIN debt_promise_account_move_rel rel ON rel.promise_id = pr.id
  JOIN account_move_line l ON l.move_id = rel.move_id AND l.display_type = 'payment_term'
  LEFT JOIN account_partial_reconcile apr
         ON apr.debit_move_id = l.id AND apr.max_date >= pr.date_made
        AND EXISTS (SELECT 1 FROM account_move_line cl
                      JOIN account_move cm ON cm.id = cl.move_id
                     WHERE cl.id = apr.credit_move_id AND cm.move_type = 'entry')
 WHERE pr.id = ANY(%s)
 GROUP BY pr.id
                """,
                self.ids,
            )
        )
        return dict(rows)

    @api.model
    def _evaluate(self, run_date=None, promises=None):
        """Decide open promises from the money received: kept, partial, broken.

        ``promises`` defaults to every open promise. Returns the broken ones,
        which have been escalated, given an activity and logged.
        """
        run_date = run_date or fields.Date.context_today(self)
        if promises is None:
            promises = self.search([("state", "=", "open")])
        promises = promises.filtered(lambda p: p.state == "open")
        received = promises._received_amounts()
        outcomes = {}
        for promise in promises:
            state = promise_outcome(
                amount=promise.amount,
                received=received.get(promise.id, 0.0),
                grace_over=grace_over(promise.promised_date, promise.tolerance_days, run_date),
                precision=promise.currency_id.rounding,
            )
            if state:
                outcomes.setdefault(state, []).append(promise)
        for state, closed in outcomes.items():
            for promise in closed:
                promise.write(
                    {
                        "state": state,
                        "amount_received": received.get(promise.id, 0.0),
                        "date_closed": run_date,
                    }
                )
        broken = self.union(*outcomes.get("broken", []))
        broken._on_broken()
        return broken

    def _on_broken(self):
        """A broken promise resumes collection one stage further, and the
        collector is told."""
        for promise in self:
            debtor = promise.partner_id.commercial_partner_id
            collector = (
                debtor.with_company(promise.company_id).debt_collector_id or promise.user_id
            ) or self.env.user
            promise.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=collector.id,
                summary=self.env._("Broken promise: call %(debtor)s", debtor=debtor.name),
                note=self.env._(
                    "%(debtor)s promised %(amount)s by %(date)s and paid %(received)s.",
                    debtor=debtor.name,
                    amount=promise.currency_id.format(promise.amount),
                    date=format_date(self.env, promise.promised_date),
                    received=promise.currency_id.format(promise.amount_received),
                ),
            )
            promise.message_post(
                body=self.env._(
                    "Promise broken: nothing received by %(date)s plus %(days)s days' tolerance.",
                    date=format_date(self.env, promise.promised_date),
                    days=promise.tolerance_days,
                )
            )
        escalating = self.filtered(lambda p: p.company_id.debt_escalate_broken_promises)
        if escalating:
            escalating._escalate_invoices()

    def _escalate_invoices(self):
        """Move the open invoices of broken promises one stage up the ladder."""
        moves = self.move_ids.filtered_domain(open_invoice_domain())
        Stage, Item = self.env["debt.stage"], self.env["debt.item"]
        for company, rules in Stage._ladder_rules(moves.company_id).items():
            for move in moves.filtered(lambda m, c=company: m.company_id == c):
                new, proposed = next_stage(move.debt_stage_id.id or None, rules)
                if new and new != move.debt_stage_id.id:
                    Item._set_stage(move, Stage.browse(new), "promise_broken")
                if proposed:
                    Item._propose_stage(move, Stage.browse(proposed))
