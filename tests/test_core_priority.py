"""The worklist priority: bounds, order between typical debtors, monotony."""

from hypothesis import given
from hypothesis import strategies as st

from debt_core.priority import (
    MAX_REASONS,
    NEXT_ACTIONS,
    REASON_CODES,
    WORKLIST_STATES,
    Debtor,
    next_action,
    priority,
    reasons,
    worklist_state,
)


def debtor(**kw):
    base = dict(
        overdue_amount=5000.0,
        days_late=30,
        score=50,
        broken_promises=0,
        due_today=False,
        on_hold=False,
    )
    return Debtor(**{**base, **kw})


def test_nothing_overdue_is_zero():
    assert priority(debtor(overdue_amount=0)) == 0


def test_typical_order():
    big_old_risky = debtor(overdue_amount=80000, days_late=150, score=10, broken_promises=2)
    medium = debtor()
    small_fresh_good = debtor(overdue_amount=120, days_late=3, score=95)
    assert priority(big_old_risky) > priority(medium) > priority(small_fresh_good) > 0
    assert priority(big_old_risky) >= 80  # all it can get without a task due today: 85


def test_callback_due_today_lifts_the_debtor():
    assert priority(debtor(due_today=True)) - priority(debtor()) == 15


def test_debtor_on_hold_sinks():
    assert priority(debtor(on_hold=True)) < priority(debtor(overdue_amount=200, days_late=5))


def test_unscored_debtor_counts_as_average():
    assert priority(debtor(score=None)) == priority(debtor(score=50))


amounts = st.floats(1, 10**7, allow_nan=False)
days = st.integers(0, 1000)
scores = st.integers(0, 100)


@given(amounts, days, scores, st.integers(0, 5), st.booleans(), st.booleans())
def test_bounds(amount, late, score, broken, due, hold):
    value = priority(
        debtor(
            overdue_amount=amount,
            days_late=late,
            score=score,
            broken_promises=broken,
            due_today=due,
            on_hold=hold,
        )
    )
    assert 1 <= value <= 100


@given(amounts, amounts, days, days, scores)
def test_more_owed_for_longer_never_ranks_lower(a1, a2, d1, d2, score):
    low = debtor(overdue_amount=min(a1, a2), days_late=min(d1, d2), score=score)
    high = debtor(overdue_amount=max(a1, a2), days_late=max(d1, d2), score=score)
    assert priority(high) >= priority(low)


# --- the row that explains itself: state, reasons, next action ---


def test_states_in_order_of_precedence():
    assert worklist_state(debtor()) == "todo"
    assert worklist_state(debtor(on_hold=True)) == "held"
    assert worklist_state(debtor(on_hold=True, placed=True)) == "placed"
    assert worklist_state(debtor(placed=True, phase="closed")) == "written_off"
    assert worklist_state(debtor(phase="closed", insolvent=True)) == "insolvent"


def test_placed_debtor_with_a_task_due_is_not_first():
    # Issue 16: a debtor just placed with an agency topped the clerk's list.
    placed = debtor(overdue_amount=80000, days_late=150, on_hold=True, placed=True, due_today=True)
    assert priority(placed) < priority(debtor(overdue_amount=300, days_late=5))


def test_reasons_of_a_debtor_in_formal_demand():
    row = debtor(phase="extrajudicial", stage_days=12, broken_promises=1, due_today=True)
    assert reasons(row) == [("call_due", None), ("broken_promise", 1), ("in_stage", 12)]
    assert next_action(row) == "do_task"


def test_reasons_say_why_held_first():
    assert reasons(debtor(on_hold=True))[0] == ("on_hold", None)
    assert reasons(debtor(on_hold=True, placed=True))[0] == ("placed", None)
    assert next_action(debtor(on_hold=True)) == "wait"
    assert next_action(debtor(on_hold=True, placed=True, due_today=True)) == "follow_placement"
    assert next_action(debtor(insolvent=True)) == "none"


def test_next_action_along_the_ladder():
    assert next_action(debtor(phase="administrative", stage_days=3)) == "remind"
    assert next_action(debtor(phase="administrative", overdue_amount=20000)) == "call"
    assert next_action(debtor(broken_promises=1)) == "call"
    assert next_action(debtor(phase="extrajudicial", stage_days=5)) == "call"
    assert next_action(debtor(phase="extrajudicial", stage_days=45)) == "propose_escalation"


@given(amounts, days, st.one_of(st.none(), scores), st.integers(0, 5), st.booleans(), st.booleans())
def test_reasons_are_known_codes_and_few(amount, late, score, broken, due, hold):
    row = debtor(
        overdue_amount=amount,
        days_late=late,
        score=score,
        broken_promises=broken,
        due_today=due,
        on_hold=hold,
    )
    found = reasons(row)
    assert 1 <= len(found) <= MAX_REASONS
    assert all(code in REASON_CODES for code, _figure in found)
    assert next_action(row) in NEXT_ACTIONS
    assert worklist_state(row) in dict(WORKLIST_STATES)
