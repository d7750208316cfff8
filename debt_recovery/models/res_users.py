from odoo import api, fields, models

# Where Collections users land after login, unless they chose another home.
HOME_ACTION = "debt_recovery.action_debt_worklist"


class ResUsers(models.Model):
    _inherit = "res.users"

    debt_promise_kept_rate = fields.Integer(
        string="Promises kept (%)",
        compute="_compute_debt_promise_kept_rate",
        help="Share of the promises this collector took in the last 12 months that were "
        "kept, fully or in part.",
    )

    def _compute_debt_promise_kept_rate(self):
        rates = self.env["debt.promise"]._kept_rates("user_id", self.ids)
        for user in self:
            user.debt_promise_kept_rate = rates.get(user.id) or 0

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    # EXTENDS 'base'
    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._debt_sync_home_action()
        return users

    # EXTENDS 'base'
    def write(self, vals):
        result = super().write(vals)
        if "group_ids" in vals or "role" in vals:
            self._debt_sync_home_action()
        return result

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _debt_sync_home_action(self):
        """Users given a Collections group land on the worklist.

        Only users without a home action get it: a home chosen by the user or
        an administrator is kept. Users who leave the group lose the worklist
        as their home (they would land on a page they may no longer use).
        """
        group = self.env.ref("debt_recovery.group_debt_user", raise_if_not_found=False)
        action = self.env.ref(HOME_ACTION, raise_if_not_found=False)
        if not group or not action:
            return
        users = self.sudo()
        members = users.filtered(lambda u: group in u.all_group_ids)
        if joined := members.filtered(lambda u: not u.action_id):
            joined.action_id = action.id
        if left := (users - members).filtered(lambda u: u.action_id.id == action.id):
            left.action_id = False
