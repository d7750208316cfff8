import hmac

from odoo import http
from odoo.http import request


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
        debtor = env["res.partner"].browse(partner_id).exists()
        company = env["res.company"].browse(company_id).exists()
        if not debtor or not company:
            return request.not_found()
        expected = debtor.with_company(company)._debt_statement_token()
        if not hmac.compare_digest(expected, token):
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
