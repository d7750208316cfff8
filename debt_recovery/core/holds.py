"""Why an invoice is held out of escalation and reminders, and which reason wins."""

# In order of precedence: the first reason that applies is the one shown.
HOLD_REASONS = [
    ("excluded", "Debtor excluded from collection"),
    ("insolvency", "Insolvency proceedings"),
    ("no_followup", "Invoice excluded from follow-up"),
    ("placement", "Placed with an agency"),
    ("dispute", "Open dispute"),
    ("promise", "Open promise to pay"),
]


def hold_reason(
    *,
    debtor_excluded: bool,
    no_followup: bool,
    insolvent: bool = False,
    placed: bool,
    disputed: bool,
    promised: bool,
) -> str | None:
    """The hold reason code shown on an invoice, or None when it is not held."""
    applies = {
        "excluded": debtor_excluded,
        "insolvency": insolvent,
        "no_followup": no_followup,
        "placement": placed,
        "dispute": disputed,
        "promise": promised,
    }
    return next((code for code, _label in HOLD_REASONS if applies[code]), None)
