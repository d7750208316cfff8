"""core/ holds decisions as plain Python: it must never import Odoo."""

import ast

from conftest import CORE


def test_core_never_imports_odoo():
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "odoo"]
    assert not offenders
    assert len(list(CORE.rglob("*.py"))) > 1
