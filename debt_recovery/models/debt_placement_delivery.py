"""The agency exchange of a placement: pushing the package to the agency's
endpoint, watching its SLA, and applying the status it reports back."""

import logging
import time
from datetime import timedelta
from decimal import Decimal

import requests
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..core.agency_status import STATUSES, event_key
from ..core.package import backoff_delays, check_endpoint_url, retry_after_minutes
from ..core.placements import ACTIVE_PLACEMENT_STATES, PACKAGE_STATES, collectable

_logger = logging.getLogger(__name__)

DELIVERY_TIMEOUT = 30  # seconds per attempt
DELIVERY_ATTEMPTS = 3  # tries per delivery, with backoff in between


class DebtPlacement(models.Model):
    _inherit = "debt.placement"

    # ------------------------------------------------------------
    # DELIVERY
    # ------------------------------------------------------------

    def action_deliver(self):
        self._check_manager(self.env._("deliver"))
        self._check_states(PACKAGE_STATES, self.env._("Only a placement handed over is delivered:"))
        for placement in self:
            placement._deliver()
        return True

    def _deliver(self, timeout=DELIVERY_TIMEOUT, attempts=DELIVERY_ATTEMPTS, sleep=time.sleep):
        """Push the package to the agency's endpoint (HTTPS to the agency's host;
        plain HTTP only to this machine, for tests): a few tries with backoff,
        then the cron's schedule. Redirects are not followed: a 3xx is a failed
        delivery. Delivered means a 2xx answer, nothing else. The secret never
        reaches a log, the chatter or the package."""
        self.ensure_one()
        agency = self.agency_id.sudo()
        url = agency.endpoint_url
        if not url:
            raise UserError(
                self.env._(
                    "%(agency)s has no delivery endpoint: download the package "
                    "and send it yourself.",
                    agency=agency.name,
                )
            )
        refused = check_endpoint_url(url, agency.endpoint_host)
        if refused:
            raise UserError(
                self.env._(
                    "The delivery endpoint must be an https:// address of the agency's host "
                    "(%(reason)s).",
                    reason=refused,
                )
            )
        if not self.package_id:
            self._build_package()
        headers = {
            "Content-Type": "application/zip",
            "Idempotency-Key": f"{self.name}:{self.package_sha256}",
            "X-Package-SHA256": self.package_sha256,
        }
        auth = (
            (agency.endpoint_username, agency.endpoint_secret) if agency.endpoint_username else None
        )
        error = None
        for wait in [0, *backoff_delays(attempts)]:
            if wait:
                sleep(wait)
            try:
                response = requests.post(
                    url,
                    data=self.package_id.raw,
                    headers=headers,
                    auth=auth,
                    timeout=timeout,
                    allow_redirects=False,
                )
            except requests.RequestException as exc:
                error = self.env._(
                    "%(agency)s unreachable: %(error)s",
                    agency=agency.name,
                    error=type(exc).__name__,
                )
                continue
            if 200 <= response.status_code < 300:
                self.sudo().write(
                    {
                        "delivery_state": "delivered",
                        "delivery_error": False,
                        "delivery_next_try": False,
                    }
                )
                self.message_post(
                    body=self.env._("Package delivered to %(agency)s.", agency=agency.name)
                )
                return True
            if 300 <= response.status_code < 400:
                error = self.env._(
                    "%(agency)s answered HTTP %(status)s, a redirect: not followed, the "
                    "package is not delivered. Check the endpoint address.",
                    agency=agency.name,
                    status=response.status_code,
                )
                break
            error = self.env._(
                "%(agency)s answered HTTP %(status)s.",
                agency=agency.name,
                status=response.status_code,
            )
            if response.status_code < 500 and response.status_code != 429:
                break  # refused: trying again will not help
        failures = self.delivery_failures + 1
        self.sudo().write(
            {
                "delivery_state": "failed",
                "delivery_failures": failures,
                "delivery_error": error,
                "delivery_next_try": fields.Datetime.now()
                + timedelta(minutes=retry_after_minutes(failures)),
            }
        )
        self.message_post(
            body=Markup("%s<br/>%s")
            % (self.env._("Package not delivered; the scheduler will try again."), error)
        )
        _logger.warning("Placement %s: delivery failed (%s)", self.name, error)
        return False

    @api.model
    def _cron_deliver_and_watch(self):
        """Scheduled: retry failed deliveries, and remind managers of agencies
        late for their first contact or their status report."""
        for placement in self._due_deliveries(fields.Datetime.now()):
            placement._deliver()
            self.env["ir.cron"]._commit_progress(1)  # a delivery done is never redone
        self._check_sla(fields.Date.context_today(self))

    @api.model
    def _due_deliveries(self, now):
        return self.search(
            [
                ("delivery_state", "=", "failed"),
                ("delivery_next_try", "<=", now),
                ("state", "in", PACKAGE_STATES),
            ]
        )

    @api.model
    def _check_sla(self, today):
        """An activity for the manager when an agency is late: no first contact
        within its SLA, or no status report within its reporting period."""
        for placement in self.search([("state", "in", ACTIVE_PLACEMENT_STATES)]):
            agency = placement.agency_id
            if placement.sla_alert_date and placement.sla_alert_date > today - timedelta(days=7):
                continue  # reminded this week already
            late = None
            if not placement.date_acknowledged:
                if placement.date_placed + timedelta(days=agency.sla_first_contact_days) < today:
                    late = self.env._(
                        "no first contact within %(days)s days", days=agency.sla_first_contact_days
                    )
            else:
                last = placement.date_last_report or placement.date_acknowledged
                if last + timedelta(days=agency.sla_report_days) < today:
                    late = self.env._(
                        "no status report for %(days)s days", days=(today - last).days
                    )
            if late:
                placement.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("%(agency)s is late", agency=agency.name),
                    note=self.env._(
                        "%(placement)s: %(late)s. Chase the agency or recall the placement.",
                        placement=placement.name,
                        late=late,
                    ),
                    user_id=(placement.company_id.debt_manager_id or self.env.user).id,
                )
                placement.sla_alert_date = today

    # ------------------------------------------------------------
    # AGENCY REPORTS (the ledger: debt.placement.event)
    # ------------------------------------------------------------

    def _ledger_keys(self):
        """The identities (``core.agency_status.event_key``) of the reports
        already booked on these placements."""
        events = self.env["debt.placement.event"].search([("placement_id", "in", self.ids)])
        return {
            event_key(
                e.placement_id.name,
                e.reference,
                e.date,
                e.status,
                Decimal(str(e.amount)),
                e.currency_id.name if e.amount else "",
            )
            for e in events
        }

    def _collectable(self):
        """What the agency may still report as collected, as a Decimal."""
        self.ensure_one()
        amount = collectable(self.amount_placed, self.amount_recovered, self.amount_open)
        return Decimal(str(self.currency_id.round(amount)))

    def _company_amount(self, event):
        """``(amount, currency)`` of a reported payment: the amount in company
        currency (converted at the report's date when the agency reports in
        another active currency), None if the currency is not in use here, or
        the reason it is refused."""
        self.ensure_one()
        currency = self.env["res.currency"].search([("name", "=", event.currency)], limit=1)
        if not currency:
            return None, None
        if -event.amount_collected.as_tuple().exponent > currency.decimal_places:
            return (
                self.env._(
                    "%(amount)s has more decimals than %(currency)s",
                    amount=event.amount_collected,
                    currency=currency.name,
                ),
                currency,
            )
        amount = float(event.amount_collected)
        if currency != self.currency_id:
            amount = currency._convert(amount, self.currency_id, self.company_id, event.date)
        return Decimal(str(self.currency_id.round(amount))), currency

    def _apply_agency_event(self, event, state, amount_company, currency, status_file, payment):
        """Book one checked line of an agency status file: a ledger row, the
        placement's new state and, for a payment, a draft customer payment."""
        self.ensure_one()
        values = {
            "agency_status": event.status,
            "date_last_report": max(event.date, self.date_last_report or event.date),
            "state": state,
        }
        if event.status == "acknowledged" and not self.date_acknowledged:
            values["date_acknowledged"] = event.date
        if state != self.state and state in ("returned", "closed", "settled"):
            values["date_closed"] = event.date
        self.write(values)
        draft = self.env["account.payment"]
        if event.status == "payment" and payment:
            draft = self._draft_payment(event, currency)
        self.env["debt.placement.event"].create(
            {
                "placement_id": self.id,
                "status_file_id": status_file.id,
                "line": event.line,
                "reference": event.reference or False,
                "date": event.date,
                "status": event.status,
                "currency_id": (currency or self.currency_id).id,
                "amount": float(event.amount_collected),
                "amount_company": amount_company,
                "commission": float(event.commission),
                "note": event.note or False,
                "payment_id": draft.id,
            }
        )
        body = self.env._(
            "Agency report of %(date)s: %(status)s.",
            date=format_date(self.env, event.date),
            status=STATUSES[event.status],
        )
        if event.note:
            body += " " + event.note
        self.message_post(body=body)
        return draft

    def _draft_payment(self, event, currency):
        return self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_id.commercial_partner_id.id,
                "amount": float(event.amount_collected),
                "currency_id": currency.id,
                "date": event.date,
                "memo": self.env._(
                    "%(placement)s: collected by %(agency)s",
                    placement=self.name,
                    agency=self.agency_id.name,
                ),
                "company_id": self.company_id.id,
            }
        )
