from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from debt_core.claim import (
    NOT_CLAIMED_REASONS,
    Credit,
    Invoice,
    claim,
    credit_allocation,
    credit_kind,
    hold_of,
)

D = Decimal
TODAY = date(2026, 12, 1)


def inv(move_id, residual, days_late=30, **kwargs):
    return Invoice(move_id, D(residual), TODAY - timedelta(days=days_late), **kwargs)


def test_issue_14_held_invoices_are_not_claimed():
    """1,000.00 free, 7,777.77 disputed (whole), 5,555.55 promised: 1,000.00 claimed."""
    result = claim(
        [
            inv(1, "1000.00", interest=D("12.34"), fees=D("40.00")),
            inv(2, "7777.77", disputed=D("100.00"), dispute_whole=True, interest=D("99.99")),
            inv(3, "5555.55", promise_until=TODAY + timedelta(days=3), interest=D("50.00")),
        ],
        on=TODAY,
    )
    assert result.total == D("1052.34")
    assert [(n.move_id, n.amount, n.reason) for n in result.not_claimed] == [
        (2, D("7777.77"), "dispute"),
        (3, D("5555.55"), "promise"),
    ]
    assert result.claimed_move_ids == [1]


def test_partial_dispute_holds_its_amount_only():
    result = claim([inv(1, "1000.00", disputed=D("250.00"), interest=D("10.00"))], on=TODAY)
    (line,) = result.lines
    assert (line.held, line.claimable, line.reason) == (D("250.00"), D("750.00"), "dispute")
    assert line.interest == D("7.50")  # on the claimable share
    assert result.total == D("757.50")


def test_promise_holds_until_its_date_plus_tolerance():
    promised = inv(1, "100.00", promise_until=TODAY)
    assert claim([promised], on=TODAY).total == 0
    assert claim([promised], on=TODAY + timedelta(days=1)).total == D("100.00")


def test_placement_holds_except_on_the_hand_over_notice():
    placed = inv(1, "100.00", placed=True)
    assert hold_of(placed, TODAY) == (D("100.00"), "placement")
    assert claim([placed], on=TODAY).total == 0
    assert claim([placed], on=TODAY, placement_holds=False).total == D("100.00")


def test_insolvency_holds_except_on_the_statement_of_claim():
    insolvent = inv(1, "100.00", insolvent=True, interest=D("3.00"), fees=D("40.00"))
    disputed = inv(2, "50.00", insolvent=True, disputed=D("50.00"))
    assert hold_of(insolvent, TODAY) == (D("100.00"), "insolvency")
    assert claim([insolvent, disputed], on=TODAY).total == 0
    lodged = claim([insolvent, disputed], on=TODAY, insolvency_holds=False)
    assert lodged.total == D("143.00")  # other holds still hold: the dispute
    assert [(n.move_id, n.reason) for n in lodged.not_claimed] == [(2, "dispute")]


def test_credits_oldest_invoice_first_then_charges():
    result = claim(
        [
            inv(2, "300.00", days_late=10, interest=D("1.00")),
            inv(1, "200.00", days_late=40, interest=D("5.00")),
        ],
        [Credit(7, D("450.00"), "credit_note", TODAY), Credit(8, D("100.00"), "payment")],
        on=TODAY,
    )
    assert [(line.move_id, line.credited) for line in result.lines] == [
        (1, D("205.00")),
        (2, D("301.00")),
    ]
    # The undated payment is the oldest credit: spent first.
    assert [(use.credit.ref, use.applied) for use in result.credits] == [
        (8, D("100.00")),
        (7, D("406.00")),
    ]
    assert result.total == 0
    assert result.credit_left == D("44.00")


def test_credits_never_reduce_what_is_held():
    result = claim(
        [inv(1, "100.00"), inv(2, "500.00", excluded=True)],
        [Credit(9, D("150.00"))],
        on=TODAY,
    )
    assert result.total == 0
    assert result.credit_applied == D("100.00")
    assert result.credit_left == D("50.00")
    assert result.not_claimed[0].reason == "excluded"


def test_below_the_minimum_nothing_is_claimed():
    result = claim([inv(1, "30.00"), inv(2, "15.00")], on=TODAY, minimum=D("50.00"))
    assert result.below_minimum
    assert result.total == 0
    assert {n.reason for n in result.not_claimed} == {"below_minimum"}
    at_minimum = claim([inv(1, "30.00"), inv(2, "20.00")], on=TODAY, minimum=D("50.00"))
    assert not at_minimum.below_minimum
    assert at_minimum.total == D("50.00")


def test_nothing_to_claim_is_not_below_the_minimum():
    result = claim([inv(1, "30.00", no_followup=True)], on=TODAY, minimum=D("50.00"))
    assert (result.total, result.below_minimum) == (0, False)


