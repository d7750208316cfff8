from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .test_claim import ClaimCommon


@tagged("post_install", "-at_install")
class TestClaimCredits(ClaimCommon):
    """A payment the debtor made without saying what for is money received:
    the letter's interest stops on it the day it came, as it would had a
    clerk matched it with the invoice."""

    def _payment_on_account(self, partner, amount, day):
        """A bank receipt booked to the debtor's receivable, matched with nothing."""
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": day,
                "ref": "Transfer without reference",
                "line_ids": [
                    Command.create(
                        {
                            "account_id": self.company_data["default_account_receivable"].id,
                            "partner_id": partner.id,
                            "credit": amount,
                            "name": "Transfer without reference",
                        }
                    ),
                    Command.create(
                        {
                            "account_id": self.company_data[
                                "default_journal_bank"
                            ].default_account_id.id,
                            "debit": amount,
                        }
                    ),
                ],
            }
        )
        entry.action_post()
        return entry

    def test_interest_stops_the_day_an_unmatched_payment_came(self):
        received = self.today - timedelta(days=30)
        unmatched = self.debtor
        matched = self.env["res.partner"].create(
            {"name": "Matched Ltd", "is_company": True, "debt_jurisdiction": "de_b2b"}
        )
        for partner in (unmatched, matched):
            self._overdue_invoice(60, amount=1000.0, partner=partner)
            self._overdue_invoice(40, amount=500.0, partner=partner)
        self._payment_on_account(unmatched, 1200.0, received)
        oldest, newest = matched.invoice_ids.sorted("invoice_date_due")
        self._pay(oldest, 1000.0, received)
        self._pay(newest, 200.0, received)
        self.env["debt.escalation"]._run(self.company)
        claims = {
            partner: self._claims(partner, "demand", charges=True)[self.company.currency_id]
            for partner in (unmatched, matched)
        }
        self.assertEqual(claims[unmatched].credit_applied, 1200)
        self.assertEqual(claims[unmatched].claimable - claims[unmatched].credit_applied, 300)
        self.assertEqual(claims[matched].claimable, 300)
        # The same interest, invoice by invoice, either way: 30 days on 1,000
        # on the oldest; 10 days on 500 then 30 days on 300 on the newest.
        paid_late = oldest._debt_interest(self.today)[oldest]
        first, second = claims[unmatched].lines
        self.assertGreater(paid_late["interest"], 0)
        self.assertEqual(float(first.interest), paid_late["interest"])
        self.assertEqual(float(first.fees), paid_late["compensation"])  # it was paid late
        (newest_claimed,) = claims[matched].lines
        self.assertEqual(second.interest, newest_claimed.interest)
        self.assertGreater(second.interest, 0)

    def test_charging_claims_read_settlements_in_one_batch(self):
        """The interest of a charging letter reads each invoice's payments and
        credit notes; for 2 or 8 debtors, the same queries."""

        def debtors(count):
            partners = self.env["res.partner"].create(
                [
                    {
                        "name": f"Payer {count}-{n}",
                        "is_company": True,
                        "debt_jurisdiction": "de_b2b",
                    }
                    for n in range(count)
                ]
            )
            for partner in partners:
                paid = self._overdue_invoice(50, amount=900.0, partner=partner)
                self._pay(paid, 300.0, self.today - timedelta(days=20))
                credited = self._overdue_invoice(40, amount=500.0, partner=partner)
                refund = self._reverse_invoice(credited, date=self.today - timedelta(days=10))
                refund.invoice_line_ids.price_unit = 100.0
                refund.action_post()
            return partners

        def queries(partners):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            claims = partners._debt_claims(self.company, self.today, "demand", charges=True)
            self.assertTrue(all(c[self.company.currency_id].interest > 0 for c in claims.values()))
            return self.cr.sql_log_count - before

        two, eight = debtors(2), debtors(8)
        queries(two)  # warms the caches (groups, record rules)
        self.assertEqual(queries(eight), queries(two))
