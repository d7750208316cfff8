from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from debt_core.disputes import dispute_holds_invoice
from debt_core.holds import HOLD_REASONS, hold_reason, holds_escalation

FLAGS = {
    "excluded": "debtor_excluded",
    "insolvency": "insolvent",
    "no_followup": "no_followup",
    "placement": "placed",
    "dispute": "disputed",
    "promise": "promised",
}


def test_no_hold_without_reason():
    assert (
        hold_reason(
            debtor_excluded=False, no_followup=False, placed=False, disputed=False, promised=False
        )
        is None
    )


def test_dispute_beats_promise():
    reason = hold_reason(
        debtor_excluded=False, no_followup=False, placed=False, disputed=True, promised=True
    )
    assert reason == "dispute"


@given(st.fixed_dictionaries({flag: st.booleans() for flag in FLAGS.values()}))
def test_the_first_applicable_reason_wins(flags):
    reason = hold_reason(**flags)
    order = [code for code, _label in HOLD_REASONS]
    applicable = [code for code in order if flags[FLAGS[code]]]
    if not applicable:
        assert reason is None
    else:
        assert reason == applicable[0]
        # nothing of higher precedence applies
        assert not any(flags[FLAGS[code]] for code in order[: order.index(reason)])


def test_dispute_hold_modes():
    def holds(mode, open_amount, disputed):
        return dispute_holds_invoice(
            mode=mode, open_amount=open_amount, disputed_amount=disputed, precision=0.01
        )

    assert holds("invoice", 1000.0, 10.0)
    assert not holds("disputed_amount", 1000.0, 10.0)  # 990 is still collected
    assert holds("disputed_amount", 1000.0, 1000.0)
    assert holds("disputed_amount", 1000.0, 999.999)  # nothing left at cent precision
    assert not holds("invoice", 1000.0, 0.0)


def test_a_promise_holds_escalation_through_its_last_day_only():
    day = date(2026, 3, 15)
    assert holds_escalation("promise", day, day)
    assert not holds_escalation("promise", date(2026, 3, 14), day)
    assert holds_escalation("dispute", date(2026, 3, 14), day)  # other holds do not lapse
    assert not holds_escalation(None, None, day)
