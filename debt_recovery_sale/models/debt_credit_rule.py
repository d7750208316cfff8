from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.debt_recovery.core.segments import SEGMENTS

from ..core.credit import RULE_ACTIONS, RULE_KINDS, CreditRule


class DebtCreditRule(models.Model):
    _name = "debt.credit.rule"
    _description = "Credit Policy Rule"
    _order = "company_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(RULE_KINDS, string="When", required=True, default="credit_limit")
    action = fields.Selection(RULE_ACTIONS, required=True, default="block")
    stage_id = fields.Many2one(
        "debt.stage",
        check_company=True,
        help="The rule fires when an open invoice of the debtor reached this stage or a later one.",
    )
    days = fields.Integer(
        string="Within (days)",
        default=90,
        help="The rule fires when a promise of the debtor was broken within this many days.",
    )
    segment = fields.Selection(
        SEGMENTS, help="The rule fires when the debtor is in this segment (one rule per segment)."
    )
    note = fields.Char(help="Why this rule, for the salespeople who see it fire.")

    _days_positive = models.Constraint("CHECK(days >= 0)", "The number of days cannot be negative.")

    @api.depends("kind", "action", "stage_id", "days", "segment")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        actions = dict(self._fields["action"]._description_selection(self.env))
        segments = dict(self._fields["segment"]._description_selection(self.env))
        for rule in self:
            detail = {
                "stage_reached": rule.stage_id.name,
                "broken_promise": self.env._("%(days)s days", days=rule.days),
                "segment": segments.get(rule.segment),
            }.get(rule.kind)
            label = kinds.get(rule.kind, "")
            if detail:
                label = f"{label}: {detail}"
            rule.display_name = f"{label} ({actions.get(rule.action, '')})"

    @api.constrains("kind", "stage_id", "segment")
    def _check_kind_details(self):
        for rule in self:
            if rule.kind == "stage_reached" and not rule.stage_id:
                raise ValidationError(self.env._("A stage rule needs the stage it fires at."))
            if rule.kind == "segment" and not rule.segment:
                raise ValidationError(self.env._("A segment rule needs the segment it fires on."))

    @api.model
    def _debt_stage_ranks(self, company):
        """{stage id: position on ``company``'s ladder}: how far a stage is."""
        stages = (
            self.env["debt.stage"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        )
        return {stage.id: rank for rank, stage in enumerate(stages)}

    def _debt_core_rules(self, ranks):
        """The rules as core ``CreditRule``; ``ranks`` from ``_debt_stage_ranks``."""
        return [
            CreditRule(
                rule_id=rule.id,
                kind=rule.kind,
                action=rule.action,
                stage_sequence=ranks.get(rule.stage_id.id),
                days=rule.days,
                segments=frozenset([rule.segment] if rule.segment else []),
            )
            for rule in self
        ]
