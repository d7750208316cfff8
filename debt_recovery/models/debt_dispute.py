from datetime import timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import LockError, UserError, ValidationError
from odoo.tools import format_date, plaintext2html

from ..core.disputes import DISPUTE_REASONS, DISPUTE_STATES, parse_portal_amount
from .account_move import open_invoice_domain


class DebtDispute(models.Model):
    _name = "debt.dispute"
    _description = "Invoice Dispute"
    _inherit = [
        "debt.reference.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "debt.authority.mixin",
    ]
    _order = "state, deadline, id desc"
    _check_company_auto = True

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
    )
    partner_id = fields.Many2one(
        related="move_id.commercial_partner_id",
        string="Debtor",
        store=True,
        index=True,
    )
    currency_id = fields.Many2one(related="move_id.currency_id")
    reason = fields.Selection(DISPUTE_REASONS, required=True, default="other", tracking=True)
    amount = fields.Monetary(
        string="Disputed amount",
        currency_field="currency_id",
        required=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
    )
    deadline = fields.Date(
        default=lambda self: fields.Date.context_today(self)
        + timedelta(days=self.env.company.debt_dispute_deadline_days),
        tracking=True,
    )
    description = fields.Html()
    state = fields.Selection(
        DISPUTE_STATES, required=True, default="open", tracking=True, copy=False, index=True
    )
    date_resolved = fields.Date(readonly=True, copy=False)
    resolution_note = fields.Text()
    deadline_notified = fields.Boolean(copy=False, help="The owner was told the deadline passed.")
    credit_note_id = fields.Many2one(
        "account.move",
        string="Credit note",
        readonly=True,
        copy=False,
        check_company=True,
    )

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)",
        "A dispute is for a positive amount.",
    )

    # ------------------------------------------------------------
    # CONSTRAINT METHODS
    # ------------------------------------------------------------

    @api.constrains("move_id", "amount")
    def _check_invoice(self):
        for dispute in self.filtered(lambda d: d.state == "open"):
            move = dispute.move_id
            if move.move_type != "out_invoice" or move.state != "posted":
                raise ValidationError(
                    self.env._(
                        "Only posted customer invoices can be disputed; %(invoice)s is not.",
                        invoice=move.display_name,
                    )
                )
            if move.currency_id.compare_amounts(dispute.amount, move.amount_residual) > 0:
                raise ValidationError(
                    self.env._(
                        "The disputed amount %(amount)s is more than the %(open)s still open "
                        "on %(invoice)s.",
                        amount=move.currency_id.format(dispute.amount),
                        open=move.currency_id.format(move.amount_residual),
                        invoice=move.display_name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_cancel(self):
        self._debt_authorize("action_cancel")
        self.sudo().write({"state": "cancelled", "date_resolved": fields.Date.context_today(self)})

    @api.model
    def _create_from_portal(self, invoice, reason, amount_text, description):
        """A dispute the customer opened on the portal, for the team to review.

        Returns (dispute, refusal code or None). One open dispute per invoice:
        a repeat adds the customer's words to the open one ("exists").
        """
        if reason not in dict(DISPUTE_REASONS):
            reason = "other"
        if not invoice.filtered_domain(open_invoice_domain()):
            return self, "invoice_closed"
        try:  # two posts at once: the second waits for none and is told to retry
            invoice.lock_for_update(allow_referencing=True)
        except LockError:
            return self, "busy"
        existing = self.search([("move_id", "=", invoice.id), ("state", "=", "open")], limit=1)
        if existing:
            if description:
                existing.message_post(
                    body=plaintext2html(description), author_id=self._portal_author(invoice).id
                )
            return existing, "exists"
        amount, refusal = parse_portal_amount(
            amount_text,
            open_amount=Decimal(str(invoice.amount_residual)),
            decimals=invoice.currency_id.decimal_places,
        )
        if refusal:
            return self, refusal
        amount = float(amount)
        debtor = invoice.commercial_partner_id
        dispute = self.create(
            {
                "move_id": invoice.id,
                "company_id": invoice.company_id.id,
                "reason": reason,
                "amount": amount,
                "description": plaintext2html(description or ""),
                "user_id": (
                    debtor.with_company(invoice.company_id).debt_collector_id
                    or invoice.invoice_user_id
                ).id,
            }
        )
        dispute.message_post(
            body=self.env._("Dispute opened by the customer on the portal."),
            author_id=self._portal_author(invoice).id,
        )
        self.env["debt.contact"]._log(
            debtor,
            "portal",
            self.env._(
                "Customer disputes %(amount)s on %(invoice)s",
                amount=invoice.currency_id.format(amount),
                invoice=invoice.name,
            ),
            moves=invoice,
            direction="inbound",
            outcome="dispute",
            dispute_id=dispute.id,
        )
        invoice.message_post(
            body=self.env._(
                "The customer disputes %(amount)s of this invoice on the portal (%(dispute)s).",
                amount=invoice.currency_id.format(amount),
                dispute=dispute.name,
            )
        )
        return dispute, None

    @api.model
    def _portal_author(self, invoice):
        user = self.env.user
        return invoice.partner_id if user._is_public() else user.partner_id

    def action_resolve_valid(self):
        """The customer is right: credit the disputed amount and close.

        The credit note comes from Odoo's reversal of the invoice, scaled to
        the disputed amount, posted and reconciled with the invoice.
        """
        self._debt_authorize("action_resolve_valid")
        for dispute in self:
            credit_note = dispute._credit_note()
            dispute.sudo().write(
                {
                    "state": "valid",
                    "credit_note_id": credit_note.id,
                    "date_resolved": fields.Date.context_today(dispute),
                }
            )
            dispute.activity_unlink(["mail.mail_activity_data_todo"])
            dispute.message_post(
                body=self.env._(
                    "Dispute accepted: %(amount)s credited by %(credit_note)s.",
                    amount=dispute.currency_id.format(dispute.amount),
                    credit_note=credit_note._get_html_link(),
                )
            )
            # Only an internal note and the credit note: no message went out.
            dispute._log_contact(self.env._("Dispute accepted, amount credited"), "other")

    def action_resolve_invalid(self):
        """The dispute is rejected: collection resumes and the customer is told."""
        self._debt_authorize("action_resolve_invalid")
        template = self.env.ref("debt_recovery.mail_template_debt_dispute_rejected")
        for dispute in self:
            dispute.sudo().write(
                {"state": "invalid", "date_resolved": fields.Date.context_today(dispute)}
            )
            dispute.activity_unlink(["mail.mail_activity_data_todo"])
            # Recipients come from the template: the invoice's customer.
            dispute.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            dispute._log_contact(self.env._("Dispute rejected, customer informed"), "email")

    def _debt_state_refusal(self, wrong):
        return self.env._(
            "Dispute %(dispute)s is already closed.", dispute=", ".join(wrong.mapped("name"))
        )

    def _credit_note(self):
        """A posted credit note of exactly the disputed amount, reconciled."""
        move = self.move_id
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create(
                {
                    "journal_id": move.journal_id.id,
                    "reason": self.env._("Dispute %(dispute)s", dispute=self.name),
                }
            )
        )
        reversal.refund_moves()
        credit_note = reversal.new_move_ids
        currency = move.currency_id
        lines = credit_note.invoice_line_ids.filtered(lambda line: line.display_type == "product")
        ratio = self.amount / credit_note.amount_total
        for line in lines:
            line.price_unit = line.price_unit * ratio
        # Taxes are computed per line: take the last cents off the first line.
        for _attempt in range(3):
            gap = self.amount - credit_note.amount_total
            if currency.is_zero(gap) or not lines[:1].price_subtotal:
                break
            first = lines[:1]
            first.price_unit += gap * first.price_subtotal / first.price_total / first.quantity
        if currency.compare_amounts(credit_note.amount_total, self.amount):
            raise UserError(
                self.env._(
                    "The credit note for %(dispute)s comes to %(total)s instead of %(amount)s; "
                    "adjust it by hand (%(credit_note)s).",
                    dispute=self.name,
                    total=currency.format(credit_note.amount_total),
                    amount=currency.format(self.amount),
                    credit_note=credit_note.name,
                )
            )
        credit_note.action_post()
        (move.line_ids + credit_note.line_ids).filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        ).reconcile()
        return credit_note

    def _log_contact(self, summary, channel):
        self.env["debt.contact"]._log(
            self.partner_id,
            channel,
            summary,
            company=self.company_id,
            moves=self.move_id,
            outcome="dispute",
            dispute_id=self.id,
        )

    @api.model
    def _notify_past_deadline(self, run_date=None):
        """Give each open dispute past its deadline one activity for its owner."""
        run_date = run_date or fields.Date.context_today(self)
        late = self.search(
            [("state", "=", "open"), ("deadline", "<", run_date), ("deadline_notified", "=", False)]
        )
        for dispute in late:
            dispute.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=(dispute.user_id or self.env.user).id,
                summary=self.env._("Dispute past its deadline"),
                note=self.env._(
                    "%(dispute)s on %(invoice)s was due to be resolved by %(deadline)s.",
                    dispute=dispute.name,
                    invoice=dispute.move_id.name,
                    deadline=format_date(self.env, dispute.deadline),
                ),
            )
        late.deadline_notified = True
        return late
