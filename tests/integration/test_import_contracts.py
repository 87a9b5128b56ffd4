"""The import contracts really bite: a layer crossed breaks `lint-imports`. (That the core imports
the standard library alone is checked import by import in tests/unit/architecture.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(tree / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), str(tree / "importlinter.ini"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _copy_project(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "src", tree / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "importlinter.ini", tree / "importlinter.ini")
    return tree


def test_an_unchanged_copy_keeps_every_contract(tmp_path: Path) -> None:
    result = _lint(_copy_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_core_reaching_into_an_adapter_breaks_the_build(tmp_path: Path) -> None:
    tree = _copy_project(tmp_path)
    use_case = tree / "src" / "todo_core" / "use_cases" / "get_todo.py"
    use_case.write_text("import adapters.memory  # noqa\n" + use_case.read_text())

    result = _lint(tree)

    assert result.returncode != 0
    assert "Layers: entrypoints -> adapters -> todo_core BROKEN" in result.stdout
