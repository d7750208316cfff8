from datetime import timedelta

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestSegmentation(DebtRecoveryCommon):
    """Segments come from the real payment history, with the figures shown."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["debt.escalation"]

    def _debtor(self, name, **vals):
        return self.env["res.partner"].create({"name": name, "is_company": True, **vals})

    def _paid(self, partner, due_days_ago, paid_days_ago, amount=100.0):
        invoice = self._overdue_invoice(due_days_ago, amount=amount, partner=partner)
        self._pay(invoice, amount, self.today - timedelta(days=paid_days_ago))
        return invoice

    def test_segments_from_history(self):
        good = self._debtor("Good")
        for due in (90, 60, 30):
            self._paid(good, due, due + 2)  # paid before the due date

        first_time = self._debtor("First time")
        for due in (90, 60):
            self._paid(first_time, due, due)
        self._overdue_invoice(12, partner=first_time)

        lethargic = self._debtor("Lethargic")
        for due in (150, 120, 90):
            self._paid(lethargic, due, due - 25)  # 25 days late each time
        self._paid(lethargic, 60, 60)

        bad = self._debtor("Bad")
        invoice = self._overdue_invoice(30, partner=bad)
        for promised in (20, 10):
            promise = self.env["debt.promise"].create(
                {
                    "partner_id": bad.id,
                    "move_ids": [Command.set(invoice.ids)],
                    "amount": 50.0,
                    "promised_date": self.today,
                }
            )
            promise.write(
                {"state": "broken", "promised_date": self.today - timedelta(days=promised)}
            )

        insolvent = self._debtor("Insolvent", debt_insolvent=True)
        self._overdue_invoice(5, partner=insolvent)

        self.assertEqual(self.engine._segment_debtors(self.today), 5)
        self.assertEqual(
            [p.debt_segment for p in (good, first_time, lethargic, bad, insolvent)],
            ["good", "first_time", "lethargic", "bad_debt", "no_return"],
        )
        figures = lethargic.debt_segment_data["figures"]
        self.assertEqual((figures["invoices"], figures["paid_late"]), (4, 3))
        self.assertAlmostEqual(figures["avg_days_late"], 25.0)
        self.assertIn("75% of invoices paid late", lethargic.debt_segment_explanation)
        self.assertEqual(bad.debt_segment_data["figures"]["broken_promises"], 2)
        self.assertEqual(insolvent.debt_score, 0)
        self.assertGreater(good.debt_score, first_time.debt_score)
        self.assertGreater(first_time.debt_score, lethargic.debt_score)
        self.assertEqual(good.debt_segment_date, self.today)
        # Once a day: a second pass the same day segments nobody again.
        self.assertEqual(self.engine._segment_debtors(self.today), 0)
        self.assertEqual(self.engine._segment_debtors(self.today + timedelta(days=1)), 5)

    def test_explanation_is_worded_for_its_reader(self):
        """The run stores figures and reasons only; the explanation is worded
        when read, in the reader's language (the cron's is not the clerk's)."""
        debtor = self._debtor("Late")
        self._paid(debtor, 60, 30)
        self._overdue_invoice(20, partner=debtor)
        self.engine._segment_debtors(self.today)
        columns = self.env.execute_query(
            SQL(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_name = 'res_partner' AND column_name LIKE 'debt_segment%%'"
            )
        )
        self.assertNotIn(("debt_segment_explanation",), columns)
        self.assertIn("30 days late on average", debtor.debt_segment_explanation)
        self.env["res.lang"]._activate_lang("fr_FR")
        french = debtor.with_context(lang="fr_FR")
        self.assertIn("30 jours de retard en moyenne", french.debt_segment_explanation)
        self.assertIn("12 derniers mois : 2 factures", french.debt_segment_explanation)
        self.env["res.lang"]._activate_lang("de_DE")
        german = debtor.with_context(lang="de_DE").debt_segment_explanation
        self.assertTrue(german.startswith("Im Durchschnitt 30 Tage im Verzug. Letzte 12 Monate"))
        self.assertIn("2 Rechnungen, 1 verspätet bezahlt", german)  # nouns keep their capitals

    def test_one_reads_in_the_singular(self):
        """ "1 invoice", not "1 invoices" (nor "1 Rechnung(en)")."""
        debtor = self._debtor("Once")
        self._overdue_invoice(1, partner=debtor)
        self.engine._segment_debtors(self.today)
        english = debtor.debt_segment_explanation
        self.assertIn("Last 12 months: 1 invoice, 0 paid late", english)
        self.assertIn("worst 1 day; 0 broken and 0 kept promises; 0 disputes.", english)
        self.assertNotIn("(s)", english)
        self.env["res.lang"]._activate_lang("de_DE")
        german = debtor.with_context(lang="de_DE").debt_segment_explanation
        self.assertIn("Letzte 12 Monate: 1 Rechnung, 0 verspätet bezahlt", german)
        self.assertNotIn("(en)", german)

    def test_a_late_credit_note_is_not_a_late_payment(self):
        """A debtor who paid on time and was credited late (a price corrected
        two months after the due date) pays on time; an invoice credited in
        full was never owed and is not in the figures."""
        debtor = self._debtor("Corrected")
        invoices = self.env["account.move"]
        for due in (120, 90, 100):
            invoices |= self._overdue_invoice(due, amount=100.0, partner=debtor)
        for invoice in invoices[:2]:
            self._pay(invoice, 80.0, invoice.invoice_date_due - timedelta(days=1))
        for invoice in invoices:  # the rest credited 60 days after the due date
            refund = self._reverse_invoice(invoice, date=invoice.invoice_date_due + timedelta(60))
            refund.invoice_line_ids.price_unit = invoice.amount_residual
            refund.action_post()
        self.assertFalse(sum(invoices.mapped("amount_residual")))
        self.engine._segment_debtors(self.today)
        figures = debtor.debt_segment_data["figures"]
        self.assertEqual((figures["invoices"], figures["paid_late"]), (2, 0))
        self.assertEqual(debtor.debt_segment, "good")

    def test_segmentation_query_count_does_not_grow(self):
        for count in (3, 30):
            with self.subTest(debtors=count):
                debtors = [self._debtor(f"D{n}") for n in range(count)]
                for debtor in debtors:
                    self._overdue_invoice(10, partner=debtor)
                with self.assertQueryCount(2):
                    segmented = self.engine._segment_debtors(self.today + timedelta(days=count))
                self.assertGreaterEqual(segmented, count)
