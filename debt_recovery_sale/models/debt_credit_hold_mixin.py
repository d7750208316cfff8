"""What a document the credit rules can hold has and does, once for all of them:
an order waiting to be confirmed, a delivery waiting to be validated
(debt_recovery_stock). Each document model says only what differs: who the
debtor is, what new business it brings, how it goes on once released."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html

MANAGER_GROUP = "debt_recovery.group_debt_manager"


class DebtCreditHoldMixin(models.AbstractModel):
    _name = "debt.credit.hold.mixin"
    _description = "Credit Hold"

    # The field of the release and its wizard that names a document of this model.
    _debt_credit_link = None
    # The document's partner field whose commercial partner is the debtor.
    _debt_credit_partner_field = "partner_id"
    # Fields only the credit rules and the managers' releases change (as superuser).
    _debt_credit_guarded = (
        "debt_credit_hold",
        "debt_credit_hold_date",
        "debt_credit_note",
        "debt_credit_release_id",
    )

    debt_credit_hold = fields.Boolean(
        string="Credit hold",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="The credit rules held it: it waits for a manager's release or for the "
        "debtor's payments.",
    )
    debt_credit_hold_date = fields.Datetime(string="Held since", readonly=True, copy=False)
    debt_credit_note = fields.Text(
        string="Credit decision",
        readonly=True,
        copy=False,
        help="Which credit rules fired at the last check, with their figures.",
    )
    debt_credit_release_id = fields.Many2one(
        "debt.credit.release", string="Released by", readonly=True, copy=False
    )

    def write(self, vals):
        # EXTENDS models: nobody clears a hold by hand or over RPC; the rules and
        # the release (both as superuser) do.
        if not self.env.su and any(name in vals for name in self._debt_credit_guarded):
            raise AccessError(
                self.env._("A credit hold is lifted by a manager's release or by payments.")
            )
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_debt_credit_release(self):
        """Open the release wizard (managers only)."""
        self.ensure_one()
        self._debt_credit_check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release credit hold"),
            "res_model": "debt.credit.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {f"default_{self._debt_credit_link}": self.id},
        }

    # ------------------------------------------------------------
    # WHAT EACH DOCUMENT MODEL SAYS
    # ------------------------------------------------------------

    def _debt_credit_debtor(self):
        """The commercial partner whose credit decides."""
        self.ensure_one()
        return self[self._debt_credit_partner_field].commercial_partner_id

    def _debt_credit_documents(self):
        """Core keys (``model,id``) of the documents a release of which covers this one."""
        self.ensure_one()
        return frozenset([f"{self._name},{self.id}"])

    def _debt_credit_new_amount(self):
        """What going on adds to the debtor's exposure, in company currency."""
        return 0.0

    def _debt_credit_paid_in_advance(self):
        return False

    def _debt_credit_open_domain(self):
        """The documents still waiting, which a hold concerns."""
        raise NotImplementedError

    def _debt_credit_hold_message(self):
        """What the chatter says when the document is held."""
        raise NotImplementedError

    def _debt_credit_go_on(self):
        """Go on once released by a manager (confirm, validate); its result."""
        raise NotImplementedError

    def _debt_credit_lifted(self):
        """Go on once the debtor is back within the rules."""
        raise NotImplementedError

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _debt_credit_decision(self):
        """The core decision for this document going on now."""
        self.ensure_one()
        return self._debt_credit_debtor()._debt_credit_decide(
            self.company_id,
            new_amount=self._debt_credit_new_amount(),
            documents=self._debt_credit_documents(),
        )

    def _debt_credit_check(self):
        """Hold those of ``self`` the credit rules block and return them; note the
        warnings and releases of the others, which may go on."""
        held = self.browse()
        for document in self:
            if document._debt_credit_paid_in_advance():
                document.sudo().write({"debt_credit_hold": False})
                continue
            decision = document._debt_credit_decision()
            note = (
                document._debt_credit_debtor()._debt_credit_explain(decision, document.company_id)
                if decision.findings
                else False
            )
            if decision.blocked:
                document._debt_credit_hold(note)
                held |= document
                continue
            document.sudo().write(
                {
                    "debt_credit_hold": False,
                    "debt_credit_note": note,
                    "debt_credit_release_id": decision.release_id or False,
                }
            )
            if note:
                document.message_post(body=plaintext2html(note))
        return held

    def _debt_credit_hold(self, note):
        self.ensure_one()
        self.sudo().write(
            {
                "debt_credit_hold": True,
                "debt_credit_hold_date": fields.Datetime.now(),
                "debt_credit_note": note,
                "debt_credit_release_id": False,
            }
        )
        self.message_post(body=plaintext2html(f"{self._debt_credit_hold_message()}\n{note}"))

    def _debt_credit_check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a collections manager can release a credit hold."))

    def _debt_credit_release(self, reason, until=False, up_to=0.0):
        """A manager lets this held document go on, logged on it and in the contact
        log; with ``until`` / ``up_to`` the debtor's new business passes too, until
        that date / while its exposure stays within that amount."""
        self.ensure_one()
        self._debt_credit_check_manager()
        if not self.debt_credit_hold:
            raise UserError(self.env._("%(document)s is not on credit hold.", document=self.name))
        self.env["debt.credit.release"]._debt_grant(
            self,
            self._debt_credit_debtor(),
            reason,
            until,
            up_to,
            {self._debt_credit_link: self.id},
        )
        document = self if self.has_access("write") else self.sudo()
        return document._debt_credit_go_on()

    @api.model
    def _debt_credit_held_domain(self):
        return [("debt_credit_hold", "=", True), *self._debt_credit_open_domain()]

    @api.model
    def _debt_credit_held_debtors(self):
        """{company: debtors} with documents of this model on credit hold."""
        held = {}
        for company, partner in self.sudo()._read_group(
            self._debt_credit_held_domain(), ["company_id", self._debt_credit_partner_field]
        ):
            held[company] = held.get(company, partner.browse()) | partner.commercial_partner_id
        return held

    @api.model
    def _debt_credit_lift_held(self, partners, company):
        """Let the held documents of ``partners`` in ``company`` that now pass the
        credit rules go on (e.g. after the debtor paid); each is logged."""
        domain = [
            *self._debt_credit_held_domain(),
            ("company_id", "=", company.id),
            (f"{self._debt_credit_partner_field}.commercial_partner_id", "in", partners.ids),
        ]
        lifted = self.browse()
        for document in self.sudo().with_company(company).search(domain, order="id"):
            if (
                not document._debt_credit_paid_in_advance()
                and document._debt_credit_decision().blocked
            ):
                continue
            summary = self.env._(
                "Credit hold on %(document)s lifted: the debtor is back within the credit policy",
                document=document.name,
            )
            document.message_post(body=summary)
            document._debt_credit_debtor()._debt_credit_log(company, summary)
            document._debt_credit_lifted()
            lifted |= document
        return lifted
