"""Tests that run outside Odoo: each addon's ``core`` package is loaded on its
own, without importing the addon (and so without Odoo): ``debt_recovery/core``
as ``debt_core``, ``debt_recovery_sale/core`` as ``debt_sale_core``."""

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORE = REPO / "debt_recovery" / "core"
CORES = {
    "debt_core": CORE,
    "debt_sale_core": REPO / "debt_recovery_sale" / "core",
}


def _load_core(name, path):
    spec = importlib.util.spec_from_file_location(
        name, path / "__init__.py", submodule_search_locations=[str(path)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


for _name, _path in CORES.items():
    _load_core(_name, _path)
