"""The debtor's pay-all page: what is claimed, paid through Odoo's payment providers."""

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import float_compare

from odoo.addons.account_payment.controllers.payment import PaymentPortal
from odoo.addons.account_payment.controllers.portal import PortalAccount

from ..models.res_partner_pay_all import PAY_ALL


def _debtor_or_none(partner_id, company_id, access_token):
    try:
        company_id = int(company_id)
    except (TypeError, ValueError):
        return None, None
    return request.env["res.partner"]._debt_link_check(
        partner_id, company_id, access_token, PAY_ALL
    )


def _in_progress(claims):
    """Transactions still running on the claimed invoices: pending, authorized,
    or done but not yet reconciled. Until they are, nothing more is offered
    for payment: a second click would pay the same invoices twice."""
    moves = request.env["account.move"].concat(
        *(line["move"] for values in claims.values() for line in values["claimed"])
    )
    return moves.sudo().transaction_ids.filtered(
        lambda tx: tx.state in ("pending", "authorized")
        or (tx.state == "done" and not tx.is_post_processed)
    )


def _payable(debtor, company):
    """(claims, (currency, claim values) of what can be paid at once: one
    currency with a claim and no payment of it in progress, and the running
    transactions."""
    claims = debtor.with_company(company)._debt_pay_all_claims(company)
    running = _in_progress(claims)
    due = [(currency, values) for currency, values in claims.items() if values["total"] > 0]
    payable = due[0] if len(due) == 1 and not running else (None, None)
    return claims, payable, running


class DebtPayAllPortal(PortalAccount):
    @http.route(
        "/my/debt/pay/<int:partner_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def portal_debt_pay_all(self, partner_id, company_id=None, access_token=None, **kwargs):
        """Signed by ``res.partner._debt_pay_all_url``: a wrong token gets nothing."""
        debtor, company = _debtor_or_none(partner_id, company_id, access_token)
        if not debtor:
            return request.not_found()
        claims, (currency, payable), running = _payable(debtor, company)
        values = {
            "debtor": debtor,
            "company": company,
            "claims": claims,
            "payable": payable,
            "running": running,
            "claimed_any": any(values["claimed"] for values in claims.values()),
            "page_name": "debt_pay_all",
        }
        if payable:
            values |= self._get_common_page_view_values(
                invoices_data={
                    "partner": debtor,
                    "company": company,
                    "total_amount": payable["total"],
                    "currency": currency,
                    "amount_residual": payable["total"],
                    "payment_reference": False,
                    "landing_route": debtor._debt_pay_all_path(company),
                    "transaction_route": f"/my/debt/pay/{debtor.id}/{company.id}/transaction",
                },
                access_token=access_token,
                **kwargs,
            )
            values |= {"amount": payable["total"], "currency": currency}
        return request.render("debt_recovery.portal_debt_pay_all", values)


class DebtPayAllPayment(PaymentPortal):
    @http.route(
        "/my/debt/pay/<int:partner_id>/<int:company_id>/transaction", type="jsonrpc", auth="public"
    )
    def portal_debt_pay_all_transaction(
        self, partner_id, company_id, access_token=None, amount=None, **kwargs
    ):
        """A transaction for every claimed invoice, for exactly what is claimed."""
        debtor, company = _debtor_or_none(partner_id, company_id, access_token)
        if not debtor:
            raise ValidationError(request.env._("The access token is invalid."))
        _claims, (currency, payable), running = _payable(debtor, company)
        if running:
            raise ValidationError(
                request.env._("A payment of these invoices is being processed: nothing to pay now.")
            )
        if not payable or float_compare(
            self._cast_as_float(amount) or 0.0,
            payable["total"],
            precision_rounding=currency.rounding,
        ):
            raise ValidationError(request.env._("What is due has changed: please reload the page."))
        self._validate_transaction_kwargs(kwargs)
        return self._process_transaction(
            debtor.id,
            currency.id,
            [line["move"].id for line in payable["claimed"]],
            False,
            amount=payable["total"],
            **kwargs,
        )
