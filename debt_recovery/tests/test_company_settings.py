from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from ..core.contact_policy import DEFAULT_WEEKLY_CAP
from ..core.contacts import STAGE_CHANNELS
from ..core.segments import DEFAULT_OFFSETS
from .common import DebtRecoveryCommon


@tagged("post_install", "-at_install")
class TestCompanySettings(DebtRecoveryCommon):
    """Segment pace and reminder caps are small per-company tables, read through
    the company's accessors in the shape the run and the reminders expect."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.setup_other_company(name="Other Creditor")["company"]

    def test_a_new_company_starts_with_core_defaults(self):
        caps = {row.channel: row.per_week for row in self.other.debt_channel_cap_ids}
        self.assertEqual(caps, {ch: DEFAULT_WEEKLY_CAP[ch] for ch in STAGE_CHANNELS})
        pace = {row.segment: row.offset_days for row in self.other.debt_segment_pace_ids}
        self.assertEqual(pace, DEFAULT_OFFSETS)
        self.assertEqual(self.other._debt_segment_offsets(), {None: 0, **DEFAULT_OFFSETS})
        self.assertEqual(self.other._debt_policy_values()["caps"], DEFAULT_WEEKLY_CAP)

    def test_each_company_reads_its_own_rows(self):
        self.env.company._debt_set_caps({"email": 1})
        self.env.company._debt_set_pace({"first_time": 12})
        self.assertEqual(self.env.company._debt_policy_values()["caps"]["email"], 1)
        self.assertEqual(self.env.company._debt_segment_offsets()["first_time"], 12)
        self.assertEqual(self.other._debt_policy_values()["caps"]["email"], 3)
        self.assertEqual(self.other._debt_segment_offsets()["first_time"], 7)

    def test_a_missing_row_falls_back_to_core(self):
        self.other.debt_channel_cap_ids.filtered(lambda r: r.channel == "sms").unlink()
        self.other.debt_segment_pace_ids.filtered(lambda r: r.segment == "bad_debt").unlink()
        self.assertEqual(self.other._debt_policy_values()["caps"]["sms"], DEFAULT_WEEKLY_CAP["sms"])
        offsets = self.other._debt_segment_offsets()
        self.assertEqual(offsets["bad_debt"], DEFAULT_OFFSETS["bad_debt"])

    def test_settings_edit_the_rows_inline(self):
        form = Form(self.env["res.config.settings"])
        with form.debt_channel_cap_ids.edit(0) as line:
            self.assertEqual(line.channel, "email")
            line.per_week = 5
        with form.debt_segment_pace_ids.edit(1) as line:
            self.assertEqual(line.segment, "first_time")
            line.offset_days = 14
        form.save().execute()
        self.assertEqual(self.env.company._debt_policy_values()["caps"]["email"], 5)
        self.assertEqual(self.env.company._debt_segment_offsets()["first_time"], 14)

    def test_rows_are_per_company(self):
        # The clerk works in the first company only: the other's rows are invisible.
        cap_model = self.env["debt.channel.cap"].with_user(self.clerk)
        self.assertFalse(cap_model.search([("company_id", "=", self.other.id)]))
        self.assertTrue(cap_model.search([("company_id", "=", self.env.company.id)]))
        with self.assertRaises(AccessError):
            self.env.company.debt_channel_cap_ids[:1].with_user(self.clerk).per_week = 9

    def test_a_dispute_hold_change_recomputes_only_disputed_invoices(self):
        disputed = self._overdue_invoice(40, amount=800.0)
        plain = self._overdue_invoice(40, amount=500.0)
        bill = self.init_invoice("in_invoice", amounts=[300.0], post=True)
        self.env["debt.dispute"].create({"move_id": disputed.id, "amount": 100.0})
        self.env.flush_all()
        self.assertEqual(disputed.debt_hold_reason, "dispute")
        self.env.company.debt_dispute_hold = "disputed_amount"
        hold = self.env["account.move"]._fields["debt_hold_reason"]
        marked = self.env.records_to_compute(hold)
        self.assertEqual(marked, disputed, "only the invoice with an open dispute is recomputed")
        self.assertNotIn(bill, marked)
        self.assertNotIn(plain, marked)
        self.assertFalse(disputed.debt_hold_reason)  # 700 undisputed is still collected
        self.env.company.debt_dispute_hold = "invoice"
        self.assertEqual(disputed.debt_hold_reason, "dispute")
