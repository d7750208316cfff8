"""The export package: CSV safety, names, checksums, reproducible ZIPs."""

import hashlib
import io
import zipfile
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from debt_core.package import (
    TABLES,
    assemble,
    backoff_delays,
    build_zip,
    csv_bytes,
    neutralize_cell,
    retry_after_minutes,
    safe_filename,
    sha256sums,
    unique_names,
)


def test_formula_injection_is_neutralized():
    assert neutralize_cell('=HYPERLINK("http://evil","x")') == '\'=HYPERLINK("http://evil","x")'
    assert neutralize_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert neutralize_cell("@SUM(A1)") == "'@SUM(A1)"
    assert neutralize_cell("-2+3") == "'-2+3"
    assert neutralize_cell("-250.00") == "-250.00"  # a number stays a number
    assert neutralize_cell(-250.5) == "-250.5"
    assert neutralize_cell("Plain text") == "Plain text"
    assert neutralize_cell(None) == ""


def test_csv_has_header_and_neutral_cells():
    data = csv_bytes(["a", "b"], [{"a": "=1+1", "b": 2}, {"a": "x"}])
    assert data == b"a,b\r\n'=1+1,2\r\nx,\r\n"


def test_safe_filenames():
    assert safe_filename("../../etc/passwd") == "etc_passwd"
    assert safe_filename("Facture n°12 (été).pdf") == "Facture_n12_ete_.pdf"
    assert safe_filename("") == "file"
    assert unique_names(["a.pdf", "a.pdf", "b", "b"]) == ["a.pdf", "a-2.pdf", "b", "b-2"]


@given(st.text())
def test_safe_filename_never_climbs_out(name):
    safe = safe_filename(name)
    assert safe and "/" not in safe and "\\" not in safe and not safe.startswith(".")


def test_sha256sums_format():
    sums = sha256sums({"b.txt": b"b", "a.txt": b"a"}).decode().splitlines()
    assert sums == [
        f"{hashlib.sha256(b'a').hexdigest()}  a.txt",
        f"{hashlib.sha256(b'b').hexdigest()}  b.txt",
    ]


def test_zip_is_reproducible():
    files = {"z.txt": b"last", "a/b.pdf": b"%PDF-1.4 ..."}
    first = build_zip(files, date(2026, 11, 24))
    assert first == build_zip(dict(reversed(files.items())), date(2026, 11, 24))
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist() == ["a/b.pdf", "z.txt"]
    assert {i.date_time for i in archive.infolist()} == {(2026, 11, 24, 12, 0, 0)}
    assert build_zip(files, date(2026, 11, 25)) != first


MANIFEST = {
    "version": "1.0",
    "reference": "PLC/2026/00001",
    "placed_on": "2026-11-24",
    "agency": {"name": "Recover & Co"},
    "creditor": {"name": "YourCompany"},
    "debtor": {"name": "Slowpay Ltd", "contacts": []},
    "claim": {"currency": "EUR", "principal": "100.00"},
    "invoices": [],
}


def test_assemble_lists_and_sums_every_file():
    files = assemble(MANIFEST, {}, {"pdf/INV_1.pdf": b"%PDF"}, date(2026, 11, 24))
    assert set(files) == {
        *TABLES,
        "pdf/INV_1.pdf",
        "manifest.json",
        "manifest.xml",
        "SHA256SUMS",
    }
    listed = [line.split("  ")[1] for line in files["SHA256SUMS"].decode().splitlines()]
    assert listed == sorted(set(files) - {"SHA256SUMS"})


def test_delivery_retry_schedules():
    assert backoff_delays(3) == [2.0, 4.0]
    assert backoff_delays(1) == []
    assert [retry_after_minutes(n) for n in (1, 2, 3, 4, 9)] == [15, 60, 240, 1440, 1440]


def test_manifest_xml_is_valid_against_the_shipped_schema():
    from pathlib import Path

    from lxml import etree

    xsd = Path(__file__).parent.parent / "debt_recovery/data/schemas/placement_package.xsd"
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    manifest = {
        **MANIFEST,
        "debtor": {
            "name": "Slowpay Ltd",
            "vat": "BE0477472701",
            "contacts": [{"name": "Ann", "email": "ann@slowpay.example"}],
        },
        "claim": {
            "currency": "EUR",
            "principal": "100.00",
            "interest": "1.23",
            "fees": "40.00",
            "total": "141.23",
        },
        "invoices": [
            {
                "number": "INV/1",
                "invoice_date": "2026-09-01",
                "due_date": "2026-10-01",
                "currency": "EUR",
                "amount_total": "100.00",
                "amount_open": "100.00",
                "interest": "1.23",
                "compensation": "40.00",
            }
        ],
        "agency": {"name": "Recover & Co", "kind": "agency"},
    }
    files = assemble(manifest, {}, {}, date(2026, 11, 24))
    document = etree.fromstring(files["manifest.xml"])
    assert schema.validate(document), schema.error_log
    broken = files["manifest.xml"].replace(b"<total>141.23</total>", b"<total>a lot</total>")
    assert not schema.validate(etree.fromstring(broken))
