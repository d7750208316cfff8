"""The reference-rate update, fed with the publishers' recorded responses:
it adds the half-years the table lacks, keeps what is on file, changes
nothing when a source fails, and tells managers beforehand what is missing."""

from datetime import date
from pathlib import Path
from unittest.mock import patch

import requests

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DebtRecoveryCommon

RECORDED = Path(__file__).resolve().parent / "data" / "rates"
FETCH = "odoo.addons.debt_recovery.models.debt_interest_rate.requests.get"
HOSTS = {
    "data-api.ecb.europa.eu": "ecb_mro_genericdata.xml",
    "api.statistiken.bundesbank.de": "bbk_su0115_genericdata.xml",
    "www.bankofengland.co.uk": "boe_iudbedr.csv",
}


class FakeResponse:
    def __init__(self, body, status=200):
        self.content = body.encode()
        self.status_code = status
        self.encoding = "utf-8"


def publishers(overrides=None):
    """A stand-in for ``requests.get``: each host answers its recorded response,
    or what ``overrides`` says (a FakeResponse or an exception)."""
    overrides = overrides or {}
    calls = []

    def get(url, **kwargs):
        host = url.split("/")[2]
        calls.append((host, kwargs))
        answer = overrides.get(host)
        if isinstance(answer, Exception):
            raise answer
        return answer or FakeResponse((RECORDED / HOSTS[host]).read_text())

    get.calls = calls
    return get


