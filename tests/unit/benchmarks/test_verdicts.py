"""The harness's verdicts: what `make bench` prints and writes must say met only when met."""

from __future__ import annotations

import json
import math
from pathlib import Path

from benchmarks.report import render_table, write_json
from benchmarks.result import Check, ScenarioResult, Target
from benchmarks.stats import median, percentile


def test_a_ratio_target_is_judged_on_value_over_baseline() -> None:
    fast_enough = Check("create_todo", 60.0, "req/s", Target(">=", 0.5), baseline=100.0)
    too_slow = Check("create_todo", 40.0, "req/s", Target(">=", 0.5), baseline=100.0)
    assert fast_enough.met
    assert not too_slow.met


def test_a_latency_target_is_judged_on_the_value_and_needs_no_baseline() -> None:
    target = Target("<", 500, on="value", unit="ms")
    assert Check("p99", 499.0, "ms", target).met
    assert not Check("p99", 500.0, "ms", target).met
    assert not Check("p99", math.inf, "ms", target).met


def test_a_ratio_target_without_a_baseline_is_missed_not_met() -> None:
    assert not Check("list_scale", 10.0, "ms", Target("<=", 1.2)).met


def test_a_scenario_is_met_only_when_every_check_is() -> None:
    first = Check("list_scale", 11.0, "ms", Target("<=", 1.2), baseline=10.0)
    deep = Check("deep page", 13.0, "ms", Target("<=", 1.2), baseline=10.0)
    result = ScenarioResult("list_scale", (first, deep))
    assert not result.met
    entry = result.as_json()
    assert entry["ratio"] == 1.1
    assert entry["checks"]["deep page"]["met"] is False
    assert entry["met"] is False


def test_a_scenario_that_did_not_run_is_reported_as_such(tmp_path: Path) -> None:
    broken = ScenarioResult("login", (), error="RuntimeError: no /auth/login")
    table = render_table([broken])
    assert "NOT RUN: RuntimeError: no /auth/login" in table
    output = tmp_path / "latest.json"
    write_json(output, {"cores": 2}, [broken], {})
    assert json.loads(output.read_text())["scenarios"]["login"]["met"] is False


def test_figures_that_could_not_be_measured_are_null_in_the_json(tmp_path: Path) -> None:
    check = Check("framework_tax", 1.0, "req/s", Target(">=", 0.8), baseline=1.0)
    result = ScenarioResult("framework_tax", (check,), {"p50_ms": math.nan})
    output = tmp_path / "latest.json"
    write_json(output, {}, [result], {})
    assert json.loads(output.read_text())["scenarios"]["framework_tax"]["details"]["p50_ms"] is None


def test_percentiles_are_measured_values_not_interpolations() -> None:
    samples = [float(value) for value in range(1, 101)]
    assert percentile(samples, 0.99) == 99.0
    assert percentile(samples, 0.5) == 50.0
    assert percentile([7.0], 0.99) == 7.0
    assert median([3.0, 1.0, 2.0]) == 2.0
