"""Collection letters: which letter a stage sends, and the bank-transfer QR code.

The QR code follows the European Payments Council's "SEPA Credit Transfer"
format (EPC069-12, version 002), which banking apps in the euro area read to
prefill a transfer: beneficiary, IBAN, amount and remittance text.
"""

from decimal import Decimal

LETTER_KINDS = [
    ("courtesy", "Courtesy reminder"),
    ("reminder", "Payment reminder"),
    ("demand", "Formal demand"),
    ("final", "Final notice"),
    ("handover", "Notice of hand-over"),
]
# What a stage's letter says when its manager has not chosen: by its phase.
PHASE_LETTER = {
    "preventive": "courtesy",
    "administrative": "reminder",
    "extrajudicial": "demand",
    "agency": "handover",
    "judicial": "handover",
    "enforcement": "handover",
    "closed": "demand",
}
# Letters that claim interest and compensation when printed by hand (from a
# stage, a letter claims them if the stage says so).
CLAIMING_KINDS = {"demand", "final", "handover"}
# The letters a letter may say came before it ("despite our final notice"),
# most formal first. A reminder's wording cites none.
_FORMALITY = ("final", "demand", "reminder", "courtesy")
# Whom a debtor pays once the debt is with an agency.
DEBTOR_PAYS = [
    ("creditor", "The creditor, as before"),
    ("agency", "The agency or law firm"),
]


def prior_letter(kind: str, sent_kinds) -> str | None:
    """The most formal letter actually sent before a ``kind`` letter, which its
    wording may cite; None: the letter must not claim any came before.

    ``sent_kinds`` are the letter kinds of the stages of the contacts made
    about the same invoices. A courtesy reminder counts as a reminder.
    """
    if kind not in ("demand", "final", "handover"):
        return None
    earlier = _FORMALITY[_FORMALITY.index(kind) + 1 :] if kind != "handover" else _FORMALITY
    for candidate in earlier:
        if candidate in sent_kinds:
            return "reminder" if candidate == "courtesy" else candidate
    return None


_EPC_MAX_AMOUNT = Decimal("999999999.99")


def iban_is_valid(iban: str) -> bool:
    """ISO 13616 check: country, check digits, and the mod-97 remainder of 1."""
    iban = (iban or "").replace(" ", "").upper()
    if not (15 <= len(iban) <= 34) or not iban.isalnum() or not iban[:2].isalpha():
        return False
    digits = "".join(str(int(char, 36)) for char in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def epc_qr_payload(
    *, name: str, iban: str, bic: str, amount: Decimal, currency: str, remittance: str
) -> str | None:
    """The text of an EPC transfer QR code, or None where the format does not
    apply (not euros, an invalid IBAN, an amount out of its range)."""
    iban = (iban or "").replace(" ", "").upper()
    if currency != "EUR" or not iban_is_valid(iban):
        return None
    if not Decimal("0.01") <= amount <= _EPC_MAX_AMOUNT:
        return None
    lines = [
        "BCD",
        "002",
        "1",  # UTF-8
        "SCT",
        (bic or "").replace(" ", "").upper(),
        (name or "")[:70],
        iban,
        f"EUR{amount.quantize(Decimal('0.01'))}",
        "",  # purpose
        "",  # structured reference: none, the remittance text names the invoices
        (remittance or "")[:140],
    ]
    return "\n".join(lines)
