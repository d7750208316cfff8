"""Each rule the daily run applies in SQL has a Python function in ``core`` and
an SQL twin beside it: both must give the same answer on the same cases."""

from datetime import date, timedelta
from itertools import product

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..core.escalation import (
    CLOSED_ON_SQL,
    ENDS_STAY_SQL,
    RUN_PROPOSAL_SQL,
    RUN_STAGE_SQL,
    STARTS_STAY_SQL,
    closed_on,
    ends_stay,
    run_proposal,
    run_stage,
    starts_stay,
)
from ..core.holds import HOLDS_ESCALATION_SQL, holds_escalation
from ..core.promises import PROMISE_HOLDS_UNTIL_SQL, promise_holds_until

DAY = date(2026, 3, 15)
DATES = [None, DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)]
STAGES = [None, 1, 2]
BOOLS = [False, True]
STAY = {"old": ("int", STAGES), "new": ("int", STAGES), "closed": ("date", DATES)}


def _stay(function):
    def call(v):
        return function(
            old_stage_id=v["old"],
            new_stage_id=v["new"],
            is_open=v["is_open"],
            closed_date=v["closed"],
        )

    return call


# rule: (python on a row, its SQL twin, {column: (type, values)}, extra SQL parameters)
TWINS = {
    "holds_escalation": (
        lambda v: holds_escalation(v["hold"], v["until"], DAY),
        HOLDS_ESCALATION_SQL,
        {"hold": ("varchar", [None, "promise", "dispute", "excluded"]), "until": ("date", DATES)},
        {"day": DAY},
    ),
    "run_stage": (
        lambda v: run_stage(
            is_open=v["is_open"],
            held=v["held"],
            current_stage_id=v["current"],
            target_stage_id=v["target"],
        ),
        RUN_STAGE_SQL,
        {
            "is_open": ("bool", BOOLS),
            "held": ("bool", BOOLS),
            "current": ("int", STAGES),
            "target": ("int", [None, 1, 3]),
        },
        {},
    ),
    "run_proposal": (
        lambda v: run_proposal(
            is_open=v["is_open"],
            held=v["held"],
            proposed_stage_id=v["proposed"],
            declined_stage_id=v["declined"],
        ),
        RUN_PROPOSAL_SQL,
        {
            "is_open": ("bool", BOOLS),
            "held": ("bool", BOOLS),
            "proposed": ("int", [None, 4, 5]),
            "declined": ("int", [None, 4]),
        },
        {},
    ),
    "starts_stay": (_stay(starts_stay), STARTS_STAY_SQL, {**STAY, "is_open": ("bool", BOOLS)}, {}),
    "ends_stay": (_stay(ends_stay), ENDS_STAY_SQL, {**STAY, "is_open": ("bool", BOOLS)}, {}),
    "closed_on": (
        lambda v: closed_on(
            is_open=v["is_open"], new_stage_id=v["new"], closed_date=v["closed"], day=DAY
        ),
        CLOSED_ON_SQL,
        {"is_open": ("bool", BOOLS), "new": ("int", STAGES), "closed": ("date", DATES)},
        {"day": DAY},
    ),
}


@tagged("post_install", "-at_install")
class TestRuleTwins(TransactionCase):
    def _evaluate(self, fragment, columns, rows, params):
        """``fragment`` evaluated by PostgreSQL on each row, in order."""
        names = list(columns)
        arrays = SQL(", ").join(
            SQL("%s::%s[]", [row[name] for row in rows], SQL(columns[name][0])) for name in names
        )
        aliases = SQL(", ").join(SQL.identifier(name) for name in [*names, "n"])
        inputs = {name: SQL.identifier("c", name) for name in names}
        query = SQL(
            "SELECT %s FROM unnest(%s) WITH ORDINALITY AS c(%s) ORDER BY c.n",
            SQL(fragment, **inputs, **params),
            arrays,
            aliases,
        )
        return [value for (value,) in self.env.execute_query(query)]

    def test_python_and_sql_agree(self):
        for rule, (python, fragment, columns, params) in TWINS.items():
            rows = [
                dict(zip(columns, values, strict=True))
                for values in product(*(values for _type, values in columns.values()))
            ]
            with self.subTest(rule=rule):
                expected = [python(row) for row in rows]
                got = self._evaluate(fragment, columns, rows, params)
                mismatches = [
                    (row, want, have)
                    for row, want, have in zip(rows, expected, got, strict=True)
                    if want != have
                ]
                self.assertFalse(mismatches, f"{rule}: (case, python, sql)")

    def test_promise_holds_until(self):
        cases = [(DAY, 0), (DAY, 3), (date(2026, 2, 27), 2), (date(2024, 2, 28), 1)]
        query = SQL(
            "SELECT %s FROM unnest(%s::date[], %s::int[]) AS c(promised_date, tolerance_days)",
            SQL(PROMISE_HOLDS_UNTIL_SQL, pr=SQL.identifier("c")),
            [day for day, _ in cases],
            [days for _, days in cases],
        )
        got = [value for (value,) in self.env.execute_query(query)]
        self.assertEqual(got, [promise_holds_until(day, days) for day, days in cases])
