"""The core must stay embeddable: standard library only, checked two independent ways."""

from __future__ import annotations

import ast
import configparser
import importlib.metadata
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CORE = ROOT / "src" / "todo_core"
OWN_PACKAGES = {"todo_core", "adapters", "entrypoints"}


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


def test_the_import_contract_forbids_every_installed_third_party_package() -> None:
    """A newly locked dependency must be added to the contract, or this test fails."""
    config = configparser.ConfigParser()
    config.read(ROOT / "importlinter.ini")
    contract = config["importlinter:contract:core-standard-library-only"]
    forbidden = set(contract["forbidden_modules"].split())
    installed = {
        name
        for name in importlib.metadata.packages_distributions()
        if name.isidentifier()
        and not name.startswith("_")
        and "__mypyc" not in name
        and name not in OWN_PACKAGES
        and name not in sys.stdlib_module_names
    }
    assert installed - forbidden == set()
