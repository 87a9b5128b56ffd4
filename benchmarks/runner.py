"""Runs the scenarios in order, prints the table, writes `benchmarks/results/latest.json`.

A scenario that fails to run is reported as NOT RUN with its error, and the others still run;
the exit status is 0 only when every scenario ran (a missed target is a finding, not a crash).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.context import BenchContext
from benchmarks.cpus import cpu_layout
from benchmarks.machine import load_average, machine_info
from benchmarks.provisioning import Provisioner
from benchmarks.report import render_markdown, render_table, write_json
from benchmarks.result import ScenarioResult
from benchmarks.scenarios import (
    core_embedded,
    create_todo,
    framework_tax,
    list_scale,
    login,
    relay_throughput,
)

__all__ = ["SCENARIOS", "main"]

# The order for the table; run in this order too. The ones needing no database go
# first, Kafka last, so the broker's start-up never overlaps a measurement.
SCENARIOS: dict[str, Callable[[BenchContext], ScenarioResult]] = {
    "create_todo": create_todo.run,
    "list_scale": list_scale.run,
    "relay_throughput": relay_throughput.run,
    "framework_tax": framework_tax.run,
    "core_embedded": core_embedded.run,
    "login": login.run,
}
_RUN_ORDER = (
    "core_embedded",
    "framework_tax",
    "login",
    "create_todo",
    "list_scale",
    "relay_throughput",
)
_DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results" / "latest.json"


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--only", default=",".join(SCENARIOS), help="comma-separated scenarios (default: all)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="short windows, small tables: try it, not measure"
    )
    parser.add_argument("--repetitions", type=int, default=3, help="at least 3 (default 3)")
    parser.add_argument("--output", type=Path, default=_DEFAULT_OUTPUT, help="the JSON report")
    arguments = parser.parse_args(argv)
    unknown = set(arguments.only.split(",")) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if arguments.repetitions < 3:
        parser.error("--repetitions must be at least 3: figures are medians of repetitions")
    return arguments


def _run_one(name: str, context: BenchContext) -> ScenarioResult:
    _say(f"==> {name}")
    started = time.monotonic()
    try:
        result = SCENARIOS[name](context)
    except Exception as exc:  # reported in the table; the others still run
        traceback.print_exc()
        result = ScenarioResult(name, (), error=f"{type(exc).__name__}: {exc}".splitlines()[0])
    result.details["seconds"] = round(time.monotonic() - started, 1)
    _say(f"    {name}: {result.details['seconds']} s")
    return result


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parse(argv)
    chosen = set(arguments.only.split(","))
    layout = cpu_layout()
    started = time.monotonic()
    load_before = load_average()
    with Provisioner(layout) as services:
        context = BenchContext(
            layout, services, repetitions=arguments.repetitions, quick=arguments.quick
        )
        by_name = {name: _run_one(name, context) for name in _RUN_ORDER if name in chosen}
        versions = dict(services.versions)
    results = [by_name[name] for name in SCENARIOS if name in by_name]
    machine = machine_info(versions, layout.describe()) | {
        "load_average_before": load_before,
        "load_average_after": load_average(),
    }
    extra = {"quick": arguments.quick, "seconds": round(time.monotonic() - started, 1)}
    write_json(arguments.output, machine, results, extra)
    summary = (
        f"{machine['cpu_model']}, {machine['cores']} cores, Python "
        f"{machine['python']}, PostgreSQL {machine['postgresql']}, Kafka "
        f"{machine['kafka']}; load average {load_before} before, "
        f"{machine['load_average_after']} after; {extra['seconds']} s"
    )
    arguments.output.with_suffix(".md").write_text(
        render_markdown(results) + "\n\n" + summary + "\n"
    )
    sys.stdout.write("\n" + render_table(results) + "\n\n")
    sys.stdout.write(summary + "\n")
    sys.stdout.write(f"written to {arguments.output} (and .md)\n")
    return 0 if all(result.error is None for result in results) else 1
