"""Contact log vocabulary: channels, directions and outcomes."""

import re

CHANNELS = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("letter", "Letter"),
    ("phone", "Phone"),
    ("portal", "Customer portal"),
    ("meeting", "Meeting"),
    ("other", "Other"),
]
# Channels a stage can use for its automatic reminders.
STAGE_CHANNELS = ("email", "sms", "letter", "phone")
STAGE_CHANNEL_SELECTION = [(code, label) for code, label in CHANNELS if code in STAGE_CHANNELS]
DIRECTIONS = [
    ("outbound", "Outbound"),
    ("inbound", "Inbound"),
]
OUTCOMES = [
    ("sent", "Sent"),
    ("scheduled", "Scheduled"),  # a phone task or a letter queued for print
    ("failed", "Failed"),
    ("bounced", "Bounced"),
    ("skipped", "Skipped"),
    ("answered", "Answered"),
    ("no_answer", "No answer"),
    ("promise", "Promise to pay"),
    ("dispute", "Dispute"),
]

SUMMARY_LENGTH = 250
# C0 controls other than tab/newline, DEL and C1 controls: invalid in XML 1.0
# text or meaningless in a one-line summary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def contact_summary(text: str | None) -> str:
    """The one-line summary a contact row keeps: no control characters, no
    line breaks, at most ``SUMMARY_LENGTH`` characters."""
    line = " ".join(_CONTROL.sub("", text or "").split())
    return line[: SUMMARY_LENGTH - 1] + "…" if len(line) > SUMMARY_LENGTH else line


def letter_filename(document: str, debtor: str, day, reference: str | None = None) -> str:
    """The one name every letter PDF gets: document, debtor, reference, day."""
    parts = [document, debtor, reference, day.isoformat()]
    text = " - ".join(p for p in parts if p)
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", text).strip(" .")
    return f"{safe[:180]}.pdf"


# When a written channel's address bounced, the reminder goes on the next of
# these the debtor can be reached on: email, then SMS, then letter.
FALLBACK_CHANNELS = ("email", "sms", "letter")


def permanent_refusals(recipients: dict) -> dict:
    """The addresses a mail server refused for good while sending: a 5xx reply
    to RCPT says what a bounce says later; a 4xx is "try again later".
    ``recipients``: {address: (SMTP code, reply)}, as smtplib gives them;
    returns {address: "code reply"}."""
    refused = {}
    for address, (code, reply) in recipients.items():
        if 500 <= code < 600:
            text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
            refused[address] = f"{code} {text}"
    return refused


def address_bounced(address: str | None, bounced_address: str | None) -> bool:
    """Is the current (normalized) address the one that bounced? A new address
    is valid again, so fixing the address is all it takes."""
    return bool(address and bounced_address) and address == bounced_address


def order_channels(stage_channels, preferred=None, *, bounced=frozenset(), reachable=None) -> tuple:
    """The channels of a stage for one debtor, in the order they are tried.

    The debtor's preferred channel first (when the stage uses it), the others
    in ``STAGE_CHANNELS`` order. A channel in ``bounced`` stays (its skip is
    logged) and, unless another written channel of the stage reaches the
    debtor anyway, the next channel of ``FALLBACK_CHANNELS`` in ``reachable``
    that the stage does not use takes over right after it.
    """
    ordered = sorted(
        dict.fromkeys(stage_channels),
        key=lambda ch: (ch != preferred, STAGE_CHANNELS.index(ch)),
    )
    reachable = frozenset(ordered if reachable is None else reachable) - frozenset(bounced)
    for channel in [ch for ch in ordered if ch in bounced and ch in FALLBACK_CHANNELS]:
        if any(ch in reachable for ch in ordered if ch in FALLBACK_CHANNELS):
            continue  # another written channel of the stage carries the reminder
        after = FALLBACK_CHANNELS[FALLBACK_CHANNELS.index(channel) + 1 :]
        substitute = next((ch for ch in after if ch in reachable and ch not in ordered), None)
        if substitute:
            ordered.insert(ordered.index(channel) + 1, substitute)
    return tuple(ordered)
