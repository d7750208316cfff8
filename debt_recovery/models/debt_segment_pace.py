from odoo import fields, models

from ..core.segments import SEGMENTS


class DebtSegmentPace(models.Model):
    """How much later (or earlier) a company escalates debtors of one segment.

    One row per company and segment (not a column per segment): a segment
    added to ``core.segments.SEGMENTS`` needs no schema change, and a segment
    without a row falls back to ``core.segments.DEFAULT_OFFSETS``.
    """

    _name = "debt.segment.pace"
    _description = "Escalation Pace per Debtor Segment"
    _inherit = ["debt.company.setting.mixin"]

    segment = fields.Selection(SEGMENTS, required=True)
    offset_days = fields.Integer(
        string="Days added",
        help="Added to every stage threshold for debtors of this segment: positive is "
        "gentler, negative faster.",
    )

    _company_segment_uniq = models.Constraint(
        "UNIQUE(company_id, segment)", "A segment has one pace per company."
    )
