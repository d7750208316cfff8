"""Contact log vocabulary: channels, directions and outcomes."""

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
