"""A status file an agency sent back, kept with its SHA-256: the same file
imported again is recognised and changes nothing."""

import hashlib
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core.agency_status import parse_status_file, plan_events


class DebtAgencyStatusFile(models.Model):
    _name = "debt.agency.status.file"
    _description = "Agency Status File"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="File name", required=True, readonly=True)
    agency_id = fields.Many2one(
        "debt.agency", required=True, readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        related="agency_id.company_id", store=True, index=True, precompute=True
    )
    sha256 = fields.Char(string="SHA-256", required=True, readonly=True)
    event_ids = fields.One2many("debt.placement.event", "status_file_id", string="Events")
    event_count = fields.Integer(readonly=True, help="Events the file held.")
    skipped_count = fields.Integer(
        readonly=True, help="Events of the file already booked from an earlier file."
    )

    _agency_sha_uniq = models.Constraint(
        "UNIQUE(agency_id, sha256)", "This status file was already imported for this agency."
    )

    @api.model
    def _import(self, agency, filename, content, create_payments=True):
        """Check a status file whole, then book what it reports once.

        Returns ``(status_file, payments, already)``: ``already`` is the earlier
        import of the same bytes (then nothing changes), else False.
        """
        digest = hashlib.sha256(content).hexdigest()
        already = self.search([("agency_id", "=", agency.id), ("sha256", "=", digest)], limit=1)
        if already:
            return already, self.env["account.payment"], already
        placements = self.env["debt.placement"].search(
            [("agency_id", "=", agency.id), ("company_id", "=", agency.company_id.id)]
        )
        by_name = {p.name: p for p in placements}
        today = fields.Date.context_today(self)
        events, errors = parse_status_file(content, filename, set(by_name), today)
        fresh, amounts = [], {}
        if not errors:
            booked = placements._ledger_keys()
            fresh = [e for e in events if e.key not in booked]
            for event in fresh:
                if event.amount_collected:
                    amounts[event.line] = by_name[event.placement]._company_amount(event)
            names = {e.placement for e in fresh}
            plan, errors = plan_events(
                fresh,
                {name: by_name[name].state for name in names},
                {name: by_name[name]._collectable() for name in names},
                {line: amount for line, (amount, _currency) in amounts.items()},
            )
        if errors:
            lines = "\n".join(
                self.env._("Line %(line)s: %(error)s", line=line, error=error) if line else error
                for line, error in errors
            )
            raise UserError(
                self.env._(
                    "%(file)s was not imported; nothing changed.\n%(errors)s",
                    file=filename,
                    errors=lines,
                )
            )
        payments = self.env["account.payment"]
        with self.env.cr.savepoint():  # all lines or none
            status_file = self.create(
                {
                    "name": filename,
                    "agency_id": agency.id,
                    "sha256": digest,
                    "event_count": len(events),
                    "skipped_count": len(events) - len(fresh),
                }
            )
            for event, new_state in plan:
                amount, currency = amounts.get(event.line, (Decimal(0), None))
                payments |= by_name[event.placement]._apply_agency_event(
                    event, new_state, float(amount), currency, status_file, create_payments
                )
        return status_file, payments, False
