"""Each rule the daily run applies in SQL has a Python function in ``core`` and
an SQL twin beside it: both must give the same answer on the same cases."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import product

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..core import kpis
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
STAY = {
    "old": ("int", STAGES, "old_stage_id"),
    "new": ("int", STAGES, "new_stage_id"),
    "closed": ("date", DATES, "closed_date"),
    "is_open": ("bool", BOOLS, "is_open"),
}
RUN = {"is_open": ("bool", BOOLS, "is_open"), "held": ("bool", BOOLS, "held")}

# rule: (python function, its SQL twin, {placeholder: (type, cases, python argument)},
# fixed {placeholder: (value, python argument)})
TWINS = {
    "holds_escalation": (
        holds_escalation,
        HOLDS_ESCALATION_SQL,
        {
            "hold": ("varchar", [None, "promise", "dispute", "excluded"], "hold_reason"),
            "until": ("date", DATES, "promise_until"),
        },
        {"day": (DAY, "day")},
    ),
    "run_stage": (
        run_stage,
        RUN_STAGE_SQL,
        {
            **RUN,
            "current": ("int", STAGES, "current_stage_id"),
            "target": ("int", [None, 1, 3], "target_stage_id"),
        },
        {},
    ),
    "run_proposal": (
        run_proposal,
        RUN_PROPOSAL_SQL,
        {
            **RUN,
            "proposed": ("int", [None, 4, 5], "proposed_stage_id"),
            "declined": ("int", [None, 4], "declined_stage_id"),
        },
        {},
    ),
    "starts_stay": (starts_stay, STARTS_STAY_SQL, STAY, {}),
    "ends_stay": (ends_stay, ENDS_STAY_SQL, STAY, {}),
    "closed_on": (
        closed_on,
        CLOSED_ON_SQL,
        {name: STAY[name] for name in ("is_open", "new", "closed")},
        {"day": (DAY, "day")},
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
        fixed = {name: value for name, (value, _arg) in params.items()}
        query = SQL(
            "SELECT %s FROM unnest(%s) WITH ORDINALITY AS c(%s) ORDER BY c.n",
            SQL(fragment, **inputs, **fixed),
            arrays,
            aliases,
        )
        return [value for (value,) in self.env.execute_query(query)]

    def test_python_and_sql_agree(self):
        for rule, (python, fragment, columns, params) in TWINS.items():
            rows = [
                dict(zip(columns, values, strict=True))
                for values in product(*(values for _type, values, _arg in columns.values()))
            ]
            fixed = {arg: value for value, arg in params.values()}
            with self.subTest(rule=rule):
                expected = [
                    python(**{columns[name][2]: row[name] for name in columns}, **fixed)
                    for row in rows
                ]
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


@tagged("post_install", "-at_install")
class TestKpiTwins(TransactionCase):
    """DSO and CEI as the KPI report computes them in SQL, against core.kpis."""

    CASES = [
        # begin, sales, end, current
        (Decimal(1000), Decimal(3000), Decimal(1500), Decimal(500)),
        (Decimal(0), Decimal(0), Decimal(0), Decimal(0)),  # nothing collectible
        (Decimal(100), Decimal(-200), Decimal(-50), Decimal(0)),  # credit notes outweigh sales
        (Decimal(500), Decimal(0), Decimal(800), Decimal(900)),  # more not due than owed
        (Decimal(200), Decimal(100), Decimal(0), Decimal(0)),  # everything collected
    ]

    def _sql(self, template, **operands):
        values = {name: SQL("%s::numeric", value) for name, value in operands.items()}
        [(result,)] = self.env.execute_query(SQL("SELECT %s", SQL(template, **values)))
        return result

    def test_dso_and_cei_agree(self):
        for begin, sales, end, current in self.CASES:
            with self.subTest(begin=begin, sales=sales, end=end, current=current):
                period = kpis.Period(days=30, begin=begin, sales=sales, end=end, current=current)
                python = kpis.cei(period)
                sql = self._sql(kpis.CEI_SQL, begin=begin, sales=sales, end=end, current=current)
                if python is None:
                    self.assertIsNone(sql)
                else:
                    self.assertAlmostEqual(float(sql), float(python), places=6)
                python = kpis.dso(end, sales, 30)
                sql = self._sql(kpis.DSO_SQL, receivables=end, sales=sales, days=30)
                if python is None:
                    self.assertIsNone(sql)
                else:
                    self.assertAlmostEqual(float(sql), float(python), places=6)
