"""The export package handed to an agency or a lawyer: a verifiable ZIP.

Plain functions on plain data: the model gathers the records, these decide
what goes in and how it is written. The same data always gives the same
bytes (sorted entries, fixed timestamps and permissions, no "generated at"),
so an agency can tell a resent package from a changed one by its checksum.
"""

import csv
import hashlib
import io
import ipaddress
import json
import re
import unicodedata
import zipfile
from datetime import date, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlsplit

import xmltodict

PACKAGE_VERSION = "1.0"
# Cells a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/F).
XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The files every package holds, besides documents (pdf/, letters/, mail/, files/).
TABLES = {
    "invoices.csv": [
        "number",
        "invoice_date",
        "due_date",
        "currency",
        "amount_total",
        "amount_paid",
        "amount_open",
        "days_late",
        "interest",
        "compensation",
        "stage",
    ],
    "payments.csv": ["invoice", "date", "amount", "currency", "kind"],
    "contacts.csv": ["date", "channel", "direction", "outcome", "summary", "note"],
    "promises.csv": ["reference", "date_made", "promised_date", "amount", "currency", "state"],
    "disputes.csv": ["reference", "invoice", "date", "reason", "amount", "currency", "state"],
}


def neutralize_cell(value):
    """A CSV cell that no spreadsheet runs as a formula; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    return re.fullmatch(r"[+-]?\d+(\.\d+)?", text) is not None


def csv_bytes(header, rows):
    """UTF-8 CSV with a header line, CRLF line ends, every cell neutralized."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralize_cell(row.get(column)) for column in header])
    return buffer.getvalue().encode("utf-8")


def safe_filename(name, default="file"):
    """A file name that is the same on every system and cannot climb out of
    its folder: ASCII letters, digits, dot, dash and underscore."""
    ascii_name = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._")
    return cleaned[:120] or default


