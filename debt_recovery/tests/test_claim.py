import re
from datetime import timedelta
from decimal import Decimal

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import float_compare, formatLang

from ..core.claim import MESSAGE, STATEMENT
from .common import DebtRecoveryCommon

KINDS = (None, "courtesy", "reminder", "demand", "final", "handover")
REPORTS = {
    None: "debt_recovery.action_report_debt_demand_letter",
    **{kind: f"debt_recovery.action_report_debt_letter_{kind}" for kind in KINDS if kind},
}
AMOUNT = re.compile(r"([\d,]+\.\d{2})")


def figures(html, css_class):
    """The amounts of the elements of ``css_class``, in document order."""
    pattern = re.compile(rf'{css_class}"[^>]*>(.*?)</(?:span|td)>', re.S)
    return [Decimal(AMOUNT.search(m).group(1).replace(",", "")) for m in pattern.findall(html)]


class ClaimCommon(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._reference_rates("de_base", 2.0)
        cls.company = cls.env.company
        cls.env["res.partner.bank"].create(
            {
                "partner_id": cls.company.partner_id.id,
                "acc_number": "DE89 3704 0044 0532 0130 00",
                "allow_out_payment": True,
            }
        )
        cls.debtor.write(
            {"debt_jurisdiction": "de_b2b", "street": "1 Main Street", "city": "Springfield"}
        )

    def _claims(self, partner, kind, **kwargs):
        return partner._debt_claim(self.company, self.today, kind, **kwargs)

    def _html(self, report, partner):
        html = self.env["ir.actions.report"]._render_qweb_html(report, partner.ids)[0].decode()
        return html.replace("&nbsp;", "\xa0")

    def _totals(self, claims):
        return [claim.total for claim in claims.values() if claim.total > 0]


class ClaimFixture(ClaimCommon):
    """A debtor with every kind of invoice hold, a partial payment, credits, a
    second currency, and a consumer (here and in ``test_claim_all_kinds``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.debt_dispute_hold = "disputed_amount"
        debtor = cls.debtor
        cls.free = cls._overdue_invoice(45, amount=1000.0)
        cls.part_paid = cls._overdue_invoice(35, amount=800.0)
        cls._pay(cls.part_paid, 300.0)
        cls.part_disputed = cls._overdue_invoice(30, amount=2000.0)
        cls.disputed = cls._overdue_invoice(25, amount=7777.77)
        cls.promised = cls._overdue_invoice(20, amount=5555.55)
        cls.unfollowed = cls._overdue_invoice(15, amount=333.33)
        cls.unfollowed.no_followup = True
        cls.placed = cls._overdue_invoice(60, amount=444.44)
        cls.not_due = cls._overdue_invoice(-10, amount=120.0)
        cls.eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 1.0)])
        cls.euro = cls._overdue_invoice(40, amount=250.0, currency_id=cls.eur.id)
        cls.env["debt.dispute"].create({"move_id": cls.part_disputed.id, "amount": 600.0})
        cls.env["debt.dispute"].create({"move_id": cls.disputed.id, "amount": 7777.77})
        cls.env["debt.promise"].create(
            {
                "partner_id": debtor.id,
                "move_ids": [Command.set(cls.promised.ids)],
                "amount": 5555.55,
                "promised_date": cls.today + timedelta(days=5),
            }
        )
        agency = cls.env["debt.agency"].create({"name": "Recover & Co"})
        cls.env["debt.placement"].create(
            {"agency_id": agency.id, "partner_id": debtor.id, "move_ids": cls.placed.ids}
        ).action_mark_sent()
        # The debtor's credits: an open credit note and a payment not matched yet.
        cls.refund = cls._create_invoice_one_line(
            move_type="out_refund", price_unit=150.0, tax_ids=[], partner_id=debtor, post=True
        )
        cls.payment = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": cls.today - timedelta(days=5),
                "ref": "Unapplied transfer",
                "line_ids": [
                    Command.create(
                        {
                            "account_id": cls.company_data["default_account_receivable"].id,
                            "partner_id": debtor.id,
                            "credit": 200.0,
                            "name": "Unapplied transfer",
                        }
                    ),
                    Command.create(
                        {
                            "account_id": cls.company_data[
                                "default_journal_bank"
                            ].default_account_id.id,
                            "debit": 200.0,
                        }
                    ),
                ],
            }
        )
        cls.payment.action_post()
        cls.consumer = cls.env["res.partner"].create(
            {"name": "Jane Doe", "debt_jurisdiction": "de_b2b", "email": "jane@example.com"}
        )
        cls.consumer_invoice = cls._overdue_invoice(50, amount=400.0, partner=cls.consumer)
        cls.env["debt.escalation"]._run(cls.company)
        cls.held = cls.disputed | cls.promised | cls.unfollowed | cls.placed
        cls.usd = cls.company.currency_id


@tagged("post_install", "-at_install")
class TestClaim(ClaimFixture):
    """Everything that goes to a debtor claims what the claim function says."""

    def test_the_claim(self):
        claims = self._claims(self.debtor, "demand")
        self.assertEqual(list(claims), [self.usd, self.eur])
        usd = claims[self.usd]
        reasons = {(n.move_id, n.reason, n.amount) for n in usd.not_claimed}
        self.assertEqual(
            reasons,
            {
                (self.part_disputed.id, "dispute", Decimal("600.00")),
                (self.disputed.id, "dispute", Decimal("7777.77")),
                (self.promised.id, "promise", Decimal("5555.55")),
                (self.unfollowed.id, "no_followup", Decimal("333.33")),
                (self.placed.id, "placement", Decimal("444.44")),
            },
        )
        self.assertEqual(usd.claimable, Decimal("2900.00"))  # 1000 + 500 + 2000 - 600
        self.assertEqual(usd.credit_applied, Decimal("350.00"))  # 150 credit note + 200 payment
        self.assertEqual({use.credit.kind for use in usd.credits}, {"credit_note", "payment"})
        # Interest and fees, independently: the partly disputed invoice owes
        # interest on its undisputed 1,400.00 only; the oldest claimed invoice
        # takes the credits, and its interest stops on them from their dates.
        covered = {
            self.free: [
                (self.payment.date, Decimal("200.00")),
                (self.refund.date, Decimal("150.00")),
            ]
        }
        moves = self.free | self.part_paid | self.part_disputed
        charges = moves._debt_interest(self.today, covered=covered)
        self.assertLess(
            charges[self.free]["interest"], moves._debt_interest(self.today)[self.free]["interest"]
        )
        interest = (
            charges[self.free]["interest"]
            + charges[self.part_paid]["interest"]
            + self.usd.round(charges[self.part_disputed]["interest"] * 1400 / 2000)
        )
        fees = sum(charge["compensation"] for charge in charges.values())
        expected = 2900.0 + interest + fees - 350.0
        self.assertEqual(float_compare(float(usd.total), expected, 2), 0)
        self.assertEqual(claims[self.eur].credit_applied, 0)  # credits are in dollars
        self.assertNotIn(self.not_due.id, [line.move_id for line in usd.lines])
        # The notice of hand-over claims the placed debt, for the agency.
        handover = self._claims(self.debtor, "handover")[self.usd]
        self.assertIn(self.placed.id, handover.claimed_move_ids)
        self.assertNotIn(self.placed.id, usd.claimed_move_ids)

    def test_every_letter_claims_the_claim(self):
        for kind in KINDS:
            with self.subTest(kind=kind):
                # A notice of hand-over claims what its placement holds, nothing else.
                moves = self.placed if kind == "handover" else None
                claims = self._claims(self.debtor, kind, moves=moves)
                html = self._html(REPORTS[kind], self.debtor)
                self.assertEqual(figures(html, "debt_total"), self._totals(claims))
                if kind != "handover":
                    self.assertEqual(len(claims), 2)  # one letter per currency
                    self.assertIn("Not claimed", html)
                self.assertIn(self.refund.name, html)
                self.assertIn("Less credit note", html)
                self.assertIn("Less payment received", html)
                letters = self.env["report.debt_recovery.report_debt_demand_letter"]._letters(
                    self.debtor, self.today, kind
                )
                for letter in letters:
                    claimed = self.env["account.move"].union(
                        *(line["move"] for line in letter["lines"])
                    )
                    held = self.held - self.placed if kind == "handover" else self.held
                    self.assertFalse(claimed & held)
                    # The letter's own lines add up to its total, to the cent.
                    rows = sum(
                        line["open"] + line["interest"] + line["fee"] for line in letter["lines"]
                    )
                    self.assertEqual(
                        float_compare(
                            rows - letter["totals"]["credit"],
                            letter["total_claimed"],
                            precision_rounding=letter["currency"].rounding,
                        ),
                        0,
                    )

    def test_not_claimed_in_the_debtors_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(
            ["debt_recovery"], ["de_DE"], overwrite=True
        )
        self.debtor.lang = "de_DE"
        html = self._html(REPORTS["demand"], self.debtor)
        for text in ("Nicht gefordert", "Strittig", "Zahlung zugesagt", "Abzüglich Gutschrift"):
            self.assertIn(text, html)
        self.assertNotIn("Under dispute", html)

    def test_send_letter_in_two_currencies(self):
        self.debtor.action_debt_send_letter()
        body = str(self.debtor.message_ids[0].body).replace("&nbsp;", "\xa0")
        for currency, claim in self._claims(self.debtor, None).items():
            self.assertIn(currency.format(float(claim.total)), body)
        contact = self.env["debt.contact"].search(
            [("partner_id", "=", self.debtor.id)], order="id desc", limit=1
        )  # (the first is the hand-over notice of the placement)
        self.assertEqual(
            contact.move_ids, self.free | self.part_paid | self.part_disputed | self.euro
        )

    def test_consumer_letter(self):
        claims = self._claims(self.consumer, "demand")
        (claim,) = claims.values()
        self.assertGreater(claim.interest, 0)  # German consumer rate
        self.assertEqual(claim.fees, 0)  # no EUR 40 from a consumer
        html = self._html(REPORTS["demand"], self.consumer)
        self.assertEqual(figures(html, "debt_total"), [claim.total])

    def test_email_and_sms(self):
        claims = self._claims(self.debtor, MESSAGE, moves=self.debtor._debt_reminder_moves())
        self.assertEqual(self._totals(claims), [Decimal("2550.00"), Decimal("250.00")])
        total_text = " + ".join(
            formatLang(self.env, float(claim.total), currency_obj=currency)
            for currency, claim in claims.items()
        )
        template = self.env.ref("debt_recovery.mail_template_debt_reminder")
        body = template._render_field("body_html", self.debtor.ids, compute_lang=True)
        body = str(body[self.debtor.id]).replace("&nbsp;", "\xa0")
        self.assertIn(f"<strong>{total_text}</strong>", body)
        for move in self.held:
            self.assertNotIn(f"<td>{move.name}</td>", body)  # not among the claimed rows
        self.assertIn(self.refund.name, body)
        self.assertIn("Not claimed", body)
        sms = self.env.ref("debt_recovery.sms_template_debt_reminder")._render_field(
            "body", self.debtor.ids, compute_lang=True
        )[self.debtor.id]
        self.assertIn(f"{total_text} overdue", sms)

    def test_statement(self):
        claims = self._claims(self.debtor, STATEMENT)
        # Every open invoice, the one not due yet too; held ones apart.
        self.assertEqual(claims[self.usd].total, Decimal("2670.00"))  # 2900 + 120 - 350
        html = self._html("debt_recovery.action_report_debt_statement", self.debtor)
        self.assertEqual(figures(html, "o_debt_statement_total"), self._totals(claims))
        self.assertIn("Not claimed", html)
        self.assertIn(self.refund.name, html)

    def test_reminder_recheck_reads_the_claim(self):
        moves = self.debtor._debt_reminder_moves()
        self.assertEqual(
            self.env["debt.reminder"]._recheck(self.company, moves.ids),
            self.free | self.part_paid | self.part_disputed | self.euro,
        )


@tagged("post_install", "-at_install")
class TestNothingClaimed(ClaimCommon):
    """Issue 14's debtor, credits that cover everything, and the minimum."""

    def test_held_invoices_are_not_claimed_whole_invoice_mode(self):
        self.company.debt_dispute_hold = "invoice"
        free = self._overdue_invoice(45, amount=1000.0)
        disputed = self._overdue_invoice(40, amount=7777.77)
        promised = self._overdue_invoice(35, amount=5555.55)
        self.env["debt.dispute"].create({"move_id": disputed.id, "amount": 100.0})
        self.env["debt.promise"].create(
            {
                "partner_id": self.debtor.id,
                "move_ids": [Command.set(promised.ids)],
                "amount": 5555.55,
                "promised_date": self.today + timedelta(days=3),
            }
        )
        self.env["debt.escalation"]._run(self.company)
        self._place(free)  # a notice of hand-over names the agency
        charges = free._debt_interest(self.today)[free]
        expected = 1000.0 + charges["interest"] + charges["compensation"]
        for kind in KINDS:
            with self.subTest(kind=kind):
                (claim,) = self._claims(self.debtor, kind).values()
                self.assertEqual(claim.claimed_move_ids, free.ids)
                html = self._html(REPORTS[kind], self.debtor)
                self.assertEqual(figures(html, "debt_total"), [claim.total])
                if kind in ("demand", "final", "handover"):
                    self.assertEqual(float_compare(float(claim.total), expected, 2), 0)
                else:
                    self.assertLess(claim.total, Decimal("1100"))

    @freeze_time("10:00")  # within contact hours whenever the suite runs
    def test_credits_cover_the_debt_nothing_is_sent(self):
        invoice = self._overdue_invoice(10, amount=300.0)
        self._create_invoice_one_line(
            move_type="out_refund", price_unit=300.0, tax_ids=[], partner_id=self.debtor, post=True
        )
        self.env["debt.escalation"]._run(self.company)
        self.assertFalse(self.env["debt.reminder"]._recheck(self.company, invoice.ids))
        with self.assertRaisesRegex(UserError, "Nothing is claimed"):
            self._html(REPORTS["reminder"], self.debtor)
        self.assertEqual(self.debtor._debt_reminder_data()["total_text"], "")
        action = self.env["debt.reminder.wizard"]._action_open(self.debtor)
        wizard = self.env["debt.reminder.wizard"].browse(action["res_id"])
        with self.assertRaisesRegex(UserError, "Nothing is claimed"):
            wizard.action_send()

    def test_below_the_minimum_nothing_is_claimed(self):
        invoice = self._overdue_invoice(10, amount=30.0)
        self.env["debt.escalation"]._run(self.company)
        self.company.debt_claim_minimum = 50.0
        (claim,) = self._claims(self.debtor, "reminder").values()
        self.assertTrue(claim.below_minimum)
        self.assertEqual(claim.total, 0)
        self.assertFalse(self.env["debt.reminder"]._recheck(self.company, invoice.ids))
        with self.assertRaisesRegex(UserError, "Below our minimum amount"):
            self._html(REPORTS["reminder"], self.debtor)
        self.company.debt_claim_minimum = 30.0
        self.assertEqual(self.env["debt.reminder"]._recheck(self.company, invoice.ids), invoice)

    def test_queries_do_not_grow_with_the_invoices(self):
        """The claim reads invoices, holds and credits in bulk (the interest
        of a charging letter is ``_debt_interest``'s own affair)."""
        few = self.env["res.partner"].create({"name": "Few Ltd", "is_company": True})
        many = self.env["res.partner"].create({"name": "Many Ltd", "is_company": True})
        for partner, count in ((few, 2), (many, 12)):
            for n in range(count):
                invoice = self._overdue_invoice(10 + n, amount=100.0, partner=partner)
                if n % 2:
                    self.env["debt.dispute"].create({"move_id": invoice.id, "amount": 10.0})
            self._create_invoice_one_line(
                move_type="out_refund", price_unit=5.0, tax_ids=[], partner_id=partner, post=True
            )

        def queries(partner):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            (claim,) = self._claims(partner, STATEMENT).values()
            self.assertEqual(claim.credit_applied, 5)
            return self.cr.sql_log_count - before

        queries(few)  # warms the caches (groups, record rules)
        self.assertEqual(queries(many), queries(few))
