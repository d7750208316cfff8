import io
import json
import zipfile
from decimal import Decimal

from odoo.tests import tagged
from odoo.tools import formatLang

from ..core.claim import MESSAGE, STATEMENT
from .test_claim import KINDS, REPORTS, ClaimFixture, figures


@tagged("post_install", "-at_install")
class TestClaimAllKinds(ClaimFixture):
    """Issue 14's claims test: one company with every kind of hold, a partial
    payment, a credit note, an unapplied payment, a foreign-currency invoice
    and a consumer. Every letter kind, the email, the SMS, the statement, the
    package manifest and the interest invoice total what ``_debt_claim``
    says, to the cent, and no held amount is in any total."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The holds of a whole debtor, in the same company.
        cls.excluded = cls.env["res.partner"].create(
            {"name": "Excluded SA", "is_company": True, "debt_excluded": True}
        )
        cls.insolvent = cls.env["res.partner"].create(
            {"name": "Nadir Holdings", "is_company": True, "debt_insolvent": True}
        )
        cls.excluded_invoice = cls._overdue_invoice(40, amount=900.0, partner=cls.excluded)
        cls.insolvent_invoice = cls._overdue_invoice(40, amount=24000.0, partner=cls.insolvent)
        cls.env["debt.escalation"]._run(cls.company)
        cls.placement = cls.env["debt.placement"].search([("partner_id", "=", cls.debtor.id)])

    def _assert_nothing_held_is_claimed(self, claims, held):
        for claim in claims.values():
            self.assertFalse(set(claim.claimed_move_ids) & set(held.ids))
            for line in claim.lines:
                if line.reason:
                    self.assertEqual(line.claimable + line.held, line.open, line)
            due = sum((line.due for line in claim.lines), Decimal(0))
            self.assertEqual(claim.total, due if not claim.below_minimum else 0)

    def test_every_letter_kind(self):
        for partner in (self.debtor, self.consumer):
            for kind in KINDS:
                if partner == self.consumer and kind == "handover":
                    continue  # nothing of the consumer is placed
                with self.subTest(debtor=partner.name, kind=kind):
                    moves = self.placed if kind == "handover" else None
                    claims = self._claims(partner, kind, moves=moves)
                    html = self._html(REPORTS[kind], partner)
                    self.assertEqual(figures(html, "debt_total"), self._totals(claims))
                    held = self.held - self.placed if kind == "handover" else self.held
                    self._assert_nothing_held_is_claimed(claims, held)
        consumer = self._claims(self.consumer, "demand")[self.usd]
        self.assertGreater(consumer.interest, 0)
        self.assertEqual(consumer.fees, 0)  # no fixed compensation from a consumer

    def test_email_sms_and_statement(self):
        moves = self.debtor._debt_reminder_moves()
        claims = self._claims(self.debtor, MESSAGE, moves=moves)
        self._assert_nothing_held_is_claimed(claims, self.held)
        self.assertEqual(self._totals(claims), [Decimal("2550.00"), Decimal("250.00")])
        total_text = " + ".join(
            formatLang(self.env, float(claim.total), currency_obj=currency)
            for currency, claim in claims.items()
        )
        email = self.env.ref("debt_recovery.mail_template_debt_reminder")._render_field(
            "body_html", self.debtor.ids, compute_lang=True
        )[self.debtor.id]
        self.assertIn(f"<strong>{total_text}</strong>", str(email).replace("&nbsp;", "\xa0"))
        sms = self.env.ref("debt_recovery.sms_template_debt_reminder")._render_field(
            "body", self.debtor.ids, compute_lang=True
        )[self.debtor.id]
        self.assertIn(f"{total_text} overdue", sms)

        statement = self._claims(self.debtor, STATEMENT)
        self._assert_nothing_held_is_claimed(statement, self.held)
        html = self._html("debt_recovery.action_report_debt_statement", self.debtor)
        self.assertEqual(figures(html, "o_debt_statement_total"), self._totals(statement))

    def test_package_manifest(self):
        self.placement._build_package()
        archive = zipfile.ZipFile(io.BytesIO(self.placement.package_id.raw))
        manifest = json.loads(archive.read("manifest.json"))
        day = self.placement.date_placed or self.today
        claim = self.debtor._debt_claim(
            self.company, day, "handover", moves=self.placement.move_ids
        )[self.usd]
        self.assertEqual(manifest["claim"]["total"], f"{claim.total:.2f}")
        self.assertEqual(manifest["claim"]["interest"], f"{claim.interest:.2f}")
        self.assertEqual(claim.claimed_move_ids, self.placed.ids)

    def test_interest_invoice_charges_the_claims_interest_and_fees(self):
        claims = self._claims(self.debtor, "demand")
        self._assert_nothing_held_is_claimed(claims, self.held)
        invoices = self.env["account.move"].search(
            [
                ("commercial_partner_id", "=", self.debtor.id),
                ("move_type", "=", "out_invoice"),
                ("amount_residual", ">", 0),
            ]
        )
        self.assertLessEqual(self.held, invoices)  # held invoices are asked to charge too
        action = invoices.action_debt_invoice_interest()
        charges = self.env["account.move"].search(action["domain"])
        self.assertEqual(set(charges.currency_id), set(claims))
        for charge in charges:
            claim = claims[charge.currency_id]
            with self.subTest(currency=charge.currency_id.name):
                self.assertEqual(Decimal(str(charge.amount_total)), claim.interest + claim.fees)
        charged = self.env["debt.interest.charge"].search([("charge_move_id", "in", charges.ids)])
        self.assertFalse(charged.move_id & self.held, "a held invoice attracts no charge")

    def test_whole_debtor_holds_claim_nothing(self):
        for partner, invoice, reason in (
            (self.excluded, self.excluded_invoice, "excluded"),
            (self.insolvent, self.insolvent_invoice, "insolvency"),
        ):
            for kind in (*KINDS[1:], MESSAGE, STATEMENT):
                with self.subTest(debtor=partner.name, kind=kind):
                    (claim,) = self._claims(partner, kind).values()
                    self.assertEqual(claim.total, 0)
                    self.assertEqual(
                        [(n.move_id, n.reason) for n in claim.not_claimed], [(invoice.id, reason)]
                    )
            self.assertFalse(self.env["debt.reminder"]._recheck(self.company, invoice.ids))
