import logging

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.account.controllers.portal import PortalAccount

_logger = logging.getLogger(__name__)

# Refusals the invoice page explains (see account_portal_templates.xml).
PORTAL_REFUSAL_CODES = (
    "amount_invalid",
    "amount_not_positive",
    "amount_over_open",
    "invoice_closed",
    "busy",
    "refused",
)


class DebtRecoveryPortal(PortalAccount):
    @http.route(
        "/my/invoices/<int:invoice_id>/dispute",
        type="http",
        auth="public",
        methods=["POST"],
    )
    def portal_invoice_dispute(
        self, invoice_id, access_token=None, reason="other", disputed_amount=None, **post
    ):
        """The customer disputes an invoice from its portal page.

        Access is Odoo's own: the invoice's portal user or its access token.
        The dispute is opened for the collections team to review.
        """
        try:
            invoice_sudo = self._document_check_access("account.move", invoice_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():  # a refused dispute leaves nothing behind
                _dispute, refusal = (
                    request.env["debt.dispute"]
                    .sudo()
                    ._create_from_portal(
                        invoice_sudo, reason, disputed_amount, post.get("description", "")[:5000]
                    )
                )
        except (UserError, ValidationError) as error:
            _logger.info("Portal dispute on %s refused: %s", invoice_sudo.name, error)
            refusal = "refused"
        if refusal == "exists":
            query = "&success=debt_dispute_exists"
        elif refusal:
            _logger.info("Portal dispute on %s refused: %s", invoice_sudo.name, refusal)
            query = f"&error=debt_dispute&debt_refusal={refusal}"
        else:
            query = "&success=debt_dispute"
        return request.redirect(invoice_sudo.get_portal_url(query_string=query))

    def _invoice_get_page_view_values(self, invoice, access_token, **kwargs):
        """The invoice page also shows the invoice's disputes and why one was refused."""
        values = super()._invoice_get_page_view_values(invoice, access_token, **kwargs)
        refusal = kwargs.get("debt_refusal")
        values["debt_refusal"] = refusal if refusal in PORTAL_REFUSAL_CODES else "refused"
        values["debt_disputes"] = (
            request.env["debt.dispute"]
            .sudo()
            .search([("move_id", "=", invoice.id), ("state", "!=", "cancelled")], order="id desc")
        )
        return values
