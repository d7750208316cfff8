import logging

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

_logger = logging.getLogger(__name__)


class DebtRecoveryPortal(CustomerPortal):
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
                request.env["debt.dispute"].sudo()._create_from_portal(
                    invoice_sudo, reason, disputed_amount, post.get("description", "")
                )
        except (UserError, ValidationError, ValueError) as error:
            _logger.info("Portal dispute on %s refused: %s", invoice_sudo.name, error)
            return request.redirect(invoice_sudo.get_portal_url(query_string="&error=debt_dispute"))
        return request.redirect(invoice_sudo.get_portal_url(query_string="&success=debt_dispute"))
