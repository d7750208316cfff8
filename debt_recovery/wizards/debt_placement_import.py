import base64

from odoo import fields, models
from odoo.tools import format_date


class DebtPlacementImport(models.TransientModel):
    """Import an agency's status file (CSV or JSON, see the README): checked
    whole first; a file with any error is refused and changes nothing, a file
    imported before changes nothing, an event booked before is not booked
    again (``debt.agency.status.file``, ``debt.placement.event``)."""

    _name = "debt.placement.import"
    _inherit = ["debt.authority.mixin"]
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
        self._debt_authorize("action_import")
        self.ensure_one()
        status_file, payments, already = self.env["debt.agency.status.file"]._import(
            self.agency_id, self.filename, base64.b64decode(self.file), self.create_payments
        )
        if already:
            message = self.env._(
                "%(file)s was already imported on %(date)s (as %(name)s): nothing changed.",
                file=self.filename,
                date=format_date(self.env, already.create_date.date()),
                name=already.name,
            )
            self.agency_id.message_post(body=message)
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {"message": message, "type": "warning", "sticky": False},
            }
        self.agency_id.message_post(
            body=self.env._(
                "Status file %(file)s imported: %(count)s event(s), %(skipped)s already booked, "
                "%(payments)s draft payment(s).",
                file=self.filename,
                count=status_file.event_count,
                skipped=status_file.skipped_count,
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
