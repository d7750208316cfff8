import base64
from datetime import timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core.letters import epc_qr_payload, prior_letter
from ..core.placements import ACTIVE_PLACEMENT_STATES
from ..core.reminders import MADE_OUTCOMES


class DebtDemandLetter(models.AbstractModel):
    """Values of a collection letter: invoices, interest, fees, deadline, how to pay.

    This report writes the letter of the debtor's furthest stage; the reports
    of ``debt_letter_kinds`` write one kind of letter whatever the stage.
    """

    _name = "report.debt_recovery.report_debt_demand_letter"
    _description = "Collection Letter"

    # The kind of letter, or None: the one of the debtor's furthest stage.
    _debt_letter_kind = None

    @api.model
    def _get_report_values(self, docids, data=None):
        debtors = self.env["res.partner"].browse(docids)
        today = fields.Date.context_today(self)
        kind = (data or {}).get("kind") or self._debt_letter_kind
        # A placement's own notice of hand-over (not those of the debtor's other placements).
        placement = self.env["debt.placement"].browse((data or {}).get("placement_id"))
        # The claims of all the debtors at once (a batch of letters is one query set).
        claims = debtors._debt_claims(
            self.env.company, today, kind, moves=placement.move_ids if placement else None
        )
        moves = self.env["account.move"].browse(
            [
                line.move_id
                for debtor_claims in claims.values()
                for claim in debtor_claims.values()
                for line in claim.lines
            ]
        )
        sent = self._letters_sent(debtors, moves)
        # What settled them, credited or paid (``_debt_settlements``), for all the letters at once.
        moves.line_ids.matched_credit_ids.credit_move_id.move_id.mapped("move_type")
        letters = {
            debtor.id: self._letters(
                debtor,
                today,
                kind,
                placement=placement or None,
                claims=claims[debtor.id],
                sent=sent,
            )
            for debtor in debtors
        }
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": debtors,
            "letters": letters,
            "template": "debt_recovery.report_debt_demand_letter_document",
        }

    @api.model
    def _letter(self, debtor, today, kind=None, currency=None):
        """The letter to ``debtor`` (in ``currency``, needed if it owes in several)."""
        letters = self._letters(debtor, today, kind)
        if currency:
            letters = [letter for letter in letters if letter["currency"] == currency]
        elif len(letters) > 1:
            raise UserError(
                self.env._(
                    "%(debtor)s owes in several currencies: print one letter per currency.",
                    debtor=debtor.name,
                )
            )
        if not letters:
            raise UserError(self.env._("Nothing is claimed from %(debtor)s.", debtor=debtor.name))
        return letters[0]

    @api.model
    def _letters(self, debtor, today, kind=None, placement=None, claims=None, sent=None):
        """One letter per currency something is claimed in: the claim of
        ``res.partner._debt_claim`` (or ``claims``, already read for ``kind``
        and ``placement``), with how and by when to pay. A notice of hand-over
        is one per placement and covers that placement's invoices. ``sent``:
        the contacts ``_letters_sent`` read for a batch of debtors."""
        company = self.env.company
        if claims is None:
            moves = placement.move_ids if placement else None
            claims = debtor._debt_claim(company, today, kind, moves=moves)
        if not claims:
            raise UserError(
                self.env._("%(debtor)s has no overdue invoice to claim.", debtor=debtor.name)
            )
        claimed = {currency: claim for currency, claim in claims.items() if claim.total > 0}
        if not claimed:
            Partner = self.env["res.partner"]  # the clerk reads this one
            reasons = {
                item["label"]
                for currency, claim in claims.items()
                for item in Partner._debt_claim_values(currency, claim)["not_claimed"]
            }
            raise UserError(
                self.env._(
                    "Nothing is claimed from %(debtor)s: %(reasons)s.",
                    debtor=debtor.name,
                    reasons=", ".join(sorted(reasons))
                    or self.env._("its credits cover what is open"),
                )
            )
        every = self.env["account.move"].browse(
            [line.move_id for claim in claims.values() for line in claim.lines]
        )
        # The stage's letter claims interest if the stage says so; a formal letter
        # chosen by hand claims what the law allows (core.claim.charges_apply):
        # the same rule, on the same invoices, as the claim's.
        charge = self.env["res.partner"]._debt_claim_charges(kind, every)
        jurisdiction = every[:1]._debt_jurisdiction() if charge else False
        # The letter of the furthest stage among the invoices it claims (a placed
        # invoice's agency stage does not turn a reminder into a hand-over notice).
        claimed_moves = self.env["account.move"].browse(
            [move_id for claim in claimed.values() for move_id in claim.claimed_move_ids]
        )
        kind = (
            kind
            or self.env["debt.stage"]._worst(claimed_moves.debt_stage_id).letter_kind
            or "reminder"
        )
        if kind == "handover" and not placement:
            return self._handover_letters(debtor, today, self._letter_placements(debtor, every))
        bank = self._letter_bank(debtor, placement)
        about = {
            "kind": kind,
            "jurisdiction": jurisdiction,
            "bank": bank,
            "prior": prior_letter(kind, self._letters_sent_kinds(debtor, every, sent)),
            "placement": placement,
        }
        return [
            self._letter_values(debtor, today, about, currency, claim)
            for currency, claim in claimed.items()
        ]

    @api.model
    def _letters_sent(self, debtors, moves):
        """The contacts made with ``debtors`` about ``moves`` at a stage, for
        ``_letters_sent_kinds`` (one query for a batch of letters)."""
        return (
            self.env["debt.contact"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.env.company.id),
                    ("partner_id", "in", debtors.commercial_partner_id.ids),
                    ("direction", "=", "outbound"),
                    ("outcome", "in", list(MADE_OUTCOMES)),
                    ("stage_id", "!=", False),
                    ("move_ids", "in", moves.ids),
                ]
            )
        )

    @api.model
    def _letters_sent_kinds(self, debtor, moves, contacts=None):
        """The letter kinds of the stages at which contacts were made about
        ``moves``: what a letter may say came before it. ``contacts``: read
        by ``_letters_sent`` for several debtors, else read here."""
        if contacts is None:
            contacts = self._letters_sent(debtor, moves)
        debtor = debtor.commercial_partner_id
        contacts = contacts.filtered(lambda c: c.partner_id == debtor and c.move_ids & moves)
        return set(contacts.stage_id.mapped("letter_kind"))

    @api.model
    def _handover_letters(self, debtor, today, placements):
        """A notice per placement: each names its agency and claims its invoices."""
        letters, refusal = [], None
        for placement in placements:
            try:
                letters += self._letters(debtor, today, "handover", placement=placement)
            except UserError as error:  # nothing left to claim on this placement
                refusal = error
        if not letters:
            raise refusal
        return letters

    @api.model
    def _letter_placements(self, debtor, moves):
        """The placements a notice of hand-over announces: each names its agency."""
        placements = (
            self.env["debt.placement"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.env.company.id),
                    ("move_ids", "in", moves.ids),
                    ("state", "in", ["draft", *ACTIVE_PLACEMENT_STATES]),
                ],
                order="date_placed, id",
            )
        )
        if not placements:
            raise UserError(
                self.env._(
                    "A notice of hand-over names the agency or law firm: %(debtor)s's invoices "
                    "are not placed with one. Place them first (Collections > Placements).",
                    debtor=debtor.name,
                )
            )
        return placements

    @api.model
    def _letter_bank(self, debtor, placement):
        """The account the letter tells the debtor to pay: the company's, or the
        agency's once the debt is placed with an agency that collects."""
        company = self.env.company
        payee = company.partner_id
        if placement and placement.agency_id.debtor_pays == "agency":
            payee = placement.agency_id.partner_id
        bank = payee.bank_ids[:1]
        if not bank:
            raise UserError(
                self.env._(
                    "The letter tells the debtor where to pay, but %(payee)s has no bank "
                    "account: add one on its contact (Accounting tab).",
                    payee=payee.name or company.name,
                )
            )
        return bank

    @api.model
    def _letter_values(self, debtor, today, about, currency, claim):
        company = self.env.company
        bank = about["bank"]
        Partner = self.env["res.partner"].with_context(lang=debtor.lang)
        values = Partner._debt_claim_values(currency, claim)
        lines = []
        for line in values["claimed"]:
            move = line["move"]
            # A credit note is not a payment: the letter says which is which.
            credited = currency.round(
                sum(
                    float(amount)
                    for _day, amount, kind in move._debt_settlements()
                    if kind == "credit_note"
                )
            )
            lines.append(
                {
                    **line,
                    "original": move.amount_total,
                    "credited": credited,
                    "paid": currency.round(move.amount_total - move.amount_residual - credited),
                    "open": line["claimable"],
                    "days_late": max((today - move.invoice_date_due).days, 0),
                    "url": move.get_base_url() + move._get_share_url(redirect=True),
                }
            )
        totals = {
            key: currency.round(sum(line[key] for line in lines))
            for key in ("original", "credited", "paid", "open", "interest", "fee")
        }
        totals["credit"] = values["credit"]
        # Interest and fees invoiced before (charge invoices, in the ledger) apart
        # from the invoices' own open amount; the new accruals are interest and fee.
        totals["charged"] = currency.round(
            sum(line["open"] for line in lines if line["move"].debt_is_charge)
        )
        totals["invoices"] = currency.round(totals["open"] - totals["charged"])
        moves = self.env["account.move"].union(*(line["move"] for line in lines))
        placement = about["placement"]
        agency = placement.agency_id if placement else None
        return {
            "intro": self._letter_intro(Partner.env, about["prior"]),
            "handover": agency and self._letter_handover(Partner.env, placement),
            "kind": about["kind"],
            "prior": about["prior"],
            "placement": placement,
            "agency": agency,
            "pay_agency": bool(agency) and agency.debtor_pays == "agency",
            "lines": lines,
            "totals": totals,
            "total_claimed": values["total"],
            "not_claimed": values["not_claimed"],
            "credits": values["credits"],
            "claim": claim,
            "currency": currency,
            "deadline": today + timedelta(days=company.debt_payment_deadline_days),
            "bank": bank,
            "qr_code": self._transfer_qr_code(bank, currency, values["total"], moves),
            "jurisdiction": about["jurisdiction"],
            "collector": debtor.commercial_partner_id.debt_collector_id or self.env.user,
        }

    @api.model
    def _letter_intro(self, env, prior):
        """The opening sentence: it cites only a letter actually sent (``prior``)."""
        return {
            "final": env._("Despite our final notice, the invoices below remain unpaid."),
            "demand": env._("Despite our formal demand, the invoices below remain unpaid."),
            "reminder": env._("Despite our reminders, the invoices below remain unpaid."),
        }.get(prior) or env._("The invoices below remain unpaid.")

    @api.model
    def _letter_handover(self, env, placement):
        """Whom the debt went to, how to reach them, and the reference to quote."""
        agency = placement.agency_id
        kinds = dict(agency._fields["kind"]._description_selection(env))
        reference = placement.event_ids.sorted("date")[-1:].reference or placement.name
        return env._(
            "We have therefore handed the debt over to %(agency)s (%(kind)s), who will contact "
            "you. Please quote the reference %(reference)s in every contact with them.",
            agency=agency.partner_id.name or agency.name,
            kind=kinds[agency.kind],
            reference=reference,
        )

    @api.model
    def _transfer_qr_code(self, bank, currency, amount, moves):
        """A data URI of the EPC QR code that prefills the transfer in a banking
        app, or False where the format does not apply (not euros, no IBAN)."""
        payload = epc_qr_payload(
            name=bank.partner_id.name,
            iban=bank.acc_number,
            bic=bank.bank_id.bic,
            amount=Decimal(str(amount)),
            currency=currency.name,
            remittance=" ".join(moves.mapped("name")),
        )
        if not payload:
            return False
        png = self.env["ir.actions.report"].barcode("QR", payload, width=180, height=180)
        return "data:image/png;base64," + base64.b64encode(png).decode()
