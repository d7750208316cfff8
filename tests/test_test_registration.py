"""Odoo's test runner only sees the test modules an addon's ``tests/__init__.py``
imports; pytest finds every file. A module missing from ``__init__`` runs under
pytest and silently never under ``odoo-bin --test-tags``: fail on it here."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _addon_test_dirs():
    return sorted(
        p.parent / "tests" for p in REPO.glob("*/__manifest__.py") if (p.parent / "tests").is_dir()
    )


def _imported_modules(init_file):
    imported = set()
    for node in ast.walk(ast.parse(init_file.read_text(), filename=str(init_file))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                imported.add(node.module.split(".")[0])
            else:
                imported.update(alias.name for alias in node.names)
    return imported


def unregistered_test_modules(tests_dir):
    """The ``test_*.py`` files of ``tests_dir`` that its ``__init__.py`` does not import."""
    init_file = tests_dir / "__init__.py"
    imported = _imported_modules(init_file) if init_file.exists() else set()
    return sorted(p.stem for p in tests_dir.glob("test_*.py") if p.stem not in imported)


def test_every_addon_test_module_is_registered():
    dirs = _addon_test_dirs()
    assert dirs, "no addon with a tests/ folder found"
    missing = {str(d.relative_to(REPO)): unregistered_test_modules(d) for d in dirs}
    assert not {d: m for d, m in missing.items() if m}


def test_the_guard_sees_a_missing_module(tmp_path):
    (tmp_path / "__init__.py").write_text("from . import test_a\nfrom . import (test_b)\n")
    for name in ("test_a", "test_b", "test_c", "common"):
        (tmp_path / f"{name}.py").write_text("")
    assert unregistered_test_modules(tmp_path) == ["test_c"]
