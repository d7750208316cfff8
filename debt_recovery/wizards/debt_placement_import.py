import base64

from odoo import fields, models
from odoo.exceptions import UserError

from ..core.agency_status import parse_status_file


class DebtPlacementImport(models.TransientModel):
    """Import an agency's status file (CSV or JSON, see the README): checked
    whole first; a file with any error is refused and changes nothing."""

    _name = "debt.placement.import"
    _description = "Import an Agency Status File"

    agency_id = fields.Many2one("debt.agency", required=True)
    file = fields.Binary(required=True)
    filename = fields.Char(required=True)
    create_payments = fields.Boolean(
        string="Create draft payments",
        default=True,
        help="A draft customer payment per amount collected, to post and reconcile.",
    )

    def action_import(self):
        self.ensure_one()
        placements = self.env["debt.placement"].search([("agency_id", "=", self.agency_id.id)])
        by_name = {p.name: p for p in placements}
        events, errors = parse_status_file(
            base64.b64decode(self.file),
            self.filename,
            set(by_name),
            fields.Date.context_today(self),
        )
        if errors:
            lines = "\n".join(
                self.env._("Line %(line)s: %(error)s", line=line, error=error) if line else error
                for line, error in errors
            )
            raise UserError(
                self.env._(
                    "%(file)s was not imported; nothing changed.\n%(errors)s",
                    file=self.filename,
                    errors=lines,
                )
            )
        payments = self.env["account.payment"]
        with self.env.cr.savepoint():  # all lines or none
            for event in events:
                payments |= by_name[event.placement]._apply_agency_event(
                    event, self.create_payments
                )
        self.agency_id.message_post(
            body=self.env._(
                "Status file %(file)s imported: %(count)s event(s), %(payments)s draft payment(s).",
                file=self.filename,
                count=len(events),
                payments=len(payments),
            )
        )
        if payments:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Collected by the agency"),
                "res_model": "account.payment",
                "view_mode": "list,form",
                "domain": [("id", "in", payments.ids)],
            }
        return {"type": "ir.actions.act_window_close"}
