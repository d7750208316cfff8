"""Why an invoice is held out of escalation and reminders, which reason wins,
and until when a hold stops the daily run."""

from datetime import date

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


def holds_escalation(hold_reason: str | None, promise_until: date | None, day: date) -> bool:
    """Whether the hold on an invoice keeps the daily run from moving it on ``day``.

    Every hold does, but a promise only until its date plus tolerance
    (``promise_until``, see ``promises.promise_holds_until``): after that the
    invoice escalates although the promise is still open (it is decided the
    same day).
    """
    if hold_reason is None:
        return False
    return hold_reason != "promise" or (promise_until is not None and day <= promise_until)


# SQL twin of ``holds_escalation``: ``%(hold)s`` the hold reason,
# ``%(until)s`` the promise's last day (NULL without one), ``%(day)s`` the run date.
HOLDS_ESCALATION_SQL = (
    "COALESCE(%(hold)s IS NOT NULL AND (%(hold)s != 'promise' OR %(day)s <= %(until)s), FALSE)"
)
