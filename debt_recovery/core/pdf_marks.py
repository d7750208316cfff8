"""The text a PDF page draws in one font, read straight off its content stream.

Letters rendered in one wkhtmltopdf run are cut where their invisible marks
are (``debt.reminder._letter_pdfs``). A general text extraction parses every
operator of every page (a quarter of a second a page); the marks only need
the strings shown in the mark's font, decoded by that font's ``ToUnicode``
map. Qt, the engine of wkhtmltopdf, writes them as ``<hex> Tj`` in
``BT``/``ET`` blocks after ``/Fn size Tf``.
"""

import io
import re

_BLOCK = re.compile(rb"\bBT\b(.*?)\bET\b", re.S)
_FONT = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+[-+\d.]+\s+Tf\b")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_RANGES = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_CHARS = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _unicode(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", "replace")


def cmap_codes(cmap: bytes) -> dict[int, str]:
    """{character code: text} of a ``ToUnicode`` CMap (``bfchar`` and ``bfrange``)."""
    codes = {}
    for section in _CHARS.findall(cmap):
        for source, target in _PAIR.findall(section):
            codes[int(source, 16)] = _unicode(target)
    for section in _RANGES.findall(cmap):
        for low, high, target in _RANGE.findall(section):
            low, high = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for code, each in zip(range(low, high + 1), _HEX.findall(target), strict=False):
                    codes[code] = _unicode(each)
                continue
            first = _unicode(target[1:-1])
            for offset in range(high - low + 1):
                codes[low + offset] = first[:-1] + chr(ord(first[-1]) + offset) if first else ""
    return codes


def font_text(content: bytes, fonts: dict[bytes, dict[int, str]], code_width: int = 2) -> str:
    """The text ``content`` (a decoded content stream) shows in ``fonts``
    ({resource name without the slash: its ``cmap_codes``}), in drawing order.
    ``code_width``: bytes a character code takes (2 for Identity-H fonts)."""
    parts = []
    digits = code_width * 2
    for block in _BLOCK.findall(content):
        found = list(_FONT.finditer(block))
        for index, match in enumerate(found):
            codes = fonts.get(match.group(1))
            if codes is None:
                continue
            end = found[index + 1].start() if index + 1 < len(found) else len(block)
            for shown in _HEX.findall(block, match.end(), end):
                shown = re.sub(rb"\s", b"", shown)
                parts += [
                    codes.get(int(shown[i : i + digits], 16), "")
                    for i in range(0, len(shown), digits)
                ]
    return "".join(parts)


# Where each letter starts: a mark in this font, ``DRLETTER<n>X`` for the n-th letter.
MARK_FONT = "DejaVuSansMono"
MARK_RE = re.compile(r"DRLETTER(\d+)X")


def _pdf_library():
    try:
        from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 - whichever is installed
    except ImportError:
        from PyPDF2 import PdfReader, PdfWriter  # noqa: PLC0415
    return PdfReader, PdfWriter


def letter_starts(reader) -> list[tuple[int, int]]:
    """[(mark number, page number)] in page order, of a PDF ``reader``: the
    strings drawn in the marks' font, else the page's whole text."""
    starts, maps = [], {}
    for number, page in enumerate(reader.pages):
        fonts = {}
        resources = page.get("/Resources")
        resources = resources.get_object().get("/Font") if resources else None
        for name, ref in (resources.get_object() if resources else {}).items():
            font = ref.get_object()
            if str(font.get("/BaseFont", "")).endswith(MARK_FONT) and "/ToUnicode" in font:
                key = getattr(ref, "idnum", id(font))
                if key not in maps:
                    maps[key] = cmap_codes(font["/ToUnicode"].get_object().get_data())
                fonts[name[1:].encode()] = maps[key]
        if not fonts or "/Contents" not in page:
            continue
        contents = page["/Contents"].get_object()
        parts = contents if isinstance(contents, list) else [contents]
        text = font_text(b"\n".join(part.get_object().get_data() for part in parts), fonts)
        marks = MARK_RE.findall(text) or MARK_RE.findall(page.extract_text())
        starts += [(int(mark), number) for mark in marks]
    return starts


def cut_letters(pdf: bytes, owners: list) -> dict:
    """{owner: PDF}: the letters of ``pdf`` (marked 0 to n - 1, each from a new
    page; ``owners[i]`` is whose the i-th is, a debtor may have several), written
    as Odoo writes its PDFs. Raises ValueError if a mark is missing or two
    letters share a page."""
    reader_class, writer_class = _pdf_library()
    reader = reader_class(io.BytesIO(pdf))
    starts = letter_starts(reader)
    if [mark for mark, _page in starts] != list(range(len(owners))) or starts[0][1] != 0:
        raise ValueError("letter marks not found")
    pages = [page for _mark, page in starts] + [len(reader.pages)]
    if any(a >= b for a, b in zip(pages, pages[1:], strict=False)):
        raise ValueError("two letters on one page")
    writers = {}
    for index, owner in enumerate(owners):
        writer = writers.setdefault(owner, writer_class())
        for number in range(pages[index], pages[index + 1]):
            writer.add_page(reader.pages[number])
    letters = {}
    for owner, writer in writers.items():
        writer.add_metadata({"/Creator": "Odoo", "/Producer": "Odoo"})
        stream = io.BytesIO()
        writer.write(stream)
        letters[owner] = stream.getvalue()
    return letters
