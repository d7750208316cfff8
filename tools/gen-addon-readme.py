#!/usr/bin/env python3
"""README.rst and static/description/index.html of each addon, from its
``readme/*.md`` fragments and its manifest, in the layout of OCA's
``oca-gen-addon-readme`` (maintainer-tools), which is not on PyPI.

    tools/gen-addon-readme.py            # every addon at the repo root
    tools/gen-addon-readme.py --check    # exit 1 when a README is out of date
    tools/gen-addon-readme.py ADDON_DIR  # only these addons

The fragments are Markdown body text (no headings). OCA converts them with
pandoc; here a small converter handles the subset the fragments use:
paragraphs, ``-``/``*`` and ``1.`` lists (one level, with continuation
lines), ``**bold**``, ``*emphasis*``, ```code``` and ``[text](url)`` links.
Anything else (headings, code blocks, tables, images, HTML, quotes) is
refused with the file and line, rather than rendered wrongly.

index.html is rendered from README.rst by docutils (html4css1 writer, the
settings OCA uses), and only rewritten when it was generated before.
"""

import argparse
import ast
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = "tools/gen-addon-readme.py"

# (fragment, section title); DESCRIPTION has no title, as in OCA's template.
FRAGMENTS = [
    ("DESCRIPTION", None),
    ("CONTEXT", "Use Cases / Context"),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("DEVELOP", "Development"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
]
CREDIT_FRAGMENTS = [("CONTRIBUTORS", "Contributors"), ("CREDITS", "Other credits")]
# What the README shows of the manifest; the digest covers these keys only, so
# adding a data file to the manifest does not make the README stale.
MANIFEST_KEYS = ("name", "summary", "author")

# From pypa/readme_renderer, as OCA's generator uses them.
RST2HTML_SETTINGS = {
    "file_insertion_enabled": False,
    "halt_level": 2,
    "math_output": "MathJax",
    "raw_enabled": False,
    "smart_quotes": True,
    "syntax_highlight": "short",
    "xml_declaration": False,
    "output_encoding": "utf-8",
}


class FragmentError(ValueError):
    pass


# === Markdown (the fragments' subset) to reStructuredText === #

_UNSUPPORTED = [
    (re.compile(r"^\s*#"), "headings (fragments are body text only)"),
    (re.compile(r"^\s*(```|~~~)"), "code blocks"),
    (re.compile(r"^\s*\|"), "tables"),
    (re.compile(r"^\s*>"), "block quotes"),
    (re.compile(r"!\["), "images"),
    (re.compile(r"<[A-Za-z/!]"), "HTML"),
    (re.compile(r"^\s*(---+|\*\*\*+|___+)\s*$"), "rules"),
]
_BULLET = re.compile(r"^([-*])\s+(.*)$")
_NUMBER = re.compile(r"^(\d+)\.\s+(.*)$")
_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def _inline(text):
    """Inline Markdown to RST: code spans are kept apart from the rest."""
    parts = []
    for i, piece in enumerate(_CODE.split(text)):
        if i % 2:
            parts.append(f"``{piece}``")
            continue
        piece = piece.replace("\\", "\\\\").replace("|", "\\|")
        # A word ending in "_" would be a reference in RST.
        piece = re.sub(r"(\w)_(?=\W|$)", r"\1\\_", piece)
        piece = _LINK.sub(lambda m: f"`{m.group(1)} <{m.group(2)}>`__", piece)
        parts.append(piece)
    return "".join(parts)


def md_to_rst(text, source="fragment"):
    """The RST of a Markdown fragment; FragmentError on what it cannot take."""
    out = []
    item_indent = None  # continuation indent of the list item being written
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        for pattern, what in _UNSUPPORTED:
            if pattern.search(line):
                raise FragmentError(f"{source}:{lineno}: {what} are not supported: {line!r}")
        if not line:
            item_indent = None if out and out[-1] == "" and item_indent is None else item_indent
            out.append("")
            continue
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        bullet, number = _BULLET.match(stripped), _NUMBER.match(stripped)
        if indent == 0 and (bullet or number):
            if out and out[-1] != "" and item_indent is None:
                out.append("")  # a list needs a blank line after a paragraph
            if bullet:
                out.append("- " + _inline(bullet.group(2)))
                item_indent = 2
            else:
                marker = f"{number.group(1)}. "
                out.append(marker + _inline(number.group(2)))
                item_indent = len(marker)
        elif indent and item_indent is not None:
            if bullet or number:
                raise FragmentError(f"{source}:{lineno}: nested lists are not supported")
            out.append(" " * item_indent + _inline(stripped))
        elif indent:
            raise FragmentError(f"{source}:{lineno}: indented text outside a list item")
        else:
            if item_indent is not None and out and out[-1] != "":
                raise FragmentError(f"{source}:{lineno}: a list item's next line must be indented")
            item_indent = None
            out.append(_inline(stripped))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# === The addon, its digest and its README === #


def read_manifest(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))


