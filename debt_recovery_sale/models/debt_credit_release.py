from odoo import api, fields, models
from odoo.tools import plaintext2html

from ..core.credit import Release


class DebtCreditRelease(models.Model):
    _name = "debt.credit.release"
    _description = "Credit Hold Release"
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Debtor", required=True, index=True, check_company=True
    )
    user_id = fields.Many2one(
        "res.users", string="Released by", required=True, default=lambda self: self.env.user
    )
    reason = fields.Text(required=True)
    order_id = fields.Many2one("sale.order", index="btree_not_null", check_company=True)
    until = fields.Date(
        string="For the debtor until",
        help="New business of the debtor passes the credit rules until this date.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    up_to = fields.Monetary(
        string="For the debtor up to",
        currency_field="currency_id",
        help="New business of the debtor passes while its exposure stays within this amount.",
    )
    debtor_wide = fields.Boolean(
        compute="_compute_debtor_wide",
        store=True,
        help="The release covers the debtor's new business, not only its document.",
    )

    _up_to_positive = models.Constraint(
        "CHECK(up_to IS NULL OR up_to >= 0)", "A release amount cannot be negative."
    )

    @api.depends("until", "up_to")
    def _compute_debtor_wide(self):
        for release in self:
            release.debtor_wide = bool(release.until or release.up_to)

    def _debt_documents(self):
        """The documents this release lets through, as core keys (``model,id``)."""
        self.ensure_one()
        return frozenset([f"sale.order,{self.order_id.id}"] if self.order_id else [])

    def _debt_core_release(self):
        self.ensure_one()
        return Release(
            release_id=self.id,
            documents=self._debt_documents(),
            debtor_wide=self.debtor_wide,
            until=self.until or None,
            up_to=self.up_to or None,
        )

    def _debt_scope_text(self):
        """What the release covers, in words."""
        self.ensure_one()
        if not self.debtor_wide:
            return self.env._("Released for this document only.")
        parts = []
        if self.until:
            parts.append(self.env._("until %(date)s", date=fields.Date.to_string(self.until)))
        if self.up_to:
            parts.append(
                self.env._(
                    "up to an exposure of %(amount)s", amount=self.currency_id.format(self.up_to)
                )
            )
        return self.env._(
            "The debtor's new business passes the credit rules %(scope)s.", scope=" ".join(parts)
        )

    @api.model
    def _debt_grant(self, document, debtor, reason, until, up_to, links):
        """A manager's release of ``document`` (a held order or delivery): the
        release row (``links`` names the document), a note in the document's
        chatter and a row in the debtor's contact log. The caller checked the
        manager's right and goes on with the document."""
        company = document.company_id
        release = self.sudo().create(
            {
                "company_id": company.id,
                "partner_id": debtor.id,
                "user_id": self.env.user.id,
                "reason": reason,
                "until": until,
                "up_to": up_to,
                **links,
            }
        )
        summary = self.env._(
            "Credit hold on %(document)s released by %(user)s",
            document=document.name,
            user=self.env.user.name,
        )
        note = f"{reason}\n{release._debt_scope_text()}"
        document.message_post(body=plaintext2html(f"{summary}: {note}"))
        debtor._debt_credit_log(company, summary, note)
        return release
