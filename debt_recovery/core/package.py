"""The export package handed to an agency or a lawyer: a verifiable ZIP.

Plain functions on plain data: the model gathers the records, these decide
what goes in and how it is written. The same data always gives the same
bytes (sorted entries, fixed timestamps and permissions, no "generated at"),
so an agency can tell a resent package from a changed one by its checksum.
"""

import csv
import hashlib
import io
import json
import re
import unicodedata
import zipfile
from datetime import date

import xmltodict

PACKAGE_VERSION = "1.0"
# Cells a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
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
    """``names`` made unique by numbering repeats: a.pdf, a-2.pdf ..."""
    seen, result = {}, []
    for name in names:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        count = seen.get(name, 0) + 1
        seen[name] = count
        result.append(name if count == 1 else f"{stem}-{count}{dot}{ext}")
    return result


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
