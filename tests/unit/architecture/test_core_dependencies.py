"""The core must stay embeddable: every import in it is the standard library or the core."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CORE = ROOT / "src" / "todo_core"


def _imported_top_level_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_every_import_in_the_core_is_standard_library_or_the_core() -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in CORE.rglob("*.py")
        for name in _imported_top_level_names(path)
        if name != "todo_core" and name not in sys.stdlib_module_names
    }
    assert offenders == set()
