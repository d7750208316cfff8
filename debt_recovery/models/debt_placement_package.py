"""The export package of a placement: what the agency receives, built from
stored data only so that the same data gives the same bytes."""

import hashlib
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import html2plaintext

from ..core.package import (
    PACKAGE_VERSION,
    assemble,
    build_zip,
    eml_bytes,
    safe_filename,
    sha256sums,
    unique_names,
)
from ..core.placements import DOWNLOAD_STATES, PACKAGE_STATES

# Not translated: the next package finds the copy by its name, whoever builds it.
INVOICE_COPY = "{invoice} - copy for collection.pdf"


class DebtPlacement(models.Model):
    _inherit = "debt.placement"

    # ------------------------------------------------------------
    # EXPORT PACKAGE
    # ------------------------------------------------------------

    def action_build_package(self):
        self._check_states(
            PACKAGE_STATES, self.env._("Only a placement handed over has a package built:")
        )
        return self._build_package()

    def _build_package(self):
        """Build (or keep, if the bytes are the same) the stored package. The
        workflow writes the package fields, whoever asked for the package."""
        for placement in self.sudo():
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
        self._check_can_download()
        if len(self) > 1:
            return {
                "type": "ir.actions.act_url",
                "url": "/debt_recovery/placements/package?ids=" + ",".join(map(str, self.ids)),
                "target": "self",
            }
        if not self.package_id:
            self._build_package()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.package_id.id}?download=true",
            "target": "self",
        }

    def _check_can_download(self):
        """Packages leave the company once the placement is handed over only."""
        self.check_access("read")
        self._check_states(
            DOWNLOAD_STATES, self.env._("Only a placement handed over has a package:")
        )

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
        # The claim handed over is the notice of hand-over's: placed invoices
        # claimed, other holds (disputes, promises) and credits as for every letter.
        claim = (
            debtor._debt_claim(self.company_id, day, "handover", moves=moves).get(currency)
            if moves
            else None
        )
        lines = {line.move_id: line for line in claim.lines} if claim else {}
        invoices, payments = [], []
        for move in moves:
            line = lines.get(move.id)
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
                    "interest": self._money(float(line.interest) if line else 0.0, currency),
                    "compensation": self._money(float(line.fees) if line else 0.0, currency),
                    "stage": move.debt_stage_id.name or "",
                }
            )
            for settled_on, amount, kind in move._debt_settlements():
                payments.append(
                    {
                        "invoice": move.name,
                        "date": settled_on.isoformat(),
                        "amount": self._money(float(amount), currency),
                        "currency": move.currency_id.name,
                        "kind": kind,  # payment, or credit_note: it corrects the invoice
                    }
                )
        company = [("company_id", "=", self.company_id.id)]
        promises = self.env["debt.promise"].search(
            [*company, ("partner_id", "=", debtor.id), ("move_ids", "in", moves.ids)], order="id"
        )
        disputes = self.env["debt.dispute"].search(
            [*company, ("move_id", "in", moves.ids)], order="id"
        )
        contacts = self._package_contacts(debtor, moves)
        notes = self.agency_id.package_internal_notes
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
                    "note": (c.note or "") if notes else "",
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
        interest, fees, total = (
            (float(claim.interest), float(claim.fees), float(claim.total)) if claim else (0.0,) * 3
        )
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
                # Net of what is held and of the debtor's credits.
                "principal": self._money(total - interest - fees, currency),
                "interest": self._money(interest, currency),
                "fees": self._money(fees, currency),
                "total": self._money(total, currency),
            },
            "invoices": [
                {k: v for k, v in row.items() if k not in ("amount_paid", "days_late", "stage")}
                for row in invoices
            ],
        }
        documents = self._package_documents(debtor, moves, contacts)
        return assemble(manifest, tables, documents, day)

    def _package_contacts(self, debtor, moves):
        """The contact log the agency gets: this company's only, and by default
        only the contacts about the placed invoices (the agency's profile)."""
        domain = [("partner_id", "=", debtor.id), ("company_id", "=", self.company_id.id)]
        if self.agency_id.package_scope == "placed":
            domain.append(("move_ids", "in", moves.ids))
        return self.env["debt.contact"].search(domain, order="date, id")

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

    def _package_documents(self, debtor, moves, contacts):
        """Invoice PDFs, letters and mails sent, files kept on the invoices (and
        on the debtor), and the notes: stored documents only, so a rebuild is
        identical.

        What belongs to this company: a partner is shared by companies, its
        files and chatter are not. A file on the debtor goes out only if it was
        stored under this company (``ir.attachment.company_id``, the company it
        was uploaded or generated in) or is attached to one of this company's
        messages; a message only if it was posted in this company
        (``mail.message.record_company_id``). With the default profile
        (``package_scope`` "placed") the debtor's part is reduced to the
        letters and mails of the contacts about the placed invoices.
        """
        company = self.company_id
        placed_only = self.agency_id.package_scope == "placed"
        if placed_only:
            mails = contacts.message_id.filtered(
                lambda m: m.model == "res.partner"
                and m.res_id == debtor.id
                and m.record_company_id == company
            ).sorted("id")
        else:
            mails = self.env["mail.message"].search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "=", debtor.id),
                    ("record_company_id", "=", company.id),
                    ("message_type", "in", ("email", "email_outgoing", "comment")),
                    ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
                ],
                order="id",
            )
        ours = Domain("id", "in", mails.attachment_ids.ids)
        if not placed_only:
            ours |= Domain("company_id", "=", company.id)
        partner_files = self.env["ir.attachment"].search(
            Domain("res_model", "=", "res.partner") & Domain("res_id", "=", debtor.id) & ours,
            order="id",
        )
        move_files = self.env["ir.attachment"].search(
            [("res_model", "=", "account.move"), ("res_id", "in", moves.ids)], order="res_id, id"
        )
        attachments = move_files | partner_files
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
        for message in mails:
            documents[f"mail/{message.id:08d}.eml"] = self._eml(message)
        if self.agency_id.package_internal_notes:
            notes = "\n\n".join(
                text
                for text in (
                    html2plaintext(debtor.debt_note or ""),
                    html2plaintext(self.note or ""),
                )
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
                    "company_id": move.company_id.id,
                    "mimetype": "application/pdf",
                }
            )
        return copies

    @api.model
    def _eml(self, message):
        """A chatter message as an RFC 5322 file (headers and plain text)."""
        return eml_bytes(
            date=message.date,
            sender=message.email_from or "",
            subject=message.subject or message.record_name or "",
            message_id=message.message_id or "",
            body=html2plaintext(message.body or ""),
        )
