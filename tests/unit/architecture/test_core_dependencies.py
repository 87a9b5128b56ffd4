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


def _imports_outside_the_standard_library(package: Path) -> set[str]:
    return {
        f"{path.relative_to(package.parent)}: {name}"
        for path in package.rglob("*.py")
        for name in _imported_top_level_names(path)
        if name != package.name and name not in sys.stdlib_module_names
    }


def test_every_import_in_the_core_is_standard_library_or_the_core() -> None:
    assert _imports_outside_the_standard_library(CORE) == set()


def test_a_third_party_import_anywhere_in_the_core_is_found(tmp_path: Path) -> None:
    core = tmp_path / "todo_core"
    (core / "domain").mkdir(parents=True)
    (core / "__init__.py").write_text("from todo_core.domain import todo\n")
    (core / "domain" / "todo.py").write_text(
        "import dataclasses\n\ndef f():\n    from sqlalchemy.orm import Session\n"
    )

    assert _imports_outside_the_standard_library(core) == {"todo_core/domain/todo.py: sqlalchemy"}
