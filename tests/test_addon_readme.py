"""Each addon's README.rst is generated from its readme/*.md fragments by
tools/gen-addon-readme.py (as OCA's oca-gen-addon-readme does): fail when it
is out of date with them, so an edited fragment cannot ship with an old
README. No database, no Odoo."""

import importlib.util
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "tools" / "gen-addon-readme.py"
SPEC = importlib.util.spec_from_file_location("gen_addon_readme", GENERATOR)
gen = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(gen)

ADDONS = sorted(p.parent for p in REPO.glob("*/__manifest__.py"))
FIX = "run: .venv/bin/python tools/gen-addon-readme.py"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_readme_is_generated_from_the_fragments(addon):
    for name in ("DESCRIPTION", "CONFIGURE", "USAGE", "CONTRIBUTORS"):
        assert (addon / "readme" / f"{name}.md").is_file(), f"{addon.name}/readme/{name}.md"
    readme = addon / "README.rst"
    assert readme.is_file(), f"{addon.name}/README.rst is missing; {FIX}"
    assert readme.read_text(encoding="utf-8") == gen.render_readme(addon), (
        f"{addon.name}/README.rst is out of date with readme/*.md; {FIX}"
    )


@pytest.mark.parametrize("addon", ADDONS, ids=lambda p: p.name)
def test_index_html_is_rendered_from_this_readme(addon):
    # Compared by the digest, not byte for byte: docutils' output differs
    # between the versions pinned for Python 3.10 and 3.11+.
    index = (addon / "static/description/index.html").read_text(encoding="utf-8")
    digest = gen.source_digest(addon, gen.read_manifest(addon))
    assert f"source digest: {digest}" in index, f"{addon.name} index.html is stale; {FIX}"
    assert not index.startswith("<?xml"), "Odoo warns about an XML declaration"


def test_fragments_are_body_text_only():
    for addon in ADDONS:
        for fragment in (addon / "readme").glob("*.md"):
            text = fragment.read_text(encoding="utf-8")
            assert not re.search(r"^\s*#", text, re.M), f"{fragment}: no headings"


def test_markdown_subset():
    md = (
        "A *word*, **bold**, `code_x_` and [a link](https://example.com).\n"
        "A name_ and a | bar.\n"
        "\n"
        "1. First step,\n"
        "   continued.\n"
        "2. Second.\n"
        "\n"
        "- item\n"
        "  more\n"
    )
    assert gen.md_to_rst(md) == (
        "A *word*, **bold**, ``code_x_`` and `a link <https://example.com>`__.\n"
        "A name\\_ and a \\| bar.\n"
        "\n"
        "1. First step,\n"
        "   continued.\n"
        "2. Second.\n"
        "\n"
        "- item\n"
        "  more\n"
    )


@pytest.mark.parametrize(
    "md",
    ["# Title\n", "```\ncode\n```\n", "| a |\n", "![i](x.png)\n", "<b>x</b>\n", "- a\n  - b\n"],
)
def test_markdown_outside_the_subset_is_refused(md):
    with pytest.raises(gen.FragmentError):
        gen.md_to_rst(md)


def test_check_mode_reports_a_stale_readme(tmp_path, capsys):
    addon = tmp_path / "demo_addon"
    (addon / "readme").mkdir(parents=True)
    (addon / "__manifest__.py").write_text(
        '{"name": "Demo", "summary": "S", "version": "19.0.1.0.0", "author": "A, B"}'
    )
    (addon / "readme/DESCRIPTION.md").write_text("What it does.\n")
    assert gen.main(["--check", str(addon)]) == 1
    assert gen.main([str(addon)]) == 0
    assert gen.main(["--check", str(addon)]) == 0
    rst = (addon / "README.rst").read_text()
    assert rst.startswith("====\nDemo\n====\n")
    assert "- A\n- B\n" in rst and ".. contents::" in rst
    (addon / "readme/DESCRIPTION.md").write_text("What it does now.\n")
    assert gen.main(["--check", str(addon)]) == 1
