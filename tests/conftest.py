"""Tests that run outside Odoo: ``debt_recovery/core`` is loaded on its own,
as package ``debt_core``, without importing the addon (and so without Odoo)."""

import importlib.util
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "debt_recovery" / "core"


def _load_core():
    spec = importlib.util.spec_from_file_location(
        "debt_core", CORE / "__init__.py", submodule_search_locations=[str(CORE)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["debt_core"] = module
    spec.loader.exec_module(module)


_load_core()
