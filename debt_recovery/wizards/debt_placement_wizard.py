from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class DebtPlacementWizard(models.TransientModel):
    """Place one or several debtors with an agency: a placement per debtor with
    its overdue invoices (or the invoices chosen), handed over at once by a
    manager or left as drafts for a manager to approve."""

    _name = "debt.placement.wizard"
    _inherit = ["debt.authority.mixin"]
    _description = "Place Debtors with an Agency"

    agency_id = fields.Many2one(
        "debt.agency", required=True, domain="[('company_id', '=', company_id)]"
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    partner_ids = fields.Many2many("res.partner", string="Debtors", required=True)
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        help="Only these invoices; empty: every overdue invoice of each debtor not placed yet.",
    )
    note = fields.Html()
    hand_over = fields.Boolean(
        string="Hand over now",
        help="Send at once (managers); otherwise the placements wait as drafts for approval.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model, ids = self.env.context.get("active_model"), self.env.context.get("active_ids")
        if model == "res.partner" and ids:
            debtors = self.env["res.partner"].browse(ids).commercial_partner_id
            values["partner_ids"] = [Command.set(debtors.ids)]
        elif model == "account.move" and ids:
            moves = self.env["account.move"].browse(ids)
            values["move_ids"] = [Command.set(moves.ids)]
            values["partner_ids"] = [Command.set(moves.commercial_partner_id.ids)]
        if "agency_id" in fields_list and not values.get("agency_id"):
            company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
            agencies = self.env["debt.agency"].search([("company_id", "=", company.id)], limit=2)
            if len(agencies) == 1:  # the company's only agency
                values["agency_id"] = agencies.id
        return values

    def action_confirm(self):
        self._debt_authorize("action_confirm")
        self.ensure_one()
        if self.hand_over and not self.env.user.has_group("debt_recovery.group_debt_manager"):
            raise UserError(self.env._("Only a Collections Manager hands debts over at once."))
        Move = self.env["account.move"]
        placements = self.env["debt.placement"]
        for debtor in self.partner_ids.commercial_partner_id:
            if self.move_ids:
                moves = self.move_ids.filtered(lambda m, d=debtor: m.commercial_partner_id == d)
            else:
                moves = Move.search(
                    debtor._debt_overdue_domain()
                    & Domain("commercial_partner_id", "=", debtor.id)
                    & Domain("company_id", "=", self.company_id.id)
                )
            moves = moves.filtered(lambda m: not m.debt_placement_id)
            if not moves:
                continue
            placements |= placements.create(
                {
                    "agency_id": self.agency_id.id,
                    "company_id": self.company_id.id,
                    "partner_id": debtor.id,
                    "move_ids": [Command.set(moves.ids)],
                    "note": self.note,
                }
            )
        if not placements:
            raise UserError(
                self.env._("Nothing to place: no overdue invoice left outside an agency.")
            )
        if self.hand_over:
            placements.action_mark_sent()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "debt_recovery.action_debt_placement"
        )
        action["domain"] = [("id", "in", placements.ids)]
        return action
