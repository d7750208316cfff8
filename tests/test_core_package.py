"""The export package: CSV safety, names, checksums, reproducible ZIPs."""

import hashlib
import io
import os
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


# --- hardening (issue 15) ---


def test_unique_names_never_collide_with_a_later_original():
    names = unique_names(["a.pdf", "a.pdf", "a-2.pdf"])
    assert len(set(names)) == 3
    assert names[0] == "a.pdf"


def test_unique_names_ignore_case_like_the_agency_s_file_system():
    names = unique_names(["A.pdf", "a.pdf"])
    assert len({name.casefold() for name in names}) == 2


@given(st.lists(st.sampled_from(["a.pdf", "a-2.pdf", "a-3.pdf", "A.PDF", "a", "a-2", "b.x.y"])))
def test_unique_names_property(names):
    result = unique_names(names)
    assert len(result) == len(names)
    assert len({name.casefold() for name in result}) == len(result)
    assert result[:1] == names[:1]  # the first of a name keeps it
    for original, unique in zip(names, result, strict=True):  # same extension
        assert os.path.splitext(unique)[1] == os.path.splitext(original)[1]


@given(st.lists(st.text(max_size=8)))
def test_unique_names_property_any_text(names):
    result = unique_names(names)
    assert len({name.casefold() for name in result}) == len(result) == len(names)


def test_manifest_xml_drops_xml_invalid_characters():
    from lxml import etree

    manifest = {
        **MANIFEST,
        "debtor": {"name": "Slow\x00pay\x1b Ltd\ufffe", "contacts": []},
    }
    contacts = [
        {
            "date": "2026-11-01 10:00:00",
            "channel": "phone",
            "direction": "out",
            "outcome": "answered",
            "summary": "Bell\x07 and form feed\x0c and \ud800 surrogate",
            "note": "",
        }
    ]
    files = assemble(manifest, {"contacts.csv": contacts}, {}, date(2026, 11, 24))
    document = etree.fromstring(files["manifest.xml"])  # parses: valid XML
    assert document.find("{*}debtor/{*}name").text == "Slowpay Ltd"
    assert "Bell and form feed and  surrogate" in files["manifest.xml"].decode()


def test_eml_cannot_be_given_extra_headers():
    from datetime import datetime
    from email import message_from_bytes, policy

    from debt_core.package import eml_bytes

    data = eml_bytes(
        date=datetime(2026, 11, 24, 9, 30),
        sender="Billing <billing@creditor.example>\r\nBcc: spy@evil.example",
        subject="Reminder\r\nX-Injected: yes\n\nfake body",
        message_id="<1@creditor.example>\r\nX-Other: 1",
        body="Please pay.\nThank you.",
    )
    message = message_from_bytes(data, policy=policy.default)
    assert "X-Injected" not in message and "Bcc" not in message and "X-Other" not in message
    assert message["Subject"] == "Reminder X-Injected: yes fake body"
    assert message.get_content().replace("\r\n", "\n") == "Please pay.\nThank you.\n"
    assert message["Date"] == "Tue, 24 Nov 2026 09:30:00 +0000"


def test_delivery_url_rules():
    from debt_core.package import check_endpoint_url

    host = "agency.example"
    assert check_endpoint_url("https://agency.example/upload", host) is None
    assert check_endpoint_url("https://AGENCY.example:8443/upload", host) is None
    assert check_endpoint_url("http://127.0.0.1:8069/x", host) is None
    assert check_endpoint_url("http://localhost:8069/x", host) is None
    assert check_endpoint_url("http://[::1]:8069/x", host) is None
    refused = [
        "http://agency.example/upload",  # plain http off this machine
        "http://127.0.0.1.attacker.example/x",
        "http://localhost@attacker.example/x",
        "https://user:pw@agency.example/x",  # userinfo
        "https://agency.example@attacker.example/x",
        "https://attacker.example/x",  # not the configured host
        "https://agency.example.attacker.example/x",
        "ftp://agency.example/x",
        "https:///x",
        "https://agency.example:99999/x",
        "http://localhost.attacker.example/x",
        "",
        "https://agency.example\\@attacker.example/x",
    ]
    for url in refused:
        assert check_endpoint_url(url, host), url
    # no host configured: only this machine (tests) is allowed
    assert check_endpoint_url("https://agency.example/upload", "")
