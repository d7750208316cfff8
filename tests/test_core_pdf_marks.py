"""Reading the letters' marks off a content stream, as Qt (wkhtmltopdf) writes it."""

import io
from pathlib import Path

import pytest

from debt_core.pdf_marks import cmap_codes, cut_letters, font_text

try:
    from pypdf import PdfReader
except ImportError:
    from PyPDF2 import PdfReader

REAL = Path(__file__).parent / "data"

# The ToUnicode map Qt wrote for the marks' font in a real run (DejaVu Sans Mono subset).
CMAP = b"""/CIDInit /ProcSet findresource begin
begincmap
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfrange
<0000> <0000> <0000>
<0001> <0009> [<0044> <0052> <004C> <0045> <0054> <0030> <0058> <0031> <0032> ]
endbfrange
1 beginbfchar
<000A> <0033>
endbfchar
endcmap"""


def _shown(text, codes):
    reverse = {char: code for code, char in codes.items()}
    return b"\n".join(b"0.59 0 Td <%04X> Tj" % reverse[char] for char in text)


def test_cmap_ranges_arrays_and_chars():
    codes = cmap_codes(CMAP)
    assert "".join(codes[c] for c in range(1, 11)) == "DRLET0X123"
    incremented = cmap_codes(b"beginbfrange\n<0010> <0012> <0041>\nendbfrange")
    assert incremented == {16: "A", 17: "B", 18: "C"}


def test_only_the_marks_font_is_read_in_drawing_order():
    codes = cmap_codes(CMAP)
    mark = _shown("DRLETTER12X", codes)
    content = (
        b"q BT\n/F7 16 Tf 1 0 0 -1 0 0 Tm\n8 -23 Td <0001> Tj\n<0002> Tj\nET Q\n"
        b"q BT\n/F19 1 Tf 1 0 0 -1 0 0 Tm\n" + mark + b"\nET Q\n"
        b"BT /F7 12 Tf <0003> Tj /F19 1 Tf <000A> Tj ET"
    )
    assert font_text(content, {b"F19": codes}) == "DRLETTER12X3"
    assert font_text(content, {b"F99": codes}) == ""


def test_hex_strings_of_several_codes_and_spaces():
    codes = cmap_codes(CMAP)
    assert font_text(b"BT /F1 1 Tf <0001 0002>Tj [<0003>] TJ ET", {b"F1": codes}) == "DRL"


def test_cut_letters_of_a_real_run():
    """A wkhtmltopdf run of three letters (bench data, text only) cut at its marks."""
    pdf = (REAL / "three_letters.pdf").read_bytes()
    letters = cut_letters(pdf, [7, 8, 7])
    assert list(letters) == [7, 8]
    reader = PdfReader(io.BytesIO(letters[7]))
    assert len(reader.pages) == 2  # a debtor's two letters (two currencies) in one PDF
    assert reader.metadata["/Producer"] == "Odoo"
    with pytest.raises(ValueError, match="marks not found"):
        cut_letters(pdf, [7, 8])
