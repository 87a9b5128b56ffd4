"""The embedding example in the docs runs and prints what it promises."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "embedding.py"


def test_the_embedding_example_runs_as_documented(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(EXAMPLE), run_name="__main__")
    assert capsys.readouterr().out.strip() == "[('call mum', 'open'), ('buy milk', 'done')]"


def test_the_embedding_example_stays_short() -> None:
    assert len(EXAMPLE.read_text().splitlines()) <= 25
