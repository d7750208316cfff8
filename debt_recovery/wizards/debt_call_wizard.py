from odoo import api, fields, models

CALL_OUTCOMES = [
    ("answered", "Answered"),
    ("no_answer", "No answer"),
    ("promise", "Promise to pay"),
    ("dispute", "Dispute"),
]


class DebtCallWizard(models.TransientModel):
    """Log a call with a debtor: its outcome, a callback, and what comes next
    (a promise or a dispute is recorded right after)."""

    _name = "debt.call.wizard"
    _inherit = ["debt.authority.mixin"]
    _description = "Log a Call"

    partner_id = fields.Many2one("res.partner", string="Debtor", required=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    contact_id = fields.Many2one(
        "res.partner",
        string="Spoke with",
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
    )
    phone = fields.Char(related="contact_id.phone")
    outcome = fields.Selection(CALL_OUTCOMES, required=True, default="answered")
    note = fields.Text()
    callback_date = fields.Date(
        string="Call back on", help="Schedules a call activity for the debtor's collector."
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner" and "partner_id" in fields_list:
            debtor = self.env["res.partner"].browse(self.env.context.get("active_id"))
            values["partner_id"] = debtor.commercial_partner_id.id
        return values

    def action_log(self):
        """Log the call, close the calls it answers, plan the callback, then
        open what the outcome calls for."""
        self._debt_authorize("action_log")
        self.ensure_one()
        debtor = self.partner_id.commercial_partner_id
        label = dict(CALL_OUTCOMES)[self.outcome]
        contact = self.env["debt.contact"]._log(
            debtor,
            "phone",
            self.env._("Call: %(outcome)s", outcome=label),
            company=self.company_id,
            outcome=self.outcome,
            note=self.note,
            recipient_id=(self.contact_id or debtor).id,
            stage_id=debtor.debt_stage_id.id,
        )
        call_type = self.env.ref("mail.mail_activity_data_call")
        due_calls = debtor.activity_ids.filtered(
            lambda a: a.activity_type_id == call_type
            and a.date_deadline <= fields.Date.context_today(self)
        )
        # This call is the one they asked for, whoever it was assigned to.
        due_calls.sudo().action_feedback(feedback=f"{label}. {self.note or ''}".strip())
        if self.callback_date:
            debtor.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=self.callback_date,
                summary=self.env._("Call back"),
                note=self.note,
                user_id=(
                    debtor.with_company(self.company_id).debt_collector_id or self.env.user
                ).id,
            )
        debtor._debt_refresh_worklist(debtor)
        if self.outcome == "promise":
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "debt_recovery.action_debt_promise_wizard"
            )
            action["context"] = {
                "default_partner_id": debtor.id,
                "default_note": self.note,
                "debt_call_contact_id": contact.id,
            }
            return action
        if self.outcome == "dispute":
            return debtor.action_debt_open_dispute()
        return {"type": "ir.actions.act_window_close"}
