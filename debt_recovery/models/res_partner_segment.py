"""The debtor's segment, as the daily run's segmentation wrote it (per
company), and why, in the reader's words."""

import json

from odoo import api, fields, models

from ..core.segments import SEGMENTS, PaymentFigures


class ResPartner(models.Model):
    _inherit = "res.partner"

    # === Written by the segmentation run, per company === #
    debt_segment = fields.Selection(
        SEGMENTS, string="Segment", company_dependent=True, tracking=True, copy=False
    )
    debt_score = fields.Integer(
        string="Likelihood to pay",
        company_dependent=True,
        copy=False,
        help="0 (will not pay) to 100 (certain to pay), from the payment history.",
    )
    debt_segment_json = fields.Text(
        string="Segment figures (stored)", company_dependent=True, copy=False
    )
    debt_segment_date = fields.Date(string="Segmented on", company_dependent=True, copy=False)

    # === Read from the run's figures === #
    debt_segment_data = fields.Json(
        string="Segment figures",
        compute="_compute_debt_segment_data",
        help="The figures and reasons the segment came from.",
    )
    # Worded when read, not by the run: in the reader's language, and the run
    # does not write ten thousand paragraphs a day.
    debt_segment_explanation = fields.Text(
        string="Why this segment", compute="_compute_debt_segment_data"
    )

    @api.depends_context("company", "lang")
    @api.depends("debt_segment_json")
    def _compute_debt_segment_data(self):
        texts = self._debt_segment_texts()
        for partner in self:
            data = json.loads(partner.debt_segment_json or "null")
            partner.debt_segment_data = data or False
            partner.debt_segment_explanation = (
                partner._debt_explain_segment(data, texts) if data else False
            )

    @api.model
    def _debt_segment_texts(self):
        """The words of the explanations, translated once for a batch: each
        counted phrase as (one, several), so that 1 reads "1 invoice"."""
        labels = {
            "insolvent": (self.env._("insolvency proceedings are open"),) * 2,
            "written_off": (
                self.env._("%(n)s invoice written off"),
                self.env._("%(n)s invoices written off"),
            ),
            "broken_promises": (
                self.env._("%(n)s broken promise to pay"),
                self.env._("%(n)s broken promises to pay"),
            ),
            "max_days_late": (
                self.env._("up to %(n)s day late"),
                self.env._("up to %(n)s days late"),
            ),
            "late_share": (self.env._("%(n)s%% of invoices paid late"),) * 2,
            "avg_days_late": (
                self.env._("%(n)s day late on average"),
                self.env._("%(n)s days late on average"),
            ),
            "open_overdue": (
                self.env._("%(n)s invoice overdue now"),
                self.env._("%(n)s invoices overdue now"),
            ),
        }
        counts = {
            "invoices": (self.env._("%(n)s invoice"), self.env._("%(n)s invoices")),
            "days": (self.env._("%(n)s day"), self.env._("%(n)s days")),
            "disputes": (self.env._("%(n)s dispute"), self.env._("%(n)s disputes")),
        }
        summary = self.env._(
            "Last 12 months: %(invoices)s, %(late)s paid late, average delay %(avg)s, "
            "worst %(max)s; %(broken)s broken and %(kept)s kept promises; %(disputes)s."
        )
        return labels, counts, summary

    @api.model
    def _debt_explain_segment(self, data, texts):
        """The reasons and figures behind a segment (``debt_segment_json``:
        ``core.segments.classify``'s reasons and the figures), in words."""
        labels, counts, summary = texts

        def counted(phrases, n):
            return phrases[0 if n == 1 else 1] % {"n": n}

        figures = PaymentFigures(**data["figures"])
        reasons = "; ".join(counted(labels[code], n) for code, n in data["reasons"])
        summary = summary % {
            "invoices": counted(counts["invoices"], figures.invoices),
            "late": figures.paid_late,
            "avg": counted(counts["days"], round(figures.avg_days_late)),
            "max": counted(counts["days"], figures.max_days_late),
            "broken": figures.broken_promises,
            "kept": figures.kept_promises,
            "disputes": counted(counts["disputes"], figures.disputes),
        }
        # The first letter up, the rest as written (German nouns keep theirs).
        return f"{reasons[:1].upper()}{reasons[1:]}. {summary}"
