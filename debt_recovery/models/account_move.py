from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..core.holds import HOLD_REASONS, hold_reason
from ..core.placements import ACTIVE_PLACEMENT_STATES


class AccountMove(models.Model):
    _inherit = "account.move"

    # === Collection state (written by the daily run) === #
    debt_stage_id = fields.Many2one(
        "debt.stage",
        string="Collection stage",
        copy=False,
        index="btree_not_null",
        tracking=True,
    )
    debt_stage_date = fields.Date(string="In stage since", copy=False)
    debt_days_overdue = fields.Integer(
        string="Days overdue",
        copy=False,
        help="Days past the due date at the last collection run (negative before it).",
    )
    debt_last_action_date = fields.Date(string="Last collection action", copy=False)
    debt_next_action_date = fields.Date(string="Next collection action", copy=False)
    debt_reminder_count = fields.Integer(string="Reminders sent", copy=False)
    debt_closed_date = fields.Date(
        string="Left collection on",
        copy=False,
        help="Date the invoice was paid or credited in full while in collection.",
    )
    debt_proposed_stage_id = fields.Many2one(
        "debt.stage",
        string="Proposed stage",
        copy=False,
        index="btree_not_null",
        help="The daily run would move the invoice here, but the stage needs a manager's approval.",
    )
    debt_run_date = fields.Date(
        string="Last collection run",
        copy=False,
        help="The run date that last processed this invoice: a second run on the "
        "same day skips it.",
    )
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
    debt_disputed = fields.Boolean(
        string="Disputed",
        compute="_compute_debt_holds",
        store=True,
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

    @api.depends(
        "move_type",
        "no_followup",
        "commercial_partner_id.debt_excluded",
        "debt_dispute_ids.state",
        "debt_promise_ids.state",
        "debt_promise_ids.promised_date",
        "debt_placement_ids.state",
    )
    def _compute_debt_holds(self):
        for move in self:
            if move.move_type != "out_invoice":
                move.debt_disputed = False
                move.debt_promise_id = move.debt_placement_id = move.debt_hold_reason = False
                continue
            promises = move.debt_promise_ids.filtered(lambda p: p.state == "open")
            placements = move.debt_placement_ids.filtered(
                lambda p: p.state in ACTIVE_PLACEMENT_STATES
            )
            move.debt_disputed = any(d.state == "open" for d in move.debt_dispute_ids)
            move.debt_promise_id = promises.sorted("promised_date")[-1:]
            move.debt_placement_id = placements[:1]
            move.debt_hold_reason = hold_reason(
                debtor_excluded=move.commercial_partner_id.debt_excluded,
                no_followup=move.no_followup,
                placed=bool(move.debt_placement_id),
                disputed=move.debt_disputed,
                promised=bool(move.debt_promise_id),
            )

    # The daily run's candidates: open customer invoices, and those still
    # marked in collection that were just paid.
    _debt_run_idx = models.Index(
        "(company_id, debt_run_date) WHERE move_type = 'out_invoice' AND state = 'posted'"
    )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        # EXTENDS account: a stage set by hand or approved is recorded in the
        # stage history, as the daily run records its own moves.
        if "debt_stage_id" not in vals:
            return super().write(vals)
        before = {move: move.debt_stage_id for move in self}
        result = super().write(vals)
        self.env["debt.stage.history"]._record_moves(
            before, self.env.context.get("debt_stage_reason", "manual")
        )
        return result

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
        return self._debt_action(
            "debt_recovery.action_debt_promise",
            [("move_ids", "in", self.ids)],
            {
                "default_partner_id": self.commercial_partner_id.id,
                "default_move_ids": self.ids,
                "default_amount": self.amount_residual,
            },
        )

    def action_debt_approve_stage(self):
        """Move the invoices to the stage the daily run proposed for them."""
        if not self.env.user.has_group("debt_recovery.group_debt_manager"):
            raise AccessError(self.env._("Only a Collections Manager approves escalations."))
        self.env["debt.escalation"]._approve(self.filtered("debt_proposed_stage_id"))

    def action_debt_view_disputes(self):
        return self._debt_action(
            "debt_recovery.action_debt_dispute",
            [("move_id", "in", self.ids)],
            {"default_move_id": self.id, "default_amount": self.amount_residual},
        )