@tagged("post_install", "-at_install")
class TestReferenceRateUpdate(DebtRecoveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rate = cls.env["debt.interest.rate"]
        cls.env.company.debt_jurisdiction = "eu"
        # Debtors under German and UK law: their letters need those rates too.
        cls.env["res.partner"].create({"name": "Berlin GmbH", "debt_jurisdiction": "de_b2b"})
        cls.env["res.partner"].create({"name": "Leeds Ltd", "debt_jurisdiction": "uk"})
        cls.second_half_2025 = cls.Rate.search([("date_from", "=", "2025-07-01")])

    def _table(self):
        return sorted(
            (r.source, r.date_from, r.date_to, round(r.rate, 3)) for r in self.Rate.search([])
        )

    def _activities(self, prefix):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", self.env.company.partner_id.id),
                ("summary", "=like", prefix + "%"),
            ]
        )

    def test_update_adds_the_half_years_missing_and_keeps_the_rest(self):
        self.assertEqual(len(self.second_half_2025), 3, "the shipped table ends with 2025")
        expected = {r.source: round(r.rate, 3) for r in self.second_half_2025}
        self.second_half_2025.unlink()
        before = self._table()
        fake = publishers()
        with patch(FETCH, fake):
            outcome = self.Rate._debt_update_rates(date(2025, 7, 15))
        self.assertEqual({s: o["added"] for s, o in outcome.items()}, dict.fromkeys(expected, 1))
        self.assertFalse(any(o["conflicts"] or o["error"] for o in outcome.values()), outcome)
        added = self.Rate.search([("date_from", "=", "2025-07-01")])
        self.assertEqual({r.source: round(r.rate, 3) for r in added}, expected)
        self.assertEqual(set(added.mapped("origin")), {"feed"})
        self.assertIn("in force on 2025-06-30", added.filtered(lambda r: r.source == "boe").note)
        after = set(self._table())
        self.assertLessEqual(set(before), after, "nothing on file changed")
        self.assertEqual(
            after - set(before),
            {(r.source, r.date_from, r.date_to, round(r.rate, 3)) for r in added},
        )
        # Redirects are not followed, and every call has a time limit.
        self.assertTrue(all(not kw["allow_redirects"] and kw["timeout"] for _h, kw in fake.calls))
        # Twice: nothing more.
        table = self._table()
        with patch(FETCH, publishers()):
            again = self.Rate._debt_update_rates(date(2025, 7, 15))
        self.assertEqual(self._table(), table)
        self.assertEqual({o["added"] for o in again.values()}, {0})

    def test_a_rate_entered_by_hand_is_kept_and_a_difference_flagged(self):
        ecb = self.second_half_2025.filtered(lambda r: r.source == "ecb")
        ecb.rate = 2.40
        for _run in range(2):
            with patch(FETCH, publishers()):
                outcome = self.Rate._debt_update_rates(date(2025, 7, 15))
        self.assertAlmostEqual(ecb.rate, 2.40)
        self.assertEqual(outcome["ecb"]["conflicts"], 1)
        flags = self._activities("Reference rate differs")
        self.assertIn(self.manager, flags.user_id)
        self.assertEqual(len(flags), len(flags.user_id), "one to-do per manager, not one per run")
        self.assertIn("2.15", str(flags[0].note))
        self.assertNotIn(self.clerk, flags.user_id)

    def test_a_failing_source_changes_nothing_and_the_others_go_on(self):
        self.second_half_2025.unlink()
        before = self._table()
        broken = {
            "data-api.ecb.europa.eu": requests.ConnectionError("Name or service not known"),
            "www.bankofengland.co.uk": FakeResponse("<html><body>Maintenance</body></html>"),
            "api.statistiken.bundesbank.de": FakeResponse("", status=302),
        }
        with patch(FETCH, publishers(broken)):
            outcome = self.Rate._debt_update_rates(date(2025, 7, 15))
        self.assertEqual(self._table(), before)
        self.assertEqual(
            outcome["ecb"]["error"],
            "data-api.ecb.europa.eu could not be reached (is outbound HTTPS allowed?)",
        )
        self.assertIn("DATE,IUDBEDR", outcome["boe"]["error"])
        self.assertIn("HTTP 302", outcome["de_base"]["error"])
        # One source down, the others still update.
        with patch(FETCH, publishers({"data-api.ecb.europa.eu": requests.Timeout("timed out")})):
            outcome = self.Rate._debt_update_rates(date(2025, 7, 15))
        self.assertEqual((outcome["boe"]["added"], outcome["de_base"]["added"]), (1, 1))
        ecb = self.Rate.search([("source", "=", "ecb"), ("date_from", "=", "2025-07-01")])
        self.assertFalse(ecb)

    def test_a_rate_missing_for_the_coming_half_year_is_flagged_beforehand(self):
        """10 December 2025: the recorded feeds do not yet say what applies from
        1 January 2026, and the shipped table ends with 2025."""
        for _run in range(2):
            with patch(FETCH, publishers()):
                self.Rate._debt_update_rates(date(2025, 12, 10))
        missing = self._activities("Reference rate missing")
        period = "2026-01-01 - 2026-06-30"
        self.assertEqual(
            sorted(set(missing.mapped("summary"))),
            [
                f"Reference rate missing: Bank of England base rate {period}",
                f"Reference rate missing: ECB main refinancing operations rate {period}",
                f"Reference rate missing: German base rate (Basiszinssatz) {period}",
            ],
        )
        managers = missing.user_id
        self.assertIn(self.manager, managers)
        self.assertNotIn(self.clerk, managers)
        self.assertEqual(len(missing), 3 * len(managers), "each manager once, whatever the runs")
        # A manager enters the ECB rate by hand: its to-dos close on the next run.
        self.Rate.create(
            {"source": "ecb", "date_from": "2026-01-01", "date_to": "2026-06-30", "rate": 2.15}
        )
        with patch(FETCH, publishers()):
            self.Rate._debt_update_rates(date(2025, 12, 10))
        still = self._activities("Reference rate missing")
        self.assertEqual(len(still), 2 * len(managers))
        self.assertFalse(still.filtered(lambda a: "ECB" in a.summary))

    def test_only_managers_update_and_they_are_told_what_happened(self):
        with self.assertRaises(AccessError), patch(FETCH, publishers()):
            self.Rate.with_user(self.clerk).action_update_from_sources()
        self.second_half_2025.unlink()
        with patch(FETCH, publishers({"data-api.ecb.europa.eu": requests.Timeout("timed out")})):
            action = self.Rate.with_user(self.manager).action_update_from_sources()
        params = action["params"]
        self.assertEqual(params["type"], "warning")
        self.assertIn("data-api.ecb.europa.eu did not answer in time", params["message"])
        self.assertIn("German base rate (Basiszinssatz): 1 added", params["message"])

    def test_the_daily_job_is_scheduled(self):
        cron = self.env.ref("debt_recovery.ir_cron_debt_reference_rates")
        self.assertTrue(cron.active)
        self.assertEqual(cron.code.strip(), "model._cron_update_rates()")
