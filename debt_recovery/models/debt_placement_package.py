"""The export package of a placement: what the agency receives, built from
stored data only so that the same data gives the same bytes."""

import hashlib
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..core.package import (
    PACKAGE_VERSION,
    assemble,
    build_zip,
    safe_filename,
    sha256sums,
    unique_names,
)

# Not translated: the next package finds the copy by its name, whoever builds it.
INVOICE_COPY = "{invoice} - copy for collection.pdf"


class DebtPlacement(models.Model):
    _inherit = "debt.placement"

    # ------------------------------------------------------------
    # EXPORT PACKAGE
    # ------------------------------------------------------------

    def action_build_package(self):
        for placement in self:
            files = placement._package_files()
            content = build_zip(files, placement.date_placed or fields.Date.context_today(self))
            digest = hashlib.sha256(content).hexdigest()
            if digest == placement.package_sha256 and placement.package_id:
                continue  # same data, same bytes: nothing to redo
            placement.package_id.unlink()
            placement.package_id = self.env["ir.attachment"].create(
                {
                    "name": f"{safe_filename(placement.name)}.zip",
                    "raw": content,
                    "res_model": placement._name,
                    "res_id": placement.id,
                    "mimetype": "application/zip",
                }
            )
            placement.package_sha256 = digest
        return True

    def action_download_package(self):
        """One placement: its stored package. Several: one ZIP of them all."""
        if len(self) > 1:
            return {
                "type": "ir.actions.act_url",
                "url": "/debt_recovery/placements/package?ids=" + ",".join(map(str, self.ids)),
                "target": "self",
            }
        if not self.package_id:
            self.action_build_package()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.package_id.id}?download=true",
            "target": "self",
        }

    def _batch_package(self):
        """One ZIP for several placements: a folder each, and SHA256SUMS of all."""
        files = {}
        for placement in self.sorted("name"):
            folder = safe_filename(placement.name)
            for name, content in placement._package_files().items():
                files[f"{folder}/{name}"] = content
        files["SHA256SUMS"] = sha256sums(files)
        day = max(self.mapped("date_placed") or [fields.Date.context_today(self)])
        return build_zip(files, day)

    def _money(self, amount, currency):
        """An amount as the package writes it: a string with the currency's decimals."""
        return f"{Decimal(str(currency.round(amount))):.{currency.decimal_places}f}"

    def _package_files(self):
        """{path: bytes} of the package: what the agency needs, nothing more."""
        self.ensure_one()
        debtor = self.partner_id.commercial_partner_id
        moves = self.move_ids.sorted(lambda m: (m.invoice_date_due, m.id))
        currency = moves.currency_id[:1] or self.currency_id
        if len(moves.currency_id) > 1:
            raise UserError(self.env._("Place the invoices of each currency separately."))
        day = self.date_placed or fields.Date.context_today(self)
        claims = moves._debt_interest(day) if moves else {}
        invoices, payments = [], []
        for move in moves:
            claim = claims.get(move, {})
            invoices.append(
                {
                    "number": move.name,
                    "invoice_date": move.invoice_date.isoformat(),
                    "due_date": move.invoice_date_due.isoformat(),
                    "currency": move.currency_id.name,
                    "amount_total": self._money(move.amount_total, currency),
                    "amount_paid": self._money(move.amount_total - move.amount_residual, currency),
                    "amount_open": self._money(move.amount_residual, currency),
                    "days_late": max((day - move.invoice_date_due).days, 0),
                    "interest": self._money(claim.get("interest", 0.0), currency),
                    "compensation": self._money(claim.get("compensation", 0.0), currency),
                    "stage": move.debt_stage_id.name or "",
                }
            )
            for settled_on, amount in move._debt_settlements():
                payments.append(
                    {
                        "invoice": move.name,
                        "date": settled_on.isoformat(),
                        "amount": self._money(float(amount), currency),
                        "currency": move.currency_id.name,
                        "kind": "payment or credit note",
                    }
                )
        promises = self.env["debt.promise"].search(
            [("partner_id", "=", debtor.id), ("move_ids", "in", moves.ids)], order="id"
        )
        disputes = self.env["debt.dispute"].search([("move_id", "in", moves.ids)], order="id")
        contacts = self.env["debt.contact"].search(
            [("partner_id", "=", debtor.id)], order="date, id"
        )
        tables = {
            "invoices.csv": invoices,
            "payments.csv": payments,
            "contacts.csv": [
                {
                    "date": c.date.isoformat(sep=" "),
                    "channel": c.channel,
                    "direction": c.direction,
                    "outcome": c.outcome,
                    "summary": c.summary,
                    "note": c.note or "",
                }
                for c in contacts
            ],
            "promises.csv": [
                {
                    "reference": p.display_name,
                    "date_made": p.date_made.isoformat() if p.date_made else "",
                    "promised_date": p.promised_date.isoformat(),
                    "amount": self._money(p.amount, p.currency_id),
                    "currency": p.currency_id.name,
                    "state": p.state,
                }
                for p in promises
            ],
            "disputes.csv": [
                {
                    "reference": d.display_name,
                    "invoice": d.move_id.name,
                    "date": d.create_date.date().isoformat(),
                    "reason": d.reason,
                    "amount": self._money(d.amount, d.currency_id),
                    "currency": d.currency_id.name,
                    "state": d.state,
                }
                for d in disputes
            ],
        }
        totals = {
            key: sum(float(row[key]) for row in invoices)
            for key in ("amount_open", "interest", "compensation")
        }
        manifest = {
            "version": PACKAGE_VERSION,
            "reference": self.name,
            "placed_on": day.isoformat(),
            "agency": {"name": self.agency_id.name, "kind": self.agency_id.kind},
            "creditor": self._party(self.company_id.partner_id, bank=True),
            "debtor": {
                **self._party(debtor),
                "contacts": [
                    {
                        "name": child.name,
                        "function": child.function or "",
                        "email": child.email or "",
                        "phone": child.phone or "",
                    }
                    for child in debtor.child_ids.filtered(
                        lambda c: c.type in ("contact", "invoice") and not c.debt_do_not_contact
                    )
                ],
            },
            "claim": {
                "currency": currency.name,
                "principal": self._money(totals["amount_open"], currency),
                "interest": self._money(totals["interest"], currency),
                "fees": self._money(totals["compensation"], currency),
                "total": self._money(sum(totals.values()), currency),
            },
            "invoices": [
                {k: v for k, v in row.items() if k not in ("amount_paid", "days_late", "stage")}
                for row in invoices
            ],
        }
        return assemble(manifest, tables, self._package_documents(debtor, moves), day)

    def _party(self, partner, bank=False):
        values = {
            "name": partner.name,
            "vat": partner.vat or "",
            "street": partner.street or "",
            "street2": partner.street2 or "",
            "zip": partner.zip or "",
            "city": partner.city or "",
            "country": partner.country_id.code or "",
            "email": partner.email or "",
            "phone": partner.phone or "",
            "lang": partner.lang or "",
        }
        if bank:
            values["bank_account"] = partner.bank_ids[:1].acc_number or ""
        return values

    def _package_documents(self, debtor, moves):
        """Invoice PDFs, letters and mails sent, files kept on the debtor and the
        invoices, and the notes: stored documents only, so a rebuild is identical."""
        attachments = self.env["ir.attachment"].search(
            [
                "|",
                "&",
                ("res_model", "=", "account.move"),
                ("res_id", "in", moves.ids),
                "&",
                ("res_model", "=", "res.partner"),
                ("res_id", "=", debtor.id),
            ],
            order="res_model, res_id, id",
        )
        copies = self._invoice_pdfs(moves, attachments)
        attachments -= copies
        folders = {"account.move": "invoices", "res.partner": "documents"}
        paths = unique_names(
            [f"{folders[a.res_model]}/{safe_filename(a.name)}" for a in attachments]
        )
        documents = {path: a.raw or b"" for path, a in zip(paths, attachments, strict=True)}
        for move in moves:
            pdf = move.invoice_pdf_report_id or copies.filtered(lambda a, m=move: a.res_id == m.id)
            documents[f"pdf/{safe_filename(move.name)}.pdf"] = pdf[:1].raw or b""
        mails = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", debtor.id),
                ("message_type", "in", ("email", "email_outgoing", "comment")),
                ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
            ],
            order="id",
        )
        for message in mails:
            documents[f"mail/{message.id:08d}.eml"] = self._eml(message)
        notes = "\n\n".join(
            text
            for text in (html2plaintext(debtor.debt_note or ""), html2plaintext(self.note or ""))
            if text
        )
        if notes:
            documents["notes.txt"] = (notes + "\n").encode()
        return documents

    def _invoice_pdfs(self, moves, attachments):
        """Copies of the invoices as PDF for those Odoo has not kept one of: made
        once and kept on the invoice, so later packages reuse the same bytes."""
        copies = attachments.filtered(
            lambda a: a.res_model == "account.move"
            and a.name == INVOICE_COPY.format(invoice=moves.browse(a.res_id).name)
        )
        missing = moves.filtered(
            lambda m: not m.invoice_pdf_report_id and m.id not in copies.mapped("res_id")
        )
        for move in missing:
            pdf, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
                "account.account_invoices", move.ids
            )
            copies |= self.env["ir.attachment"].create(
                {
                    "name": INVOICE_COPY.format(invoice=move.name),
                    "raw": pdf,
                    "res_model": "account.move",
                    "res_id": move.id,
                    "mimetype": "application/pdf",
                }
            )
        return copies

    @api.model
    def _eml(self, message):
        """A chatter message as an RFC 822 file (headers and plain text)."""
        lines = [
            f"Date: {message.date:%a, %d %b %Y %H:%M:%S} +0000",
            f"From: {message.email_from or ''}",
            f"Subject: {message.subject or message.record_name or ''}",
            f"Message-ID: {message.message_id or ''}",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "",
            html2plaintext(message.body or ""),
        ]
        return ("\r\n".join(lines) + "\r\n").encode()
