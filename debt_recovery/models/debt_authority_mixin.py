"""Server-side authority: every action checks ``core.authority`` itself, and
the fields only the server's flows write are guarded in create and write.

Models inherit this mixin and start each public action with
``self._debt_authorize("action_x")``. Flows that are allowed to move a
protected field (an action after its check, the daily run) write through
``sudo()``, which keeps the user as author of the change.
"""

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from ..core.authority import (
    ACTION_RULES,
    CLERK,
    MANAGER,
    PROTECTED_FIELDS,
    action_refusal,
    protected_in,
)

GROUPS = {CLERK: "debt_recovery.group_debt_user", MANAGER: "debt_recovery.group_debt_manager"}


class DebtAuthorityMixin(models.AbstractModel):
    _name = "debt.authority.mixin"
    _description = "Collections Authority Checks"

    def _debt_roles(self):
        user = self.env.user
        return {role for role, xmlid in GROUPS.items() if self.env.su or user.has_group(xmlid)}

    def _debt_authorize(self, action):
        """Raise unless the user's role and the records' state allow ``action``."""
        rule = ACTION_RULES[self._name][action]
        states = self.mapped("state") if "state" in self._fields else []
        refusal = action_refusal(rule, groups=self._debt_roles(), states=states)
        if refusal == "group":
            role = self.env._("Collections Manager") if rule.group == MANAGER else None
            raise AccessError(
                self.env._(
                    "Only a %(role)s may do this (%(action)s on %(model)s).",
                    role=role or self.env._("Collections User"),
                    action=action,
                    model=self._description,
                )
            )
        if refusal == "state":
            raise UserError(
                self._debt_state_refusal(self.filtered(lambda r: r.state not in rule.states))
            )

    def _debt_state_refusal(self, wrong):
        """The message when ``wrong`` records are not in a state the action runs from."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        return self.env._(
            "%(records)s: not possible while %(state)s.",
            records=", ".join(wrong.mapped("display_name")),
            state=", ".join(sorted({labels.get(s, s) for s in wrong.mapped("state")})),
        )

    def _debt_guard_fields(self, field_names):
        guarded = protected_in(self._name, field_names)
        if not guarded or self.env.su or MANAGER in self._debt_roles():
            return
        raise AccessError(
            self.env._(
                "%(fields)s of %(model)s change through their actions only.",
                fields=", ".join(self._fields[name].string for name in guarded),
                model=self._description,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        guarded = PROTECTED_FIELDS.get(self._name, frozenset())
        for vals in vals_list:
            self._debt_guard_fields(
                [name for name in guarded & vals.keys() if not self._debt_is_default(name, vals)]
            )
        return super().create(vals_list)

    def _debt_is_default(self, name, vals):
        """A create may set a guarded field to its default (e.g. state 'open')."""
        field = self._fields[name]
        return bool(field.default) and not field.relational and vals[name] == field.default(self)

    def write(self, vals):
        self._debt_guard_fields(vals)
        return super().write(vals)
