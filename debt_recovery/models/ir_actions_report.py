"""Debtor documents that print several letters in one PDF, with either engine.

A debtor claimed in two currencies gets two letters, one with two agency
placements two hand-over notices, and Print on several debtors one per
debtor: several documents in one wkhtmltopdf run, which Odoo only converts
with a patched-Qt build (Debian's refuses: "Tried to convert multiple
documents ... unpatched QT"). Without it, these reports are rendered as one
document with a mark where each letter starts and cut there
(``debt.reminder._letter_pdfs_together``), as the letters job does.
"""

import logging

from odoo import api, models, modules, tools
from odoo.exceptions import UserError
from odoo.tools.pdf import merge_pdf

from odoo.addons.base.models.ir_actions_report import _wkhtml

_logger = logging.getLogger(__name__)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        ids = [res_ids] if isinstance(res_ids, int) else list(res_ids or ())
        report = self._get_report(report_ref)
        if not data and ids and len(ids) == len(set(ids)) and self._debt_cut_by_marks(report):
            try:
                pdfs = self.env["debt.reminder"]._letter_pdfs_together(report, ids)
            except UserError:
                raise  # nothing to claim, a missing rate...: Odoo's rendering would say the same
            except Exception as error:  # noqa: BLE001 - Odoo's rendering below says why
                _logger.info("%s rendered by Odoo: %s", report.report_name, error)
            else:
                pdf = pdfs[ids[0]] if len(ids) == 1 else merge_pdf([pdfs[i] for i in ids])
                return pdf, "pdf"
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    @api.model
    def _debt_cut_by_marks(self, report):
        """A debtor document of this module, rendered to PDF (not the HTML
        Odoo's tests get), by an engine that converts one document per run."""
        if report.model != "res.partner" or not report.report_name.startswith("debt_recovery."):
            return False
        if report.report_type != "qweb-pdf" or not self._debt_renders_pdf():
            return False
        return not _wkhtml().is_patched_qt

    @api.model
    def _debt_renders_pdf(self):
        """Whether a PDF is really rendered: Odoo's tests get the HTML instead,
        unless they ask for the PDF (``force_report_rendering``)."""
        testing = modules.module.current_test or tools.config["test_enable"]
        return not testing or bool(self.env.context.get("force_report_rendering"))
