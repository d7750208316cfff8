"""The text a PDF page draws in one font, read straight off its content stream.

Letters rendered in one wkhtmltopdf run are cut where their invisible marks
are (``debt.reminder._letter_pdfs``). A general text extraction parses every
operator of every page (a quarter of a second a page); the marks only need
the strings shown in the mark's font, decoded by that font's ``ToUnicode``
map. Qt, the engine of wkhtmltopdf, writes them as ``<hex> Tj`` in
``BT``/``ET`` blocks after ``/Fn size Tf``.
"""

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
