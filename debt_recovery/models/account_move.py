from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL, format_date

from ..core.disputes import dispute_holds_invoice
from ..core.holds import HOLD_REASONS, hold_reason
from ..core.placements import ACTIVE_PLACEMENT_STATES
from ..core.stages import entered_by_placement, entered_by_write_off

# What "open invoice" means, once: a posted customer invoice with something
# left to pay by Odoo's own residual. The domain and its SQL twin sit side by
# side; the two partial indexes below spell the same predicate (an index
# predicate must be literal SQL).
OPEN_INVOICE_SQL = (
    "{m}.move_type = 'out_invoice' AND {m}.state = 'posted' AND {m}.amount_residual > 0"
)


def open_invoice_domain():
    return Domain(
        [("move_type", "=", "out_invoice"), ("state", "=", "posted"), ("amount_residual", ">", 0)]
    )


def open_invoice_sql(alias="m"):
    """The predicate on ``account_move`` aliased ``alias``, as ``SQL``."""
    return SQL(OPEN_INVOICE_SQL.format(m="%(m)s"), m=SQL.identifier(alias))


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "debt.authority.mixin"]

    # === Collection state: the invoice's debt.item, kept by the daily run === #
    debt_item_ids = fields.One2many("debt.item", "move_id", copy=False)
    debt_item_id = fields.Many2one(
        "debt.item",
        string="Collection item",
        compute="_compute_debt_item_id",
        search="_search_debt_item_id",
    )
    debt_stage_id = fields.Many2one(
        "debt.stage",
        string="Collection stage",
        compute="_compute_debt_stage_id",
        inverse="_inverse_debt_stage_id",
        search="_search_debt_stage_id",
    )
    debt_stage_date = fields.Date(related="debt_item_id.stage_date")
    debt_days_overdue = fields.Integer(related="debt_item_id.days_overdue")
    debt_proposed_stage_id = fields.Many2one(related="debt_item_id.proposed_stage_id")
    debt_run_date = fields.Date(related="debt_item_id.run_date")
    debt_closed_date = fields.Date(related="debt_item_id.closed_date")
    debt_stage_history_ids = fields.One2many(
        "debt.stage.history", "move_id", string="Stage history", copy=False
    )

    # === What holds collection === #
    debt_promise_ids = fields.Many2many(
        "debt.promise",
        "debt_promise_account_move_rel",
        "move_id",
        "promise_id",
        string="Promises to pay",
        copy=False,
    )
    debt_dispute_ids = fields.One2many("debt.dispute", "move_id", string="Disputes", copy=False)
    debt_placement_ids = fields.Many2many(
        "debt.placement",
        "debt_placement_account_move_rel",
        "move_id",
        "placement_id",
        string="Placements",
        copy=False,
    )
    debt_dispute_count = fields.Integer(
        string="Dispute count", compute="_compute_debt_dispute_count"
    )
    debt_disputed = fields.Boolean(
        string="Disputed",
        compute="_compute_debt_holds",
        store=True,
    )
    debt_disputed_amount = fields.Monetary(
        string="Disputed amount",
        currency_field="currency_id",
        compute="_compute_debt_holds",
        store=True,
        help="Sum of the open disputes on this invoice.",
    )
    debt_promise_id = fields.Many2one(
        "debt.promise",
        string="Open promise",
        compute="_compute_debt_holds",
        store=True,
    )
    debt_placement_id = fields.Many2one(
        "debt.placement",
        string="Active placement",
        compute="_compute_debt_holds",
        store=True,
    )
    debt_hold_reason = fields.Selection(
        HOLD_REASONS,
        string="On hold",
        compute="_compute_debt_holds",
        store=True,
        help="Why escalation and reminders are held on this invoice.",
    )

    # The daily run's candidates: open customer invoices.
    _debt_open_idx = models.Index(
        "(company_id) WHERE move_type = 'out_invoice' AND state = 'posted' AND amount_residual > 0"
    )
    # A debtor's open invoices (worklist figures, refresh of a few debtors):
    # Odoo does not index commercial_partner_id.
    _debt_open_by_debtor_idx = models.Index(
        "(commercial_partner_id, invoice_date_due)"
        " WHERE move_type = 'out_invoice' AND state = 'posted' AND amount_residual > 0"
    )

    @api.depends(
        "move_type",
        "no_followup",
        "amount_residual",
        # company_id.debt_dispute_hold too, but only for disputed invoices:
        # res.company.write marks those (a depends would mark every move).
        "commercial_partner_id.debt_excluded",
        "commercial_partner_id.debt_insolvent",
        "commercial_partner_id.debt_insolvency_date",
        "debt_dispute_ids.state",
        "debt_dispute_ids.amount",
        "debt_promise_ids.state",
        "debt_promise_ids.promised_date",
        "debt_placement_ids.state",
    )
    def _compute_debt_holds(self):
        for move in self:
            if move.move_type != "out_invoice":
                move.debt_disputed = False
                move.debt_disputed_amount = 0.0
                move.debt_promise_id = move.debt_placement_id = move.debt_hold_reason = False
                continue
            disputes = move.debt_dispute_ids.filtered(lambda d: d.state == "open")
            promises = move.debt_promise_ids.filtered(lambda p: p.state == "open")
            placements = move.debt_placement_ids.filtered(
                lambda p: p.state in ACTIVE_PLACEMENT_STATES
            )
            move.debt_disputed = bool(disputes)
            move.debt_disputed_amount = sum(disputes.mapped("amount"))
            move.debt_promise_id = promises.sorted("promised_date")[-1:]
            move.debt_placement_id = placements[:1]
            debtor = move.commercial_partner_id.with_company(move.company_id)
            move.debt_hold_reason = hold_reason(
                debtor_excluded=debtor.debt_excluded,
                no_followup=move.no_followup,
                insolvent=debtor.debt_insolvent or bool(debtor.debt_insolvency_date),
                placed=bool(move.debt_placement_id),
                disputed=dispute_holds_invoice(
                    mode=move.company_id.debt_dispute_hold,
                    open_amount=move.amount_residual,
                    disputed_amount=move.debt_disputed_amount,
                    precision=move.currency_id.rounding,
                ),
                promised=bool(move.debt_promise_id),
            )

    @api.depends("debt_dispute_ids")
    def _compute_debt_dispute_count(self):
        counts = dict(
            self.env["debt.dispute"]._read_group(
                [("move_id", "in", self.ids)], ["move_id"], ["__count"]
            )
        )
        for move in self:
            move.debt_dispute_count = counts.get(move._origin, 0)

    @api.depends("debt_item_ids")
    def _compute_debt_item_id(self):
        for move in self:
            move.debt_item_id = move.debt_item_ids[:1]

    def _search_debt_item_id(self, operator, value):
        return [("debt_item_ids", operator, value)]

    @api.depends("debt_item_ids.stage_id")
    def _compute_debt_stage_id(self):
        for move in self:
            move.debt_stage_id = move.debt_item_ids[:1].stage_id

    def _inverse_debt_stage_id(self):
        self._debt_check_manager()
        for stage in self.debt_stage_id:
            self.env["debt.item"]._set_stage(
                self.filtered(lambda m, s=stage: m.debt_stage_id == s), stage, "manual"
            )

    def _search_debt_stage_id(self, operator, value):
        return [("debt_item_ids.stage_id", operator, value)]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _debt_action(self, xmlid, domain, context):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = context
        return action

    def action_debt_view_promises(self):
        self._debt_authorize("action_debt_view_promises")
        return self._debt_action(
            "debt_recovery.action_debt_promise",
            [("move_ids", "in", self.ids)],
            {
                "default_partner_id": self.commercial_partner_id.id,
                "default_move_ids": self.ids,
                "default_amount": self.amount_residual,
            },
        )

    def _debt_hold_explanations(self):
        """Why each held invoice waits, in plain words with its date or reference."""
        texts = []
        for move in self.filtered("debt_hold_reason"):
            reason = move.debt_hold_reason
            if reason == "promise":
                promise = move.debt_promise_ids.filtered(lambda p: p.state == "open")[:1]
                why = self.env._(
                    "promise to pay until %(date)s",
                    date=format_date(self.env, promise.promised_date),
                )
            elif reason == "dispute":
                dispute = move.debt_dispute_ids.filtered(lambda d: d.state == "open")[:1]
                why = self.env._("open dispute %(dispute)s", dispute=dispute.name)
            elif reason == "placement":
                placement = move.debt_placement_ids.filtered(
                    lambda p: p.state in ACTIVE_PLACEMENT_STATES
                )[:1]
                why = self.env._(
                    "placed with %(agency)s (%(placement)s)",
                    agency=placement.agency_id.name,
                    placement=placement.name,
                )
            else:
                why = dict(self._fields["debt_hold_reason"]._description_selection(self.env))[
                    reason
                ]
            texts.append(self.env._("%(invoice)s on hold: %(why)s", invoice=move.name, why=why))
        return texts

    def _debt_check_manager(self):
        if not self.env.user.has_group("debt_recovery.group_debt_manager"):
            raise AccessError(
                self.env._("Only a Collections Manager moves invoices between stages.")
            )

    def action_debt_approve_stage(self):
        """Move the invoices to the stage the daily run proposed for them. An
        agency stage is entered by a placement, a closing stage by a write-off:
        those invoices open the placement or the write-off wizard instead (the
        others are moved first; a write-off waits while a placement is open)."""
        self._debt_authorize("action_debt_approve_stage")
        proposed = self.filtered("debt_proposed_stage_id")
        to_place = proposed.filtered(lambda m: entered_by_placement(m.debt_proposed_stage_id.phase))
        to_write_off = proposed.filtered(
            lambda m: entered_by_write_off(m.debt_proposed_stage_id.phase)
        )
        proposed -= to_place | to_write_off
        for stage in proposed.debt_proposed_stage_id:
            self.env["debt.item"]._set_stage(
                proposed.filtered(lambda m, s=stage: m.debt_proposed_stage_id == s),
                stage,
                "approval",
            )
        if to_write_off and not to_place:
            action = to_write_off.action_debt_write_off()
            action["name"] = self.env._(
                "Approved: write off %(invoices)s",
                invoices=", ".join(to_write_off.mapped("name")),
            )
            return action
        if to_place:
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "debt_recovery.action_debt_placement_wizard_invoices"
            )
            action["context"] = {
                "active_model": "account.move",
                "active_ids": to_place.ids,
                "default_hand_over": True,
            }
            action["name"] = self.env._(
                "Approved: place %(invoices)s with an agency",
                invoices=", ".join(to_place.mapped("name")),
            )
            return action
        return self._debt_notification(
            self.env._("Escalation approved"),
            self.env._(
                "%(count)s invoices moved to their proposed stage: %(invoices)s.",
                count=len(proposed),
                invoices=", ".join(proposed.mapped("name")),
            ),
            proposed,
        )

    def action_debt_decline_stage(self):
        """Keep the invoices where they are: the run will not propose that stage
        again while they stay in their current one."""
        self._debt_authorize("action_debt_decline_stage")
        proposed = self.filtered("debt_proposed_stage_id")
        for move in proposed:
            move.message_post(
                body=self.env._(
                    "Escalation to %(stage)s declined by %(user)s.",
                    stage=move.debt_proposed_stage_id.name,
                    user=self.env.user.name,
                )
            )
        for item in proposed.debt_item_id.sudo():
            item.write({"declined_stage_id": item.proposed_stage_id.id, "proposed_stage_id": False})
        return self._debt_notification(
            self.env._("Escalation declined"),
            self.env._(
                "%(count)s invoices stay in their stage: %(invoices)s.",
                count=len(proposed),
                invoices=", ".join(proposed.mapped("name")),
            ),
            proposed,
        )

    def _debt_notification(self, title, message, done):
        """A notification of what a button did; the view reloads after it."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": message
                if done
                else self.env._("None of these invoices has a proposed stage."),
                "type": "success" if done else "warning",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_debt_open_dispute(self):
        """A new dispute on this invoice, in a dialog."""
        self._debt_authorize("action_debt_open_dispute")
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dispute %(invoice)s", invoice=self.name),
            "res_model": "debt.dispute",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.id, "default_amount": self.amount_residual},
        }

    def action_debt_send_reminder(self):
        """Preview and send one reminder listing these invoices (of one debtor)."""
        self._debt_authorize("action_debt_send_reminder")
        debtors = self.commercial_partner_id
        if len(debtors) != 1:
            raise UserError(self.env._("Select the invoices of one debtor."))
        return self.env["debt.reminder.wizard"]._action_open(debtors, self)

    def action_debt_view_disputes(self):
        self._debt_authorize("action_debt_view_disputes")
        return self._debt_action(
            "debt_recovery.action_debt_dispute",
            [("move_id", "in", self.ids)],
            {"default_move_id": self.id, "default_amount": self.amount_residual},
        )
