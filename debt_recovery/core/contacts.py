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