def series(manifest):
    """The Odoo series of a manifest version: "19.0" of "19.0.1.0.0"."""
    return ".".join(manifest.get("version", "").split(".")[:2])


def source_digest(addon_dir, manifest):
    """sha256 over the fragments (names and contents) and the manifest keys shown."""
    h = hashlib.sha256()
    shown = {key: manifest.get(key) for key in MANIFEST_KEYS}
    shown["series"] = series(manifest)
    h.update(json.dumps(shown, sort_keys=True, ensure_ascii=False).encode())
    for path in sorted((addon_dir / "readme").glob("*.md")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return "sha256:" + h.hexdigest()


def _section(title, body, underline):
    return f"{title}\n{underline * len(title)}\n\n{body}\n"


def render_readme(addon_dir):
    """The README.rst text of the addon at ``addon_dir``."""
    addon_dir = Path(addon_dir)
    manifest = read_manifest(addon_dir)
    readme = addon_dir / "readme"
    fragments = {}
    for name, _title in FRAGMENTS + CREDIT_FRAGMENTS:
        path = readme / f"{name}.md"
        if path.exists():
            text = path.read_text(encoding="utf-8")
            if text.strip():
                fragments[name] = md_to_rst(text, source=str(path.relative_to(addon_dir.parent)))
    if "DESCRIPTION" not in fragments:
        raise FragmentError(f"{readme}/DESCRIPTION.md is missing or empty")

    name = manifest["name"]
    digest = source_digest(addon_dir, manifest)
    notice = [
        f"This file is generated by {GENERATOR}",
        "from readme/*.md: edit those, then run it again.",
    ]
    width = max(len(line) for line in notice) + 6
    rule = "   " + "!" * width
    banner = ["..", rule]
    banner += [f"   !! {line.ljust(width - 6)} !!" for line in notice]
    banner += [rule, f"   !! source digest: {digest}", rule]
    title = "=" * len(name) + "\n" + name + "\n" + "=" * len(name) + "\n"
    parts = [title, "\n".join(banner) + "\n"]
    if manifest.get("summary"):
        parts.append(f"*{_inline(manifest['summary'])}*\n")
    parts.append(fragments["DESCRIPTION"])
    parts.append("**Table of contents**\n\n.. contents::\n   :local:\n")
    for frag, title in FRAGMENTS[1:]:
        if frag in fragments:
            parts.append(_section(title, fragments[frag], "=").rstrip("\n") + "\n")
    parts.append(
        _section(
            "Bug Tracker",
            "Bugs are tracked in the project's issue tracker. In case of trouble, please\n"
            "check there if your issue has already been reported; if not, open one with\n"
            f"the module (``{addon_dir.name}``), the Odoo series (``{series(manifest)}``),\n"
            "the steps to reproduce, what happened and what you expected.",
            "=",
        )
    )
    credits = ["Credits\n=======\n"]
    authors = [a.strip() for a in manifest.get("author", "").split(",") if a.strip()]
    if authors:
        credits.append(_section("Authors", "\n".join(f"- {_inline(a)}" for a in authors), "-"))
    for frag, title in CREDIT_FRAGMENTS:
        if frag in fragments:
            credits.append(_section(title, fragments[frag].rstrip("\n"), "-"))
    parts.append("\n".join(credits))
    return "\n".join(p.rstrip("\n") + "\n" for p in parts)


def render_index(readme_text, source_path="README.rst"):
    """index.html from the README's text, as oca-gen-addon-readme renders it."""
    from docutils.core import publish_string

    html = publish_string(
        readme_text,
        source_path=source_path,
        writer_name="html4css1",
        settings_overrides=dict(RST2HTML_SETTINGS, report_level=2),
    )
    # The docutils version would change the file on every docutils upgrade.
    return re.sub(rb"(<meta.*generator.*Docutils)\s*[\d.]+", rb"\1", html)


def addon_dirs(args):
    if args:
        return [Path(a).resolve() for a in args]
    return sorted(
        p.parent
        for p in ROOT.glob("*/__manifest__.py")
        if (p.parent / "readme" / "DESCRIPTION.md").exists()
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("addons", nargs="*", help="addon directories (default: all)")
    parser.add_argument("--check", action="store_true", help="only check, exit 1 if stale")
    parser.add_argument("--no-gen-html", action="store_true", help="no index.html")
    args = parser.parse_args(argv)
    stale = []
    for addon in addon_dirs(args.addons):
        try:
            readme_text = render_readme(addon)
        except FragmentError as e:
            print(f"{addon.name}: {e}", file=sys.stderr)
            return 2
        targets = [(addon / "README.rst", readme_text.encode("utf-8"))]
        index = addon / "static" / "description" / "index.html"
        manual = index.exists() and GENERATOR.encode() not in index.read_bytes()
        if not args.no_gen_html and not manual:
            html = render_index(readme_text, str(addon / "README.rst"))
            targets.append((index, html))
        for path, content in targets:
            if path.exists() and path.read_bytes() == content:
                continue
            stale.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
    for path in stale:
        verb = "out of date" if args.check else "written"
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {verb}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
