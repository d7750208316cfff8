import logging

import requests
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core.interest import RATE_SOURCES, profile_for
from ..core.reference_rates import (
    FEEDS,
    RateFeedError,
    compare_with_table,
    feed_url,
    half_year,
    half_year_rates,
    parse,
    periods_missing,
)

_logger = logging.getLogger(__name__)

FETCH_TIMEOUT = 20  # seconds
MAX_RESPONSE_BYTES = 5_000_000
HISTORY_YEARS = 2  # how far back a fetch checks the table against the publisher
WARN_DAYS_AHEAD = 31  # a missing rate for the next half-year is flagged this early
ACCEPT = {
    "sdmx": "application/vnd.sdmx.genericdata+xml;version=2.1, application/xml;q=0.9",
    "boe_csv": "text/csv, text/plain;q=0.9",
}


class DebtInterestRate(models.Model):
    """A published reference rate and the half-year (or other period) it applies to.

    Rates come from their publishers (a daily job reads the ECB, the
    Bundesbank and the Bank of England) or are typed in by a manager; a fetch
    never overwrites a rate on file, it flags a difference.
    """

    _name = "debt.interest.rate"
    _inherit = ["debt.authority.mixin"]
    _description = "Reference Interest Rate"
    _order = "source, date_from desc"

    source = fields.Selection(RATE_SOURCES, required=True)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    rate = fields.Float(string="Rate (%)", digits=(6, 3), required=True)
    note = fields.Char(help="Where the rate was published.")
    origin = fields.Selection(
        [("manual", "Entered by hand"), ("feed", "Read from its publisher")],
        default="manual",
        readonly=True,
    )

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

    # -- Update from the publishers -------------------------------------------

    def action_update_from_sources(self):
        """Read the rates in use from their publishers now and say what changed."""
        self._debt_authorize("action_update_from_sources")
        outcome = self.sudo()._debt_update_rates(fields.Date.context_today(self))
        lines = [self._debt_outcome_line(source, result) for source, result in outcome.items()]
        failed = any(result.get("error") for result in outcome.values())
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Reference rates"),
                "message": "\n".join(lines) or self.env._("No company uses a reference rate."),
                "type": "warning" if failed else "success",
                "sticky": failed,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _debt_outcome_line(self, source, result):
        label = dict(RATE_SOURCES)[source]
        if result.get("error"):
            error = result["error"]
            return self.env._("%(rate)s: not updated (%(error)s)", rate=label, error=error)
        return self.env._(
            "%(rate)s: %(added)s added, %(differ)s differing from the publisher",
            rate=label,
            added=result["added"],
            differ=result["conflicts"],
        )

    @api.model
    def _cron_update_rates(self):
        self._debt_update_rates(fields.Date.context_today(self))

    @api.model
    def _debt_update_rates(self, today):
        """Fetch each source in use, add the half-years it publishes that the
        table lacks, and flag to managers what differs or is still missing.
        A source that fails changes nothing; the others go on.
        Returns ``{source: {"added", "conflicts", "error"}}``."""
        by_company = self._debt_sources_by_company()
        sources = sorted(set().union(*by_company.values())) if by_company else []
        outcome = {}
        first = half_year(today - relativedelta(years=HISTORY_YEARS))[0]
        for source in sources:
            feed = FEEDS[source]
            url = feed_url(feed, first)
            try:
                observations = parse(feed, self._debt_fetch(url, feed.fmt))
            except (RateFeedError, requests.RequestException) as error:
                _logger.warning("Reference rate %s not updated from %s: %s", source, url, error)
                outcome[source] = {
                    "added": 0,
                    "conflicts": 0,
                    "error": self._debt_error(url, error),
                }
                continue
            rates = half_year_rates(feed, observations, first, today)
            added, conflicts = self._debt_store(feed, rates)
            outcome[source] = {"added": added, "conflicts": len(conflicts), "error": ""}
            for company, used in by_company.items():
                if source in used:
                    for text in conflicts:
                        self._debt_flag(company, self.env._("Reference rate differs"), text)
        self._debt_flag_missing(today, by_company, outcome)
        return outcome

    @api.model
    def _debt_error(self, url, error):
        """A failure in words a manager can act on (the details go to the log)."""
        host = url.split("/")[2]
        if isinstance(error, requests.Timeout):
            return self.env._("%(host)s did not answer in time", host=host)
        if isinstance(error, requests.ConnectionError):
            return self.env._(
                "%(host)s could not be reached (is outbound HTTPS allowed?)", host=host
            )
        if isinstance(error, requests.RequestException):
            return self.env._("%(host)s: %(error)s", host=host, error=type(error).__name__)
        return self.env._(
            "%(host)s answered with something other than its rates: %(error)s",
            host=host,
            error=error,
        )

    @api.model
    def _debt_fetch(self, url, fmt):
        """The publisher's response as text; a redirect or an error status is a failure."""
        response = requests.get(
            url,
            timeout=FETCH_TIMEOUT,
            allow_redirects=False,
            headers={"Accept": ACCEPT[fmt], "User-Agent": "Odoo debt_recovery (reference rates)"},
        )
        if response.status_code != 200:
            raise RateFeedError(
                self.env._("the publisher answered HTTP %(status)s", status=response.status_code)
            )
        if len(response.content) > MAX_RESPONSE_BYTES:
            raise RateFeedError(self.env._("the response is too large"))
        return response.content.decode(response.encoding or "utf-8", errors="replace")

    @api.model
    def _debt_store(self, feed, rates):
        """Create the half-years the table lacks (``core.reference_rates.
        compare_with_table`` decides). Returns (added, [conflict text])."""
        on_file = self.search([("source", "=", feed.source)])
        new, conflicts = compare_with_table(
            rates, [(row.date_from, row.date_to, row.rate) for row in on_file]
        )
        self.create(
            [
                {
                    "source": feed.source,
                    "date_from": rate.start,
                    "date_to": rate.end,
                    "rate": float(rate.rate),
                    "origin": "feed",
                    "note": self.env._(
                        "%(feed)s, in force on %(day)s", feed=feed.label, day=rate.observed_on
                    ),
                }
                for rate in new
            ]
        )
        return len(new), [
            self.env._(
                "%(feed)s publishes %(published)s%% for %(start)s - %(end)s; the table has "
                "%(on_file)s. The table is kept: check it in Collections > Configuration > "
                "Reference rates.",
                feed=feed.label,
                published=rate.rate,
                start=rate.start,
                end=rate.end,
                on_file=", ".join(f"{value}% ({start} - {end})" for start, end, value in rows),
            )
            for rate, rows in conflicts
        ]

    @api.model
    def _debt_sources_by_company(self):
        """{company: {source}}: the reference rates each company's letters may need,
        for its own law and for any law set on a debtor."""
        partner_laws = {
            law
            for (law,) in self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            ._read_group([("debt_jurisdiction", "!=", False)], ["debt_jurisdiction"])
        }
        by_company = {}
        # Every company: a debtor's own law applies even where the company's is "none".
        companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        for company in companies:
            sources = set()
            for law in partner_laws | {company.debt_jurisdiction}:
                custom = company._debt_custom_profile() if law == "custom" else None
                for consumer in (False, True):
                    source = profile_for(law, consumer, custom).source
                    if source in FEEDS:
                        sources.add(source)
            if sources:
                by_company[company] = sources
        return by_company

    @api.model
    def _debt_flag_missing(self, today, by_company, outcome):
        """A to-do for each company's managers when a rate it needs now or for
        the coming half-year is not on file; closed once the rate is there."""
        covered = {}
        for rate in self.search([("source", "in", list(FEEDS))]):
            covered.setdefault(rate.source, []).append((rate.date_from, rate.date_to))
        summary_prefix = self.env._("Reference rate missing")
        for company, sources in by_company.items():
            wanted = set()
            for source in sorted(sources):
                for start, end in periods_missing(covered.get(source, []), today, WARN_DAYS_AHEAD):
                    summary = f"{summary_prefix}: {dict(RATE_SOURCES)[source]} {start} - {end}"
                    wanted.add(summary)
                    error = outcome.get(source, {}).get("error")
                    self._debt_flag(
                        company,
                        summary,
                        self.env._(
                            "Letters with interest from %(start)s cannot be computed until the "
                            "%(rate)s for %(start)s - %(end)s is entered in Collections > "
                            "Configuration > Reference rates.%(error)s",
                            start=start,
                            end=end,
                            rate=dict(RATE_SOURCES)[source],
                            error=(" " + self.env._("Last update: %s", error)) if error else "",
                        ),
                    )
            stale = self._debt_flags(company).filtered(
                lambda a, wanted=wanted: a.summary.startswith(summary_prefix)
                and a.summary not in wanted
            )
            if stale:
                stale.action_feedback(feedback=self.env._("The rate is now on file."))

    @api.model
    def _debt_flags(self, company):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", company.partner_id.id)]
        )

    @api.model
    def _debt_flag(self, company, summary, note):
        """One open to-do per manager of ``company`` with ``summary``, on the company's contact."""
        managers = (
            self.env.ref("debt_recovery.group_debt_manager")
            .sudo()
            .all_user_ids.filtered(lambda u: u.active and not u.share and company in u.company_ids)
        )
        existing = self._debt_flags(company).filtered(lambda a: a.summary == summary)
        for user in managers - existing.user_id:
            company.partner_id.activity_schedule(
                "mail.mail_activity_data_todo", summary=summary, note=note, user_id=user.id
            )
