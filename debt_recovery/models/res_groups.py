from odoo import api, models


class ResGroups(models.Model):
    _inherit = "res.groups"

    # EXTENDS 'base': users added to or removed from a group on its form get
    # (or lose) the Collections home action, as on the user's form
    # (res_users.py). Data files (install_mode) assign groups without
    # changing anyone's home: upgrading the module does not move the admin.
    @api.model_create_multi
    def create(self, vals_list):
        groups = super().create(vals_list)
        if not self.env.context.get("install_mode"):
            groups.all_user_ids._debt_sync_home_action()
        return groups

    def write(self, vals):
        if "user_ids" not in vals or self.env.context.get("install_mode"):
            return super().write(vals)
        before = self.all_user_ids
        result = super().write(vals)
        (before | self.all_user_ids)._debt_sync_home_action()
        return result
