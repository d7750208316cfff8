from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core.reminders import Recipient, Reminder, choose_recipient


class DebtReminderWizard(models.TransientModel):
    """Preview the stage's reminder of a debtor, then send it now (by hand)."""

    _name = "debt.reminder.wizard"
    _description = "Send a Reminder"

    partner_id = fields.Many2one("res.partner", string="Debtor", required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    move_ids = fields.Many2many("account.move", string="Invoices", required=True)
    stage_id = fields.Many2one("debt.stage", string="Stage", required=True)
    channel = fields.Selection([("email", "Email"), ("sms", "SMS")], required=True, default="email")
    recipient_id = fields.Many2one("res.partner", compute="_compute_recipient_id")
    subject = fields.Char(compute="_compute_preview")
    body = fields.Html(compute="_compute_preview", sanitize=False)
    sms_body = fields.Text(string="SMS", compute="_compute_preview")

    @api.depends("partner_id")
    def _compute_recipient_id(self):
        for wizard in self:
            debtor = wizard.partner_id
            people = debtor | debtor.child_ids.filtered(lambda p: p.type == "invoice")
            chosen = choose_recipient(
                [Recipient(p.id, p.type, p.debt_do_not_contact, p == debtor) for p in people]
            )
            wizard.recipient_id = chosen and chosen.partner_id

    @api.depends("partner_id", "move_ids", "stage_id", "channel", "recipient_id")
    def _compute_preview(self):
        engine = self.env["debt.reminder"]
        for wizard in self:
            wizard.subject = wizard.body = wizard.sms_body = False
            if not (wizard.partner_id and wizard.move_ids and wizard.recipient_id):
                continue
            context = engine._render_context(wizard.recipient_id, wizard.move_ids)
            debtor = wizard.partner_id
            if wizard.channel == "email":
                template = wizard._template().with_context(**context)
                wizard.subject = template._render_field("subject", debtor.ids, compute_lang=True)[
                    debtor.id
                ]
                wizard.body = template._render_field("body_html", debtor.ids, compute_lang=True)[
                    debtor.id
                ]
            else:
                template = wizard._template().with_context(**context)
                wizard.sms_body = template._render_field("body", debtor.ids, compute_lang=True)[
                    debtor.id
                ]

    def _template(self):
        self.ensure_one()
        if self.channel == "sms":
            return self.stage_id.sms_template_id or self.env.ref(
                "debt_recovery.sms_template_debt_reminder"
            )
        return self.stage_id.mail_template_id or self.env.ref(
            "debt_recovery.mail_template_debt_reminder"
        )

    @api.model
    def _action_open(self, debtor, moves=None):
        """The wizard for ``debtor``: its open invoices in collection, or ``moves``."""
        if moves is None:
            moves = self.env["account.move"].search(
                [
                    ("commercial_partner_id", "=", debtor.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("debt_hold_reason", "=", False),
                    ("company_id", "=", self.env.company.id),
                ],
                order="invoice_date_due, id",
            )
        moves = moves.filtered(lambda m: m.payment_state in ("not_paid", "partial"))
        stage = moves.debt_stage_id.sorted()[-1:]
        if not moves or not stage:
            raise UserError(
                self.env._("%(debtor)s has no open invoice in collection.", debtor=debtor.name)
            )
        if debtor.debt_do_not_contact:
            raise UserError(self.env._("%(debtor)s is marked do-not-contact.", debtor=debtor.name))
        wizard = self.create(
            {
                "partner_id": debtor.id,
                "company_id": moves.company_id[:1].id,
                "move_ids": [fields.Command.set(moves.ids)],
                "stage_id": stage.id,
                "channel": "email",
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send reminder"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_send(self):
        self.ensure_one()
        if not self.recipient_id:
            raise UserError(self.env._("Nobody at this debtor may be contacted."))
        engine = self.env["debt.reminder"].with_company(self.company_id)
        # What is still claimed of these invoices (core.claim): none, nothing sent.
        moves = engine._recheck(self.company_id, self.move_ids.ids)
        if not moves:
            raise UserError(
                self.env._(
                    "Nothing is claimed from %(debtor)s on these invoices: they are paid, "
                    "held, covered by its credits or below the minimum amount.",
                    debtor=self.partner_id.name,
                )
            )
        reminder = Reminder(
            debtor_id=self.partner_id.id,
            stage_id=self.stage_id.id,
            channel=self.channel,
            move_ids=tuple(moves.ids),
            key=None,
        )
        contact = engine._send_channel(
            self.company_id,
            self.partner_id,
            self.recipient_id,
            self.stage_id,
            moves,
            reminder,
            fields.Datetime.now(),
        )
        contact.user_id = self.env.user
        if self.channel == "sms":
            engine._flush_sms(contact)
        return {"type": "ir.actions.act_window_close"}
