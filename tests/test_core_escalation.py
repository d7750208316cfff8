from hypothesis import given
from hypothesis import strategies as st

from debt_core.escalation import (
    MAX_DAYS,
    MIN_DAYS,
    StageRule,
    gate,
    next_stage,
    ordered,
    stage_for,
    transition_table,
)
from debt_core.stages import PHASE_ORDER, entered_by_placement, entered_by_write_off

# The shipped ladder, with made-up ids.
PREV, REM1, REM2, DEMAND, FINAL, AGENCY, COURT, ENFORCE, WRITEOFF = range(101, 110)
LADDER = [
    StageRule(PREV, 10, True, -3),
    StageRule(REM1, 20, True, 1),
    StageRule(REM2, 30, True, 15),
    StageRule(DEMAND, 40, True, 30),
    StageRule(FINAL, 50, True, 60),
    StageRule(AGENCY, 60, True, 90, requires_approval=True),
    StageRule(COURT, 70, False, 0, requires_approval=True),
    StageRule(ENFORCE, 80, False, 0, requires_approval=True),
    StageRule(WRITEOFF, 90, False, 0, requires_approval=True),
]
POSITION = {rule.stage_id: i for i, rule in enumerate(ordered(LADDER))}


def test_thresholds_at_every_boundary():
    expected = {
        -10: None,
        -4: None,
        -3: PREV,
        0: PREV,
        1: REM1,
        14: REM1,
        15: REM2,
        29: REM2,
        30: DEMAND,
        31: DEMAND,
        59: DEMAND,
        60: FINAL,
        89: FINAL,
        90: AGENCY,
        91: AGENCY,
        5000: AGENCY,
    }
    assert {days: stage_for(days, LADDER) for days in expected} == expected


def test_segment_offset_shifts_every_threshold():
    assert stage_for(30, LADDER, offset=7) == REM2  # slower pace
    assert stage_for(37, LADDER, offset=7) == DEMAND
    assert stage_for(20, LADDER, offset=-10) == DEMAND  # faster pace


def test_approval_gating():
    # Far overdue in Final notice: the agency stage needs a manager.
    assert gate(FINAL, AGENCY, LADDER) == (FINAL, AGENCY)
    # Jumping from nothing to 120 days: stops on the stage before approval.
    assert gate(None, AGENCY, LADDER) == (FINAL, AGENCY)
    assert gate(AGENCY, AGENCY, LADDER) == (AGENCY, None)
    assert gate(REM1, FINAL, LADDER) == (FINAL, None)


def test_never_back_and_manual_stages_stay():
    assert gate(DEMAND, REM1, LADDER) == (DEMAND, None)
    assert gate(COURT, AGENCY, LADDER) == (COURT, None)
    assert gate(AGENCY, AGENCY, LADDER) == (AGENCY, None)
    assert gate(REM1, None, LADDER) == (REM1, None)


def lookup(table, segment, current, days):
    rows = [
        t
        for t in table
        if (t.segment, t.current_stage_id) == (segment, current) and t.days_from <= days < t.days_to
    ]
    assert len(rows) <= 1
    return (rows[0].new_stage_id, rows[0].proposed_stage_id) if rows else (current, None)


OFFSETS = {None: 0, "first_time": 7, "bad_debt": -10}
TABLE = transition_table(LADDER, OFFSETS)
days_st = st.integers(min_value=-400, max_value=400)
current_st = st.sampled_from([None, *[r.stage_id for r in LADDER]])
segment_st = st.sampled_from(list(OFFSETS))


@given(segment=segment_st, current=current_st, days=days_st)
def test_table_matches_the_rules(segment, current, days):
    direct = gate(current, stage_for(days, LADDER, OFFSETS[segment]), LADDER)
    assert lookup(TABLE, segment, current, days) == direct


@given(segment=segment_st, current=current_st, days=days_st, later=st.integers(0, 400))
def test_stage_is_monotone_in_days(segment, current, days, later):
    def rank(stage):
        return -1 if stage is None else POSITION[stage]

    now, _ = lookup(TABLE, segment, current, days)
    after, _ = lookup(TABLE, segment, current, days + later)
    assert rank(after) >= rank(now) >= rank(current)


@given(current=current_st, days=days_st)
def test_never_enters_an_approval_stage_by_itself(current, days):
    new, proposed = gate(current, stage_for(days, LADDER), LADDER)
    if new != current:
        assert not next(r for r in LADDER if r.stage_id == new).requires_approval
    if proposed is not None:
        assert next(r for r in LADDER if r.stage_id == proposed).requires_approval


def test_table_is_small_and_covers_all_days():
    assert len(TABLE) < 200
    for row in TABLE:
        assert MIN_DAYS <= row.days_from < row.days_to <= MAX_DAYS


def test_next_stage_after_a_broken_promise():
    assert next_stage(None, LADDER) == (PREV, None)
    assert next_stage(REM1, LADDER) == (REM2, None)
    assert next_stage(FINAL, LADDER) == (FINAL, AGENCY)  # approval: proposed only
    assert next_stage(AGENCY, LADDER) == (AGENCY, None)  # top of the automatic ladder
    assert next_stage(COURT, LADDER) == (COURT, None)  # entered by decision: stays


def test_stages_entered_by_a_decision_only():
    assert [p for p in PHASE_ORDER if entered_by_placement(p)] == ["agency"]
    assert [p for p in PHASE_ORDER if entered_by_write_off(p)] == ["closed"]