def unique_names(names):
    """``names`` made unique by numbering repeats: a.pdf, a-2.pdf ...

    Never two equal names, also when an original is already called like a
    numbered repeat (a.pdf, a.pdf, a-2.pdf), and never two that differ only
    by case (an agency may unpack on a case-insensitive file system).
    """
    taken, result = set(), []
    for name in names:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        candidate, count = name, 1
        while candidate.casefold() in taken:
            count += 1
            candidate = f"{stem}-{count}{dot}{ext}"
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def xml_safe(value):
    """``value`` (text, or dicts and lists of it) without the characters XML
    1.0 cannot hold: a debtor's data never makes the manifest invalid."""
    if isinstance(value, str):
        return XML_INVALID.sub("", value)
    if isinstance(value, dict):
        return {xml_safe(k): xml_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [xml_safe(v) for v in value]
    return value


def one_line(text):
    """Header text on one line: CR, LF and other controls become a space."""
    return re.sub(r"\s+", " ", XML_INVALID.sub(" ", text or "")).strip()


def eml_bytes(date, sender, subject, message_id, body):
    """A message as an RFC 5322 ``.eml`` file, written by Python's ``email``
    package: no header value can start another header (CR/LF are folded to
    spaces first, and the SMTP policy refuses whatever is left)."""
    message = EmailMessage(policy=policy.SMTP)
    stamp = date if date.tzinfo else date.replace(tzinfo=timezone.utc)
    message["Date"] = format_datetime(stamp)
    for header, value in (("From", sender), ("Subject", subject), ("Message-ID", message_id)):
        value = one_line(value)
        if value:
            try:
                message[header] = value
            except (ValueError, IndexError, TypeError):  # not an address / id: kept as text
                message[header] = one_line(value.replace("<", "").replace(">", ""))
    message.set_content(XML_INVALID.sub("", body or "").replace("\r\n", "\n"))
    return message.as_bytes()


def check_endpoint_url(url, host):
    """Why ``url`` may not receive packages, or None if it may.

    HTTPS to exactly the agency's configured ``host`` (any port), with no
    user or password in the address; plain HTTP only to this machine
    (``localhost`` or a loopback IP, for tests). The address is parsed, not
    compared as text: ``http://127.0.0.1.attacker.example`` is refused.
    """
    if not url or any(ord(c) <= 32 or ord(c) >= 127 or c == "\\" for c in url):
        return "the address is empty or holds spaces, controls or backslashes"
    try:
        parts = urlsplit(url)
        hostname = (parts.hostname or "").rstrip(".").casefold()
        _port = parts.port  # raises ValueError on a bad port
    except ValueError:
        return "the address cannot be read"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "the address may not hold a user name or password"
    if not hostname:
        return "the address has no host"
    if parts.scheme == "https":
        expected = (host or "").strip().rstrip(".").casefold()
        if not expected:
            return "the agency has no endpoint host configured"
        if hostname != expected:
            return f"the host {hostname} is not the agency's host {expected}"
        return None
    if parts.scheme == "http":
        if hostname == "localhost" or _is_loopback(hostname):
            return None
        return "plain http is only allowed to this machine: use https"
    return "the address must be https"


def _is_loopback(hostname):
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


def sha256sums(files):
    """``sha256sum``'s format: one "<hex>  <name>" line per file, sorted by name."""
    lines = [f"{hashlib.sha256(files[name]).hexdigest()}  {name}\n" for name in sorted(files)]
    return "".join(lines).encode()


def manifest_json(manifest):
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def manifest_xml(manifest):
    """The manifest as XML (schema ``data/schemas/placement_package.xsd``)."""
    document = {
        "package": {
            "@xmlns": "urn:debt-recovery:placement-package:1",
            "@version": manifest["version"],
            "reference": manifest["reference"],
            "placed_on": manifest["placed_on"],
            "agency": manifest["agency"],
            "creditor": manifest["creditor"],
            "debtor": {
                **{k: v for k, v in manifest["debtor"].items() if k != "contacts"},
                "contacts": {"contact": manifest["debtor"]["contacts"]},
            },
            "claim": manifest["claim"],
            "invoices": {"invoice": manifest["invoices"]},
            "payments": {"payment": manifest["payments"]},
            "promises": {"promise": manifest["promises"]},
            "disputes": {"dispute": manifest["disputes"]},
            "contact_history": {"event": manifest["contact_history"]},
            "files": {"file": [{"@name": name} for name in manifest["files"]]},
        }
    }
    return xmltodict.unparse(document, pretty=True, indent="  ", encoding="utf-8").encode()


def build_zip(files, day):
    """A ZIP of ``files`` ({name: bytes}) whose bytes depend on nothing else:
    entries sorted, every timestamp ``day`` at noon, fixed permissions."""
    stamp = (max(day.year, 1980), day.month, day.day, 12, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever system built it
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def assemble(manifest, tables, documents, day: date):
    """Every file of the package ({name: bytes}), the checksums included.

    ``tables`` maps each name of ``TABLES`` to its rows (dicts); ``documents``
    maps folder/name paths to bytes (invoice PDFs, letters, mails, files).
    """
    manifest, tables = xml_safe(manifest), xml_safe(tables)
    files = {name: csv_bytes(TABLES[name], tables.get(name, [])) for name in TABLES}
    files.update(documents)
    manifest = {
        **manifest,
        # The history as the CSVs have it, for agencies that read only the manifest.
        "payments": tables.get("payments.csv", []),
        "promises": tables.get("promises.csv", []),
        "disputes": tables.get("disputes.csv", []),
        "contact_history": tables.get("contacts.csv", []),
        "files": sorted([*files, "manifest.json", "manifest.xml"]),
    }
    files["manifest.json"] = manifest_json(manifest)
    files["manifest.xml"] = manifest_xml(manifest)
    files["SHA256SUMS"] = sha256sums(files)
    return files


def backoff_delays(attempts, base=2.0, cap=60.0):
    """Seconds to wait before each retry of a delivery: 2, 4, 8 ... at most ``cap``."""
    return [min(base * 2**n, cap) for n in range(attempts - 1)]


def retry_after_minutes(failures):
    """When the cron tries a failed delivery again: 15 min, 1 h, 4 h, then daily."""
    return [15, 60, 240][failures - 1] if failures <= 3 else 24 * 60
