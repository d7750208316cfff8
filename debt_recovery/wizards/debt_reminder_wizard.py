from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from ..core.contact_policy import SKIP_REASONS, is_hard_refusal, skip_reason
from ..core.reminders import Recipient, Reminder, choose_recipient, policy_history
from ..models.account_move import open_invoice_domain


class DebtReminderWizard(models.TransientModel):
    """Preview the stage's reminder of a debtor, then send it now (by hand)."""

    _name = "debt.reminder.wizard"
    _inherit = ["debt.authority.mixin"]
    _description = "Send a Reminder"

    partner_id = fields.Many2one("res.partner", string="Debtor", required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda s: s.env.company)
    move_ids = fields.Many2many("account.move", string="Invoices", required=True)
    stage_id = fields.Many2one("debt.stage", required=True)
    channel = fields.Selection([("email", "Email"), ("sms", "SMS")], required=True, default="email")
    recipient_id = fields.Many2one("res.partner", compute="_compute_recipient_id")
    subject = fields.Char(compute="_compute_preview")
    body = fields.Html(compute="_compute_preview", sanitize=False)
    sms_body = fields.Text(string="SMS", compute="_compute_preview")
    # What the contact policy says of a send now, as the daily run would ask it.
    policy_reason = fields.Selection(SKIP_REASONS, compute="_compute_policy_reason")
    policy_blocks = fields.Boolean(compute="_compute_policy_reason")
    send_anyway = fields.Boolean(
        string="Send anyway",
        help="The policy would skip this reminder now (e.g. contacted too recently): "
        "tick to send it all the same.",
    )
    sent = fields.Boolean(readonly=True, copy=False)

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

    @api.depends("partner_id", "channel", "company_id")
    def _compute_policy_reason(self):
        engine = self.env["debt.reminder"]
        now = fields.Datetime.now()
        self.env.flush_all()  # the policy reads the debtor's flags and the log in SQL
        for wizard in self:
            debtor = wizard.partner_id
            if not debtor:
                wizard.policy_reason = wizard.policy_blocks = False
                continue
            people = engine._read_people(debtor.ids).get(debtor.id, [])
            history = engine._read_history(wizard.company_id, debtor.ids, now).get(debtor.id, [])
            policy_debtor, _recipient, policy = engine._policy_inputs(
                people, wizard.company_id._debt_policy_values()
            )
            reason = skip_reason(
                channel=wizard.channel,
                debtor=policy_debtor,
                policy=policy,
                now_utc=now,
                history=policy_history(history),
            )
            wizard.policy_reason = reason
            wizard.policy_blocks = is_hard_refusal(reason)

    def _check_input(self):
        """What the client sent is checked here, not trusted from the view: the
        invoices are the debtor's, of the wizard's company, open and not held;
        the stage is that company's; the policy allows the channel."""
        self.ensure_one()
        company, debtor = self.company_id, self.partner_id
        if company not in self.env.user.company_ids:
            raise AccessError(self.env._("You do not work for %(company)s.", company=company.name))
        if debtor != debtor.commercial_partner_id:
            raise UserError(self.env._("Reminders go to the debtor (the company), not a contact."))
        strangers = self.move_ids.filtered(
            lambda m: m.commercial_partner_id != debtor
            or m.company_id != company
            or m.move_type != "out_invoice"
            or m.state != "posted"
        )
        if strangers:
            raise UserError(
                self.env._(
                    "%(invoices)s: not invoices of %(debtor)s in %(company)s.",
                    invoices=", ".join(strangers.mapped("display_name")),
                    debtor=debtor.name,
                    company=company.name,
                )
            )
        closed = (
            self.move_ids - self.move_ids.filtered_domain(open_invoice_domain())
        ) | self.move_ids.filtered("debt_hold_reason")
        if closed:
            raise UserError(
                self.env._(
                    "%(invoices)s: paid or on hold, nothing to remind.",
                    invoices=", ".join(closed.mapped("name")),
                )
            )
        if self.stage_id.company_id != company:
            raise UserError(self.env._("The stage belongs to another company."))
        labels = dict(self._fields["policy_reason"]._description_selection(self.env))
        reason = labels.get(self.policy_reason)
        if self.policy_blocks:
            raise UserError(
                self.env._(
                    "Not sent: %(reason)s. Change it on the debtor first.",
                    reason=reason,
                )
            )
        if self.policy_reason and not self.send_anyway:
            raise UserError(
                self.env._(
                    "The daily run would not send this now: %(reason)s. Tick "
                    '"Send anyway" to send it all the same.',
                    reason=reason,
                )
            )

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
                open_invoice_domain()
                & Domain("commercial_partner_id", "=", debtor.id)
                & Domain("company_id", "=", self.env.company.id),
                order="invoice_date_due, id",
            )
        held = moves.filtered("debt_hold_reason")
        moves = moves.filtered_domain(open_invoice_domain()) - held
        stage = self.env["debt.stage"]._worst(moves.debt_stage_id)
        if not moves or not stage:
            if held:
                raise UserError(
                    self.env._(
                        "Nothing to remind %(debtor)s of: %(holds)s.",
                        debtor=debtor.name,
                        holds="; ".join(held._debt_hold_explanations()),
                    )
                )
            raise UserError(
                self.env._(
                    "%(debtor)s has no overdue invoice in a collection stage yet.",
                    debtor=debtor.name,
                )
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
        self._debt_authorize("action_send")
        self.ensure_one()
        if self.sent:
            raise UserError(self.env._("This reminder was sent already."))
        if not self.recipient_id:
            raise UserError(self.env._("Nobody at this debtor may be contacted."))
        self._check_input()
        self.sent = True
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
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Reminder sent"),
                "message": self.env._(
                    "%(channel)s to %(recipient)s: %(count)s invoice(s).",
                    channel=dict(self._fields["channel"].selection)[self.channel],
                    recipient=self.recipient_id.display_name,
                    count=len(self.move_ids),
                ),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
