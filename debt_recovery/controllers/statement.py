from odoo import http
from odoo.http import request

from ..models.res_partner_pay_all import STATEMENT


class DebtStatement(http.Controller):
    @http.route(
        "/debt_recovery/statement/<int:partner_id>/<int:company_id>/<string:token>",
        type="http",
        auth="public",
    )
    def statement(self, partner_id, company_id, token, **kwargs):
        """The account statement a reminder links to, rendered when opened.

        Access is the link's token (a signature of debtor and company), as
        invoices' portal links work without a portal account.
        """
        env = request.env(su=True)
        debtor, company = env["res.partner"]._debt_link_check(
            partner_id, company_id, token, STATEMENT
        )
        if not debtor:
            return request.not_found()
        pdf, _kind = (
            env["ir.actions.report"]
            .with_company(company)
            .with_context(lang=debtor.lang)
            ._render_qweb_pdf("debt_recovery.action_report_debt_statement", debtor.ids)
        )
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", http.content_disposition("statement.pdf", "inline")),
            ],
        )
