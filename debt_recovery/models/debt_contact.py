from odoo import Command, api, fields, models
from odoo.tools import html2plaintext

from ..core.contacts import CHANNELS, DIRECTIONS, OUTCOMES, contact_summary
from ..core.reminders import CONTACT_REASONS


class DebtContact(models.Model):
    _name = "debt.contact"
    _description = "Collection Contact Log"
    _order = "date desc, id desc"
    _rec_name = "summary"
    _check_company_auto = True

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Debtor",
        required=True,
        index=True,
        check_company=True,
    )
    channel = fields.Selection(CHANNELS, required=True)
    direction = fields.Selection(DIRECTIONS, required=True, default="outbound")
    outcome = fields.Selection(OUTCOMES, required=True, default="sent")
    summary = fields.Char(required=True)
    note = fields.Text()
    stage_id = fields.Many2one("debt.stage", check_company=True, index=True, ondelete="restrict")
    move_ids = fields.Many2many(
        "account.move",
        "debt_contact_account_move_rel",
        "contact_id",
        "move_id",
        string="Invoices",
        check_company=True,
    )
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    mail_template_id = fields.Many2one("mail.template", string="Email template")
    sms_template_id = fields.Many2one("sms.template", string="SMS template")
    message_id = fields.Many2one("mail.message", index="btree_not_null")
    promise_id = fields.Many2one("debt.promise", check_company=True, index="btree_not_null")
    dispute_id = fields.Many2one("debt.dispute", check_company=True, index="btree_not_null")

    # === Reminders of the daily run === #
    reason = fields.Selection(CONTACT_REASONS, help="Why the contact was skipped or failed.")
    recipient_id = fields.Many2one("res.partner", help="The contact the reminder went to.")
    idempotency_key = fields.Char(
        copy=False,
        readonly=True,
        help="Debtor, stage, channel and day of an automatic reminder: the same reminder "
        "is never sent twice.",
    )

    document_pending = fields.Boolean(
        copy=False,
        readonly=True,
        help="The email waits for its statement PDF, rendered after the batch.",
    )

    _partner_date_idx = models.Index("(partner_id, date DESC)")
    _document_pending_idx = models.Index("(id) WHERE document_pending")
    _idempotency_key_uniq = models.Constraint(
        "UNIQUE(idempotency_key)", "This reminder was already sent or logged."
    )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _log(self, debtor, channel, summary, **options):
        """Log one contact: the only place a ``debt.contact`` row is made
        (``_log_values`` says what it holds; the batch creates many of them)."""
        return self.create(self._log_values(debtor, channel, summary, **options))

    @api.model
    def _log_values(
        self,
        debtor,
        channel,
        summary,
        *,
        company=None,
        moves=None,
        direction="outbound",
        outcome="sent",
        **values,
    ):
        """The values of one contact row, to create one (``_log``) or many at once.

        The debtor is the commercial partner; the company is the invoices'
        (else the current one); the stage is the invoices' worst unless given;
        the summary is one clean line. ``values`` are any other fields.
        """
        moves = moves if moves is not None else self.env["account.move"]
        vals = {
            "partner_id": debtor.commercial_partner_id.id,
            "company_id": (company or moves.company_id[:1] or self.env.company).id,
            "channel": channel,
            "direction": direction,
            "outcome": outcome,
            "summary": contact_summary(summary),
            "move_ids": [Command.set(moves.ids)],
            **values,
        }
        if "stage_id" not in values:
            vals["stage_id"] = self.env["debt.stage"]._worst(moves.debt_stage_id).id
        return vals

    def _debt_receive_bounce(self, email, detail=None):
        """These email reminders bounced: outcome "bounced", said on the debtor.

        The address itself is marked on the partner by Odoo's bounce handling
        (``res_partner_bounce.py``); the next run skips the email and hands
        over to the next channel (``core.contacts.order_channels``). Not sent
        at once: the bounce arrives with the mail gateway, at any hour, and
        the next run applies the contact policy (hours, gaps, caps).
        """
        for contact in self.filtered(lambda c: c.outcome != "bounced"):
            contact.write(
                {
                    "outcome": "bounced",
                    "reason": "address_bounced",
                    "note": contact_summary(html2plaintext(detail or "")) or contact.note,
                }
            )
            contact.partner_id.message_post(
                body=self.env._(
                    "The reminder email to %(email)s bounced. This address is no longer used "
                    "for reminders until it changes; the next run reminds by SMS, or by "
                    "letter without a mobile number.",
                    email=email,
                ),
                subtype_xmlid="mail.mt_note",
            )
