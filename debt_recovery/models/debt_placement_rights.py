"""Who may change a placement: the workflow (hand-over, package, delivery,
agency reports) and managers set its state and money; a clerk proposes
drafts. Checked in create/write, so that no RPC client goes around it."""

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from ..core.authority import PLACEMENT_HANDOVER_FIELDS as HANDOVER_FIELDS
from ..core.authority import PROTECTED_FIELDS
from ..core.placements import PLACEMENT_STATES

# Set by the workflow or a manager only (core.authority, with every model's).
WORKFLOW_FIELDS = PROTECTED_FIELDS["debt.placement"]

MANAGER = "debt_recovery.group_debt_manager"


class DebtPlacement(models.Model):
    _inherit = "debt.placement"

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self._is_manager() and (
                (WORKFLOW_FIELDS - {"state"}) & vals.keys() or vals.get("state", "draft") != "draft"
            ):
                raise AccessError(self.env._("A clerk proposes placements as drafts only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_manager():
            if WORKFLOW_FIELDS & vals.keys():
                raise AccessError(
                    self.env._(
                        "Only the hand-over, the agency's reports or a Collections Manager "
                        "change %(fields)s.",
                        fields=", ".join(sorted(WORKFLOW_FIELDS & vals.keys())),
                    )
                )
            if HANDOVER_FIELDS & vals.keys() and any(p.state != "draft" for p in self):
                raise AccessError(
                    self.env._("What was handed over to the agency is changed by a manager.")
                )
        return super().write(vals)

    # ------------------------------------------------------------
    # RIGHTS
    # ------------------------------------------------------------

    def _is_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER)

    def _check_manager(self, what):
        if not self._is_manager():
            raise AccessError(
                self.env._("Only a Collections Manager may %(what)s a placement.", what=what)
            )

    def _check_states(self, states, message):
        wrong = self.filtered(lambda p: p.state not in states)
        if wrong:
            raise UserError(
                message
                + " "
                + ", ".join(
                    f"{p.name} ({dict(PLACEMENT_STATES)[p.state]})" for p in wrong.sorted("id")
                )
            )
