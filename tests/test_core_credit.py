"""debt_recovery_sale's credit decision, without Odoo."""

import ast
from datetime import date, timedelta

from conftest import CORES
from debt_sale_core.credit import (
    RULE_KINDS,
    CreditRule,
    DebtorCredit,
    Release,
    evaluate,
    release_applies,
)
from hypothesis import given
from hypothesis import strategies as st

TODAY = date(2026, 6, 15)
LIMIT = CreditRule(1, "credit_limit", "block")


def test_sale_core_never_imports_odoo():
    path = CORES["debt_sale_core"]
    for file in path.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text())):
            if isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] != "odoo" for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                assert (node.module or "").split(".")[0] != "odoo"


def test_under_the_limit_nothing_fires():
    debtor = DebtorCredit(receivables=600.0, orders=300.0, limit=1000.0)
    decision = evaluate(debtor, [LIMIT], today=TODAY, new_amount=100.0)
    assert decision.findings == ()
    assert not decision.blocked
    assert decision.exposure == 1000.0


def test_over_the_limit_blocks_with_figures():
    debtor = DebtorCredit(receivables=600.0, orders=300.0, limit=1000.0)
    decision = evaluate(debtor, [LIMIT], today=TODAY, new_amount=100.01)
    assert decision.blocked
    (finding,) = decision.blocking
    assert finding.kind == "credit_limit"
    assert finding.figures == {
        "exposure": 1000.01,
        "limit": 1000.0,
        "excess": 0.01,
        "receivables": 600.0,
        "orders": 300.0,
        "new_amount": 100.01,
    }


def test_no_limit_means_no_credit_limit_check():
    debtor = DebtorCredit(receivables=10**9, limit=0.0)
    assert not evaluate(debtor, [LIMIT], today=TODAY, new_amount=1.0).findings


def test_rounding_noise_does_not_fire():
    debtor = DebtorCredit(receivables=0.1 + 0.2, limit=0.3)
    assert not evaluate(debtor, [LIMIT], today=TODAY).findings


def test_stage_reached_fires_at_and_after_the_stage():
    rule = CreditRule(2, "stage_reached", "block", stage_sequence=30)
    for sequence, fires in ((20, False), (30, True), (40, True), (None, False)):
        debtor = DebtorCredit(worst_stage_id=7, worst_stage_sequence=sequence)
        decision = evaluate(debtor, [rule], today=TODAY)
        assert decision.blocked is fires
        if fires:
            assert decision.findings[0].figures == {"stage_id": 7}


def test_broken_promise_within_days():
    rule = CreditRule(3, "broken_promise", "block", days=30)
    recent = DebtorCredit(last_broken_promise=TODAY - timedelta(days=30))
    old = DebtorCredit(last_broken_promise=TODAY - timedelta(days=31))
    assert evaluate(recent, [rule], today=TODAY).blocked
    assert not evaluate(old, [rule], today=TODAY).findings
    assert not evaluate(DebtorCredit(), [rule], today=TODAY).findings


def test_segment_placed_insolvent():
    rules = [
        CreditRule(4, "segment", "block", segments=frozenset({"bad_debt", "no_return"})),
        CreditRule(5, "placed", "block"),
        CreditRule(6, "insolvent", "block"),
    ]
    assert not evaluate(DebtorCredit(segment="lethargic"), rules, today=TODAY).findings
    bad = evaluate(DebtorCredit(segment="bad_debt"), rules, today=TODAY)
    kinds = [f.kind for f in bad.findings]
    assert kinds == ["segment"]
    both = DebtorCredit(placed=True, insolvent=True)
    assert [f.kind for f in evaluate(both, rules, today=TODAY).findings] == ["placed", "insolvent"]


def test_warn_only_never_blocks():
    rule = CreditRule(1, "credit_limit", "warn")
    decision = evaluate(DebtorCredit(receivables=2000.0, limit=1000.0), [rule], today=TODAY)
    assert decision.findings and not decision.blocking and not decision.blocked
    assert decision.warnings[0].kind == "credit_limit"


def test_exempt_debtor_fires_nothing():
    debtor = DebtorCredit(receivables=2000.0, limit=1000.0, insolvent=True, exempt=True)
    rules = [LIMIT, CreditRule(6, "insolvent", "block")]
    assert evaluate(debtor, rules, today=TODAY).findings == ()


def test_unknown_kind_is_an_error():
    try:
        evaluate(DebtorCredit(), [CreditRule(9, "astrology")], today=TODAY)
    except ValueError:
        return
    raise AssertionError("an unknown kind must not pass silently")


def test_every_kind_is_decided():
    rules = [CreditRule(i, code) for i, (code, _label) in enumerate(RULE_KINDS)]
    evaluate(DebtorCredit(), rules, today=TODAY)  # no ValueError


def test_release_of_a_document_covers_it_only():
    release = Release(1, documents=frozenset({"sale.order,5"}))
    debtor = DebtorCredit(receivables=2000.0, limit=1000.0)
    on_order = evaluate(
        debtor, [LIMIT], today=TODAY, releases=[release], documents=frozenset({"sale.order,5"})
    )
    assert on_order.blocking and not on_order.blocked and on_order.release_id == 1
    other = evaluate(
        debtor, [LIMIT], today=TODAY, releases=[release], documents=frozenset({"sale.order,6"})
    )
    assert other.blocked and other.release_id is None


def test_debtor_release_until_a_date():
    release = Release(2, debtor_wide=True, until=TODAY)
    assert release_applies(release, today=TODAY, exposure=10**6, documents=frozenset())
    assert not release_applies(
        release, today=TODAY + timedelta(days=1), exposure=0.0, documents=frozenset()
    )


def test_debtor_release_up_to_an_amount():
    release = Release(3, debtor_wide=True, up_to=5000.0)
    debtor = DebtorCredit(receivables=4000.0, limit=1000.0)
    assert not evaluate(debtor, [LIMIT], today=TODAY, new_amount=1000.0, releases=[release]).blocked
    assert evaluate(debtor, [LIMIT], today=TODAY, new_amount=1000.01, releases=[release]).blocked


def test_release_keeps_warnings():
    rules = [LIMIT, CreditRule(6, "insolvent", "warn")]
    debtor = DebtorCredit(receivables=2000.0, limit=1000.0, insolvent=True)
    decision = evaluate(debtor, rules, today=TODAY, releases=[Release(1, debtor_wide=True)])
    assert not decision.blocked and [f.kind for f in decision.warnings] == ["insolvent"]


money = st.decimals(min_value=0, max_value=10**7, places=2).map(float)


@given(receivables=money, orders=money, new=money, limit=money)
def test_limit_fires_exactly_when_exposure_exceeds_it(receivables, orders, new, limit):
    debtor = DebtorCredit(receivables=receivables, orders=orders, limit=limit)
    decision = evaluate(debtor, [LIMIT], today=TODAY, new_amount=new)
    expected = limit > 0 and round(receivables + orders + new - limit, 2) > 0
    assert decision.blocked is expected
