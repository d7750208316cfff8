"""The agency exchange of a placement: pushing the package to the agency's
endpoint, watching its SLA, and applying the status it reports back."""

import logging
import time
from datetime import timedelta

import requests
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core.agency_status import STATUSES, state_after
from ..core.package import backoff_delays, retry_after_minutes
from ..core.placements import ACTIVE_PLACEMENT_STATES

_logger = logging.getLogger(__name__)

DELIVERY_TIMEOUT = 30  # seconds per attempt
DELIVERY_ATTEMPTS = 3  # tries per delivery, with backoff in between


class DebtPlacement(models.Model):
    _inherit = "debt.placement"

    # ------------------------------------------------------------
    # DELIVERY
    # ------------------------------------------------------------

    def action_deliver(self):
        for placement in self:
            placement._deliver()
        return True

    def _deliver(self, timeout=DELIVERY_TIMEOUT, attempts=DELIVERY_ATTEMPTS, sleep=time.sleep):
        """Push the package to the agency's endpoint (HTTPS; plain HTTP only to
        this machine, for tests): a few tries with backoff, then the cron's
        schedule. The secret never reaches a log, the chatter or the package."""
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
        if not (
            url.startswith("https://") or url.startswith(("http://127.0.0.1", "http://localhost"))
        ):
            raise UserError(self.env._("The delivery endpoint must be an https:// address."))
        if not self.package_id:
            self.action_build_package()
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
                    url, data=self.package_id.raw, headers=headers, auth=auth, timeout=timeout
                )
            except requests.RequestException as exc:
                error = self.env._(
                    "%(agency)s unreachable: %(error)s",
                    agency=agency.name,
                    error=type(exc).__name__,
                )
                continue
            if response.status_code < 300:
                self.write(
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
            error = self.env._(
                "%(agency)s answered HTTP %(status)s.",
                agency=agency.name,
                status=response.status_code,
            )
            if response.status_code < 500 and response.status_code != 429:
                break  # refused: trying again will not help
        failures = self.delivery_failures + 1
        self.write(
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
        return self.search([("delivery_state", "=", "failed"), ("delivery_next_try", "<=", now)])

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

    def _apply_agency_event(self, event, create_payment):
        """One line of an agency status file (already checked)."""
        self.ensure_one()
        values = {"agency_status": event.status, "date_last_report": event.date}
        if event.status == "acknowledged" and not self.date_acknowledged:
            values["date_acknowledged"] = event.date
        if event.status == "payment":
            values["amount_recovered"] = self.amount_recovered + float(event.amount_collected)
        state = state_after(self.state, event.status) or self.state
        if state in ("returned", "closed"):
            values["date_closed"] = event.date
        values["state"] = state
        self.write(values)
        body = self.env._(
            "Agency report of %(date)s: %(status)s.", date=event.date, status=STATUSES[event.status]
        )
        if event.note:
            body += " " + event.note
        self.message_post(body=body)
        if event.status == "payment" and create_payment:
            return self._draft_payment(event)
        return self.env["account.payment"]

    def _draft_payment(self, event):
        currency = self.env["res.currency"].search([("name", "=", event.currency)], limit=1)
        return self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_id.commercial_partner_id.id,
                "amount": float(event.amount_collected),
                "currency_id": (currency or self.currency_id).id,
                "date": event.date,
                "memo": self.env._(
                    "%(placement)s: collected by %(agency)s",
                    placement=self.name,
                    agency=self.agency_id.name,
                ),
                "company_id": self.company_id.id,
            }
        )