cents = st.integers(min_value=1, max_value=10_000_000).map(lambda c: D(c) / 100)
small_cents = st.integers(min_value=0, max_value=100_000).map(lambda c: D(c) / 100)
invoices = st.lists(
    st.builds(
        Invoice,
        move_id=st.integers(1, 10_000),
        residual=cents,
        due_date=st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2027, 1, 1))),
        disputed=st.one_of(st.just(D(0)), cents),
        dispute_whole=st.booleans(),
        promise_until=st.one_of(st.none(), st.dates(date(2026, 11, 1), date(2027, 1, 1))),
        placed=st.booleans(),
        excluded=st.booleans(),
        insolvent=st.booleans(),
        no_followup=st.booleans(),
        interest=small_cents,
        fees=st.sampled_from([D(0), D(40)]),
    ),
    max_size=8,
    unique_by=lambda i: i.move_id,
)
credits = st.lists(
    st.builds(
        Credit,
        ref=st.integers(1, 10_000),
        amount=cents,
        when=st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2027, 1, 1))),
    ),
    max_size=4,
    unique_by=lambda c: c.ref,
)


@given(invoices, credits, st.sampled_from([D(0), D(50), D(5000)]), st.booleans())
def test_the_claim_adds_up(invoices, credits, minimum, placement_holds):
    result = claim(invoices, credits, on=TODAY, minimum=minimum, placement_holds=placement_holds)
    assert result.total == result.claimable + result.interest + result.fees - result.credit_applied
    assert result.total >= 0
    assert all(line.due >= 0 for line in result.lines)
    # No held amount in the total: what is claimed of each invoice is at most
    # its open amount less what holds it, and a wholly held one adds nothing.
    for line in result.lines:
        assert line.held + line.claimable <= line.open
        if line.held == line.open:
            assert line.due == 0 and line.interest == 0 and line.fees == 0
    free = sum((line.open - line.held for line in result.lines), D(0))
    charges = sum((line.interest + line.fees for line in result.lines), D(0))
    assert result.total <= free + charges
    # Credits: never more applied than they hold, nor than was claimable.
    assert result.credit_applied + result.credit_left == sum((c.amount for c in credits), D(0))
    assert result.total < minimum or result.total == 0 or not result.below_minimum
    if result.below_minimum:
        assert result.total == 0
    # The interest is computed with the credits each invoice's principal gets:
    # the allocation is the claim's own.
    allocation = credit_allocation(invoices, credits, on=TODAY, placement_holds=placement_holds)
    if not result.below_minimum:
        for line in result.lines:
            given = sum((taken for _credit, taken in allocation.get(line.move_id, ())), D(0))
            assert given == min(line.credited, line.claimable)
    held = {n.move_id: n.reason for n in result.not_claimed if n.reason != "below_minimum"}
    codes = {code for code, _label in NOT_CLAIMED_REASONS}
    assert set(held.values()) <= codes
    assert held == {line.move_id: line.reason for line in result.lines if line.held}


def test_credit_allocation_names_the_credit_and_its_date():
    """A payment on account of 250.00 received on 1 November goes to the
    oldest invoice (200.00) then 50.00 to the next: their interest stops on
    those amounts that day. A held invoice gets none."""
    received = date(2026, 11, 1)
    payment = Credit(8, D("250.00"), "payment", received)
    allocation = credit_allocation(
        [
            inv(2, "300.00", days_late=10),
            inv(1, "200.00", days_late=40),
            inv(3, "900.00", days_late=60, disputed=D("900.00")),
        ],
        [payment],
        on=TODAY,
    )
    assert allocation == {1: [(payment, D("200.00"))], 2: [(payment, D("50.00"))]}


def test_interest_of_a_share_held_comes_back_when_the_hold_lifts():
    """January was charged on 60 % while 400.00 of 1,000.00 was disputed
    (30.00 of the 50.00 the whole accrued). Still disputed: nothing comes
    back. Dispute down to 200.00: 10.00 comes back. Rejected: 20.00."""
    january = (date(2026, 1, 1), date(2026, 1, 31), D("50.00"), D("30.00"))

    def charged(disputed):
        invoice = inv(1, "1000.00", disputed=D(disputed), interest=D("30.00"), back=(january,))
        (line,) = claim([invoice], on=TODAY).lines
        return line.interest, line.back

    assert charged("400.00") == (D("18.00"), ())
    assert charged("200.00") == (D("34.00"), ((january[0], january[1], D("10.00")),))
    assert charged("0") == (D("50.00"), ((january[0], january[1], D("20.00")),))


def test_a_credit_note_corrects_anything_else_pays():
    assert credit_kind("out_refund") == "credit_note"
    assert [credit_kind(t) for t in ("entry", "out_receipt")] == ["payment", "payment"]
