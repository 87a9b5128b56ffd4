"""The table `make bench` prints (and writes as Markdown, for docs/benchmarks.md), and
`benchmarks/results/latest.json`."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.result import Check, ScenarioResult

__all__ = ["render_markdown", "render_table", "write_json"]

_HEADERS = ("scenario", "value", "baseline", "ratio", "target", "verdict")


def _figure(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {unit}".rstrip()


def _row(scenario: str, check: Check) -> tuple[str, ...]:
    name = scenario if check.name == scenario else f"{scenario}: {check.name}"
    ratio = check.ratio
    return (
        name,
        _figure(check.value, check.unit),
        _figure(check.baseline, check.unit),
        "-" if ratio is None else f"{ratio:.2f}",
        str(check.target),
        "met" if check.met else "MISSED",
    )


def _rows(results: Sequence[ScenarioResult]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for result in results:
        if result.error is not None:
            error = result.error if len(result.error) <= 60 else result.error[:57] + "..."
            rows.append((result.name, "-", "-", "-", "-", f"NOT RUN: {error}"))
        rows += [_row(result.name, check) for check in result.checks]
    return rows


def render_table(results: Sequence[ScenarioResult]) -> str:
    rows = _rows(results)
    widths = [max(len(row[i]) for row in [_HEADERS, *rows]) for i in range(len(_HEADERS))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    rule = ["-" * width for width in widths]
    return "\n".join(line(row).rstrip() for row in [_HEADERS, rule, *rows])


def render_markdown(results: Sequence[ScenarioResult]) -> str:
    lines = ["| " + " | ".join(_HEADERS) + " |", "|" + "---|" * len(_HEADERS)]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(results)]
    return "\n".join(lines)


def _finite(value: Any) -> Any:
    """JSON has no NaN: a figure that could not be measured is null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def write_json(
    path: Path, machine: dict[str, Any], results: Sequence[ScenarioResult], extra: dict[str, Any]
) -> None:
    document = {
        "machine": machine,
        "scenarios": {result.name: result.as_json() for result in results},
    } | extra
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_finite(document), indent=2, allow_nan=False) + "\n")
