"""What a scenario reports: checks (a value against a baseline, and the target it must meet)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Check", "ScenarioResult", "Target"]

Comparison = Literal[">=", "<=", "<"]
_COMPARE: dict[Comparison, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "<": operator.lt,
}


@dataclass(frozen=True, slots=True)
class Target:
    """`ratio >= 0.5`, or, for the one absolute target (a latency), `value < 500`."""

    comparison: Comparison
    bound: float
    on: Literal["ratio", "value"] = "ratio"
    unit: str = ""

    def met_by(self, value: float, ratio: float | None) -> bool:
        measured = ratio if self.on == "ratio" else value
        return measured is not None and _COMPARE[self.comparison](measured, self.bound)

    def __str__(self) -> str:
        suffix = f" {self.unit}" if self.unit else ""
        return f"{self.on} {self.comparison} {self.bound:g}{suffix}"


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    value: float
    unit: str
    target: Target
    baseline: float | None = None
    # "value / baseline" unless said otherwise (list_scale's is big / small, the same thing).
    ratio_label: str = "value/baseline"

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool:
        return self.target.met_by(self.value, self.ratio)

    def as_json(self) -> dict[str, Any]:
        ratio = self.ratio
        return {
            "value": round(self.value, 4),
            "baseline": None if self.baseline is None else round(self.baseline, 4),
            "unit": self.unit,
            "ratio": None if ratio is None else round(ratio, 4),
            "ratio_is": self.ratio_label,
            "target": str(self.target),
            "met": self.met,
        }


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """The first check is the scenario's headline; any others are reported beside it."""

    name: str
    checks: tuple[Check, ...]
    # Every figure behind the checks: per-repetition values, percentiles, sizes, settings.
    details: dict[str, Any] = field(default_factory=dict)
    # Set when the scenario could not run at all (a missing service); then it has no checks.
    error: str | None = None

    @property
    def met(self) -> bool:
        return self.error is None and all(check.met for check in self.checks)

    def as_json(self) -> dict[str, Any]:
        if self.error is not None or not self.checks:
            return {"met": False, "error": self.error, "details": self.details}
        head, *others = self.checks
        entry = head.as_json() | {"met": self.met}
        if others:
            entry["checks"] = {check.name: check.as_json() for check in others}
        entry["details"] = self.details
        return entry
