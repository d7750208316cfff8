from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DebtRecoveryCommon

# Measured on 19.0: 25 a debtor (its claim, and its charge invoice created);
# 6 an invoice (its two charge lines, interest and compensation, that Odoo's
# account.move.line creation writes).
PER_DEBTOR_QUERIES = 30
PER_INVOICE_QUERIES = 7


@tagged("post_install", "-at_install")
class TestInterestLedger(DebtRecoveryCommon):
    """What *Invoice interest and fees* charged is recorded: a second run
    charges the new days only, a charge invoice attracts nothing, and the
    letters do not claim again as interest what an invoice already charged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.debtor.debt_jurisdiction = "eu"
        # ECB 2024H1 4.50 % (shipped) + 8 points.
        cls.invoice = cls._invoice_due(date(2024, 3, 31), 10000.0)

    def _charge(self, day, moves=None):
        with freeze_time(day):
            action = (moves or self.invoice).action_debt_invoice_interest()
        return self.env["account.move"].search(action["domain"])

    def test_second_charge_covers_only_the_new_days(self):
        first = self._charge(date(2024, 4, 30))
        self.assertTrue(first.debt_is_charge)
        rows = self.invoice.debt_charge_ids
        interest = rows.filtered(lambda r: r.kind == "interest")
        self.assertEqual(
            (interest.date_from, interest.date_to), (date(2024, 4, 1), date(2024, 4, 30))
        )
        self.assertAlmostEqual(interest.amount, round(10000 * 0.125 * 30 / 365, 2), places=2)
        self.assertAlmostEqual(interest.rate, 12.5)
        self.assertEqual(interest.charge_move_id, first)
        self.assertEqual(set(rows.mapped("kind")), {"interest", "compensation"})
        self.assertEqual(interest.charge_line_id.move_id, first)
        first.action_post()

        second = self._charge(date(2024, 5, 31), self.invoice | first)
        self.assertEqual(
            second.invoice_line_ids.product_id,
            self.env.ref("debt_recovery.product_late_interest"),
            "the fee is charged once; the charge invoice attracts nothing",
        )
        self.assertAlmostEqual(second.amount_total, round(10000 * 0.125 * 31 / 365, 2), places=2)
        new = self.invoice.debt_charge_ids.filtered(lambda r: r.charge_move_id == second)
        self.assertEqual((new.date_from, new.date_to), (date(2024, 5, 1), date(2024, 5, 31)))
        self.assertFalse(first.debt_charge_ids)

    def test_charge_invoice_carries_no_interest(self):
        first = self._charge(date(2024, 4, 30))
        first.action_post()
        result = first._debt_interest(date(2024, 12, 31))[first]
        self.assertEqual((result["interest"], result["compensation"]), (0.0, 0.0))
        with self.assertRaisesRegex(Exception, "Nothing to charge"):
            self._charge(date(2024, 12, 31), first)

    def test_a_draft_charge_is_not_charged_again_and_discarding_it_frees_it(self):
        draft = self._charge(date(2024, 4, 30))
        with self.assertRaisesRegex(Exception, "Nothing to charge"):
            self._charge(date(2024, 4, 30))
        draft.unlink()
        again = self._charge(date(2024, 4, 30))
        self.assertEqual(len(again.invoice_line_ids), 2)

    def test_letters_do_not_claim_charged_interest_again(self):
        first = self._charge(date(2024, 4, 30))
        day = date(2024, 5, 31)
        company = self.env.company
        # A draft charge is not claimed: the letter still claims all the interest.
        claim = self.debtor._debt_claim(company, day, "demand")[self.invoice.currency_id]
        whole = round(10000 * 0.125 * 61 / 365, 2)
        self.assertAlmostEqual(float(claim.interest), whole, places=2)
        first.action_post()
        claim = self.debtor._debt_claim(company, day, "demand")[self.invoice.currency_id]
        lines = {line.move_id: line for line in claim.lines}
        self.assertAlmostEqual(
            float(lines[self.invoice.id].interest), round(10000 * 0.125 * 31 / 365, 2), places=2
        )
        self.assertEqual(lines[self.invoice.id].fees, 0)
        # The charge invoice is claimed as what it is, without interest of its own.
        self.assertAlmostEqual(float(lines[first.id].claimable), first.amount_total, places=2)
        self.assertEqual((lines[first.id].interest, lines[first.id].fees), (0, 0))
        self.assertAlmostEqual(
            float(claim.total),
            10000 + first.amount_total + float(lines[self.invoice.id].interest),
            places=2,
        )

    def test_queries_grow_with_debtors_not_with_invoices(self):
        """*Invoice interest and fees* on many invoices: the claim is read once
        per debtor and one charge invoice is created per debtor; an invoice
        adds only the writing of its charge lines."""

        def invoices(debtors, per_debtor):
            moves = self.env["account.move"]
            for n in range(debtors):
                partner = self.env["res.partner"].create(
                    {"name": f"Late Payer {per_debtor}-{n}", "is_company": True}
                )
                for _ in range(per_debtor):
                    moves |= self._create_invoice_one_line(
                        price_unit=1000.0,
                        tax_ids=[],
                        partner_id=partner,
                        invoice_date=date(2024, 3, 1),
                        invoice_date_due=date(2024, 3, 31),
                        invoice_payment_term_id=False,
                        post=True,
                    )
            return moves

        def queries(moves):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with freeze_time("2024-05-30"):
                moves.action_debt_invoice_interest()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        two, five = queries(invoices(2, 1)), queries(invoices(5, 1))
        five_with_more = queries(invoices(5, 4))
        per_debtor = (five - two) / 3
        self.assertLessEqual(per_debtor, PER_DEBTOR_QUERIES, (two, five))
        # Four invoices a debtor instead of one: only their charge lines are more.
        self.assertLessEqual(five_with_more - five, 5 * 3 * PER_INVOICE_QUERIES, five_with_more)
