import hashlib
import logging
import time
from datetime import timedelta
from decimal import Decimal

import requests
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

from ..core.agency_status import PLACEMENT_STATE_AFTER, STATUSES
from ..core.package import (
    PACKAGE_VERSION,
    assemble,
    backoff_delays,
    build_zip,
    retry_after_minutes,
    safe_filename,
    sha256sums,
    unique_names,
)
from ..core.placements import ACTIVE_PLACEMENT_STATES, PLACEMENT_STATES

_logger = logging.getLogger(__name__)

DELIVERY_STATES = [
    ("not_sent", "Not sent"),
    ("delivered", "Delivered"),
    ("failed", "Failed, will retry"),
]
DELIVERY_TIMEOUT = 30  # seconds per attempt
DELIVERY_ATTEMPTS = 3  # tries per delivery, with backoff in between
# Not translated: the next package finds the copy by its name, whoever builds it.
INVOICE_COPY = "{invoice} - copy for collection.pdf"


class DebtPlacement(models.Model):
    _name = "debt.placement"
    _description = "Agency Placement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_placed desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    agency_id = fields.Many2one(
        "debt.agency",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Debtor",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    move_ids = fields.Many2many(
        "account.move",
        "debt_placement_account_move_rel",
        "placement_id",
        "move_id",
        string="Invoices",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'), ('amount_residual', '>', 0)]",
    )
    state = fields.Selection(
        PLACEMENT_STATES, required=True, default="draft", tracking=True, copy=False
    )
    date_placed = fields.Date(default=fields.Date.context_today, tracking=True, copy=False)
    date_closed = fields.Date(readonly=True, copy=False)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_placed = fields.Monetary(
        compute="_compute_amount_placed",
        store=True,
        readonly=False,
        currency_field="currency_id",
        help="Open amount of the invoices when they were placed, in company currency.",
    )
    amount_open = fields.Monetary(
        compute="_compute_amount_open",
        currency_field="currency_id",
        help="What the placed invoices still owe today.",
    )
    amount_recovered = fields.Monetary(currency_field="currency_id", tracking=True, copy=False)
    commission_amount = fields.Monetary(
        compute="_compute_commission_amount",
        store=True,
        currency_field="currency_id",
    )
    note = fields.Html()

    # === Export package and delivery === #
    package_id = fields.Many2one("ir.attachment", string="Package", readonly=True, copy=False)
    package_sha256 = fields.Char(string="Package SHA-256", readonly=True, copy=False)
    delivery_state = fields.Selection(
        DELIVERY_STATES, default="not_sent", required=True, readonly=True, copy=False, tracking=True
    )
    delivery_failures = fields.Integer(readonly=True, copy=False)
    delivery_next_try = fields.Datetime(readonly=True, copy=False)
    delivery_error = fields.Text(readonly=True, copy=False)

    # === Agency reports and SLA === #
    agency_status = fields.Selection(
        [(code, code.replace("_", " ").capitalize()) for code in STATUSES],
        string="Last agency status",
        readonly=True,
        copy=False,
    )
    date_acknowledged = fields.Date(readonly=True, copy=False)
    date_last_report = fields.Date(string="Last agency report", readonly=True, copy=False)
    sla_alert_date = fields.Date(
        readonly=True, copy=False, help="Last SLA reminder to the manager."
    )

    # === Legal stage === #
    court = fields.Char(tracking=True)
    case_number = fields.Char(tracking=True)
    filing_date = fields.Date(tracking=True)
    hearing_date = fields.Datetime(tracking=True)
    judgment_amount = fields.Monetary(currency_field="currency_id", tracking=True)
    judgment_date = fields.Date(tracking=True)
    enforcement_status = fields.Selection(
        [
            ("none", "None"),
            ("requested", "Requested"),
            ("in_progress", "In progress"),
            ("partly_recovered", "Partly recovered"),
            ("recovered", "Recovered"),
            ("unsuccessful", "Unsuccessful"),
        ],
        default="none",
        tracking=True,
    )
    enforcement_costs = fields.Monetary(currency_field="currency_id", tracking=True)

    _amounts_positive = models.Constraint(
        "CHECK(amount_placed >= 0 AND amount_recovered >= 0)",
        "Placed and recovered amounts cannot be negative.",
    )
    _state_idx = models.Index("(company_id, state)")

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("move_ids")
    def _compute_amount_placed(self):
        """A snapshot: it follows the chosen invoices, not later payments on them."""
        for placement in self:
            placement.amount_placed = sum(placement.move_ids.mapped("amount_residual_signed"))

    @api.depends("move_ids.amount_residual_signed")
    def _compute_amount_open(self):
        for placement in self:
            placement.amount_open = sum(placement.move_ids.mapped("amount_residual_signed"))

    @api.depends("amount_recovered", "agency_id.commission_rate")
    def _compute_commission_amount(self):
        for placement in self:
            placement.commission_amount = placement.currency_id.round(
                placement.amount_recovered * placement.agency_id.commission_rate / 100.0
            )

    # ------------------------------------------------------------
    # CONSTRAINT METHODS
    # ------------------------------------------------------------

    @api.constrains("move_ids", "partner_id", "state")
    def _check_moves(self):
        for placement in self:
            strangers = placement.move_ids.filtered(
                lambda m, p=placement: m.commercial_partner_id != p.partner_id.commercial_partner_id
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Placement %(placement)s is for %(debtor)s but lists invoices of "
                        "other customers: %(invoices)s.",
                        placement=placement.name,
                        debtor=placement.partner_id.display_name,
                        invoices=", ".join(strangers.mapped("name")),
                    )
                )
            if placement.state not in ACTIVE_PLACEMENT_STATES:
                continue
            twice = placement.move_ids.debt_placement_ids.filtered(
                lambda p, cur=placement: p != cur and p.state in ACTIVE_PLACEMENT_STATES
            )
            if twice:
                raise ValidationError(
                    self.env._(
                        "Some invoices of %(placement)s are already placed with an agency "
                        "(%(others)s).",
                        placement=placement.name,
                        others=", ".join(twice.mapped("name")),
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("debt.placement") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_mark_sent(self):
        """Hand the debt over: the invoices go to the agency stage (and out of the
        reminders), the debtor gets the hand-over notice, the package is built."""
        drafts = self.filtered(lambda p: p.state == "draft")
        stage_needs_manager = drafts.filtered(
            lambda p: p._agency_stage().requires_approval
            and not self.env.user.has_group("debt_recovery.group_debt_manager")
        )
        if stage_needs_manager:
            raise UserError(self.env._("A Collections Manager approves hand-overs to an agency."))
        for placement in drafts:
            if not placement.move_ids:
                raise UserError(
                    self.env._("%(placement)s lists no invoice.", placement=placement.name)
                )
            placement.write({"state": "sent", "date_placed": fields.Date.context_today(self)})
            self.env["debt.item"]._set_stage(
                placement.move_ids, placement._agency_stage(), "placement"
            )
            placement._notify_debtor()
            try:
                with self.env.cr.savepoint():
                    placement.action_build_package()
            except UserError as error:  # e.g. a missing reference rate: handed over anyway
                placement.message_post(
                    body=self.env._(
                        "Package not built: %(error)s It is built when downloaded or delivered.",
                        error=error.args[0],
                    )
                )
        return True

    def _agency_stage(self):
        self.ensure_one()
        return self.env["debt.stage"].search(
            [("company_id", "=", self.company_id.id), ("phase", "=", "agency")],
            order="sequence",
            limit=1,
        )

    def _notify_debtor(self):
        """The hand-over notice, kept in the debtor's chatter and the contact log."""
        debtor = self.partner_id.commercial_partner_id
        report = self.env.ref("debt_recovery.action_report_debt_letter_handover")
        try:
            pdf, _kind = self.env["ir.actions.report"]._render_qweb_pdf(report, debtor.ids)
        except UserError as error:  # e.g. no bank account: the placement goes on
            self.message_post(
                body=self.env._("Hand-over notice not printed: %(error)s", error=error.args[0])
            )
            return
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{safe_filename(report.name)}-{safe_filename(self.name)}.pdf",
                "raw": pdf,
                "res_model": "res.partner",
                "res_id": debtor.id,
                "mimetype": "application/pdf",
            }
        )
        message = debtor.message_post(
            body=self.env._(
                "Debt handed over to %(agency)s (%(placement)s).",
                agency=self.agency_id.name,
                placement=self.name,
            ),
            attachment_ids=attachment.ids,
        )
        self.env["debt.contact"].create(
            {
                "partner_id": debtor.id,
                "company_id": self.company_id.id,
                "channel": "letter",
                "outcome": "sent",
                "summary": self.env._(
                    "Notice of hand-over to %(agency)s", agency=self.agency_id.name
                ),
                "move_ids": [Command.set(self.move_ids.ids)],
                "message_id": message.id,
            }
        )

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

    # ------------------------------------------------------------
    # DELIVERY
    # ------------------------------------------------------------

    def action_deliver(self):
        for placement in self:
            placement._deliver()
        return True

    def _deliver(self, timeout=DELIVERY_TIMEOUT, attempts=DELIVERY_ATTEMPTS, sleep=time.sleep):
        """Push the package to the agency's endpoint (HTTPS; plain HTTP only to
        this machine, for tests): a few tries with backoff, then the cron's
        schedule. The secret never reaches a log, the chatter or the package."""
        self.ensure_one()
        agency = self.agency_id.sudo()
        url = agency.endpoint_url
        if not url:
            raise UserError(
                self.env._(
                    "%(agency)s has no delivery endpoint: download the package "
                    "and send it yourself.",
                    agency=agency.name,
                )
            )
        if not (
            url.startswith("https://") or url.startswith(("http://127.0.0.1", "http://localhost"))
        ):
            raise UserError(self.env._("The delivery endpoint must be an https:// address."))
        if not self.package_id:
            self.action_build_package()
        headers = {
            "Content-Type": "application/zip",
            "Idempotency-Key": f"{self.name}:{self.package_sha256}",
            "X-Package-SHA256": self.package_sha256,
        }
        auth = (
            (agency.endpoint_username, agency.endpoint_secret) if agency.endpoint_username else None
        )
        error = None
        for wait in [0, *backoff_delays(attempts)]:
            if wait:
                sleep(wait)
            try:
                response = requests.post(
                    url, data=self.package_id.raw, headers=headers, auth=auth, timeout=timeout
                )
            except requests.RequestException as exc:
                error = self.env._(
                    "%(agency)s unreachable: %(error)s",
                    agency=agency.name,
                    error=type(exc).__name__,
                )
                continue
            if response.status_code < 300:
                self.write(
                    {
                        "delivery_state": "delivered",
                        "delivery_error": False,
                        "delivery_next_try": False,
                    }
                )
                self.message_post(
                    body=self.env._("Package delivered to %(agency)s.", agency=agency.name)
                )
                return True
            error = self.env._(
                "%(agency)s answered HTTP %(status)s.",
                agency=agency.name,
                status=response.status_code,
            )
            if response.status_code < 500 and response.status_code != 429:
                break  # refused: trying again will not help
        failures = self.delivery_failures + 1
        self.write(
            {
                "delivery_state": "failed",
                "delivery_failures": failures,
                "delivery_error": error,
                "delivery_next_try": fields.Datetime.now()
                + timedelta(minutes=retry_after_minutes(failures)),
            }
        )
        self.message_post(
            body=Markup("%s<br/>%s")
            % (self.env._("Package not delivered; the scheduler will try again."), error)
        )
        _logger.warning("Placement %s: delivery failed (%s)", self.name, error)
        return False

    @api.model
    def _cron_deliver_and_watch(self):
        """Scheduled: retry failed deliveries, and remind managers of agencies
        late for their first contact or their status report."""
        for placement in self._due_deliveries(fields.Datetime.now()):
            placement._deliver()
            self.env["ir.cron"]._commit_progress(1)  # a delivery done is never redone
        self._check_sla(fields.Date.context_today(self))

    @api.model
    def _due_deliveries(self, now):
        return self.search([("delivery_state", "=", "failed"), ("delivery_next_try", "<=", now)])

    @api.model
    def _check_sla(self, today):
        """An activity for the manager when an agency is late: no first contact
        within its SLA, or no status report within its reporting period."""
        for placement in self.search([("state", "in", ACTIVE_PLACEMENT_STATES)]):
            agency = placement.agency_id
            if placement.sla_alert_date and placement.sla_alert_date > today - timedelta(days=7):
                continue  # reminded this week already
            late = None
            if not placement.date_acknowledged:
                if placement.date_placed + timedelta(days=agency.sla_first_contact_days) < today:
                    late = self.env._(
                        "no first contact within %(days)s days", days=agency.sla_first_contact_days
                    )
            else:
                last = placement.date_last_report or placement.date_acknowledged
                if last + timedelta(days=agency.sla_report_days) < today:
                    late = self.env._(
                        "no status report for %(days)s days", days=(today - last).days
                    )
            if late:
                placement.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("%(agency)s is late", agency=agency.name),
                    note=self.env._(
                        "%(placement)s: %(late)s. Chase the agency or recall the placement.",
                        placement=placement.name,
                        late=late,
                    ),
                    user_id=(placement.company_id.debt_manager_id or self.env.user).id,
                )
                placement.sla_alert_date = today

    def _apply_agency_event(self, event, create_payment):
        """One line of an agency status file (already checked)."""
        self.ensure_one()
        values = {"agency_status": event.status, "date_last_report": event.date}
        if event.status == "acknowledged" and not self.date_acknowledged:
            values["date_acknowledged"] = event.date
        if event.status == "payment":
            values["amount_recovered"] = self.amount_recovered + float(event.amount_collected)
        state = PLACEMENT_STATE_AFTER[event.status]
        if state in ("returned", "closed"):
            values["date_closed"] = event.date
        values["state"] = state
        self.write(values)
        body = self.env._(
            "Agency report of %(date)s: %(status)s.", date=event.date, status=STATUSES[event.status]
        )
        if event.note:
            body += " " + event.note
        self.message_post(body=body)
        if event.status == "payment" and create_payment:
            return self._draft_payment(event)
        return self.env["account.payment"]

    def _draft_payment(self, event):
        currency = self.env["res.currency"].search([("name", "=", event.currency)], limit=1)
        return self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_id.commercial_partner_id.id,
                "amount": float(event.amount_collected),
                "currency_id": (currency or self.currency_id).id,
                "date": event.date,
                "memo": self.env._(
                    "%(placement)s: collected by %(agency)s",
                    placement=self.name,
                    agency=self.agency_id.name,
                ),
                "company_id": self.company_id.id,
            }
        )

    def action_close(self):
        self.write({"state": "closed", "date_closed": fields.Date.context_today(self)})

    def action_recall(self):
        self.filtered(lambda p: p.state in ACTIVE_PLACEMENT_STATES or p.state == "draft").write(
            {"state": "recalled", "date_closed": fields.Date.context_today(self)}
        )
