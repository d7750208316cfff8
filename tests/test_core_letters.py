"""Letter kinds and the EPC bank-transfer QR payload."""

from decimal import Decimal as D

from debt_core.letters import PHASE_LETTER, epc_qr_payload, iban_is_valid
from debt_core.stages import PHASES

# The example IBANs published by the national banks / ECBS registry.
DE_IBAN = "DE89 3704 0044 0532 0130 00"
BE_IBAN = "BE71096123456769"


def test_every_phase_has_a_letter():
    assert set(PHASE_LETTER) == {code for code, _label in PHASES}


def test_iban_check_digits():
    assert iban_is_valid(DE_IBAN)
    assert iban_is_valid(BE_IBAN)
    assert not iban_is_valid("DE89 3704 0044 0532 0130 01")  # one digit off
    assert not iban_is_valid("GB00")
    assert not iban_is_valid("")


def test_epc_payload_layout():
    payload = epc_qr_payload(
        name="YourCompany",
        iban=DE_IBAN,
        bic="COBADEFFXXX",
        amount=D("1234.5"),
        currency="EUR",
        remittance="INV/2026/00001 INV/2026/00002",
    )
    assert payload.split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "COBADEFFXXX",
        "YourCompany",
        "DE89370400440532013000",
        "EUR1234.50",
        "",
        "",
        "INV/2026/00001 INV/2026/00002",
    ]
    assert len(payload.encode()) <= 331  # the format's limit


def test_epc_payload_only_where_the_format_applies():
    args = dict(name="X", iban=DE_IBAN, bic="", remittance="r")
    assert epc_qr_payload(amount=D("10"), currency="GBP", **args) is None
    assert epc_qr_payload(amount=D("0"), currency="EUR", **args) is None
    assert epc_qr_payload(amount=D("1000000000"), currency="EUR", **args) is None
    assert epc_qr_payload(amount=D("10"), currency="EUR", **{**args, "iban": "DE00123"}) is None


def test_epc_payload_truncates_long_texts():
    payload = epc_qr_payload(
        name="N" * 100, iban=BE_IBAN, bic="", amount=D("1"), currency="EUR", remittance="R" * 300
    )
    lines = payload.split("\n")
    assert len(lines[5]) == 70 and len(lines[10]) == 140


def test_a_letter_cites_only_letters_actually_sent():
    from debt_core.letters import prior_letter

    assert prior_letter("handover", {"courtesy", "reminder", "demand", "final"}) == "final"
    # No final notice went out: the hand-over notice must not say "despite our final notice".
    assert prior_letter("handover", {"reminder", "demand"}) == "demand"
    assert prior_letter("handover", {"courtesy"}) == "reminder"
    assert prior_letter("handover", set()) is None
    assert prior_letter("final", {"final", "reminder"}) == "reminder"
    assert prior_letter("demand", {"demand"}) is None
    assert prior_letter("demand", {"reminder"}) == "reminder"
    assert prior_letter("reminder", {"reminder"}) is None
