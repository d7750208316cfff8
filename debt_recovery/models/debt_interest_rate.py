from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core.interest import RATE_SOURCES


class DebtInterestRate(models.Model):
    """A published reference rate and the half-year (or other period) it applies to."""

    _name = "debt.interest.rate"
    _description = "Reference Interest Rate"
    _order = "source, date_from desc"

    source = fields.Selection(RATE_SOURCES, required=True)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    rate = fields.Float(string="Rate (%)", digits=(6, 3), required=True)
    note = fields.Char(help="Where the rate was published.")

    _period_order = models.Constraint(
        "CHECK(date_from <= date_to)", "A rate period cannot end before it starts."
    )

    @api.constrains("source", "date_from", "date_to")
    def _check_overlap(self):
        for rate in self:
            clash = self.search_count(
                [
                    ("id", "!=", rate.id),
                    ("source", "=", rate.source),
                    ("date_from", "<=", rate.date_to),
                    ("date_to", ">=", rate.date_from),
                ]
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "Two %(reference)s rates cannot cover the same days (%(start)s - %(end)s).",
                        reference=dict(RATE_SOURCES)[rate.source],
                        start=rate.date_from,
                        end=rate.date_to,
                    )
                )
