"""What every scenario is handed: where to run things, how long, and the services."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from benchmarks.cpus import CpuLayout
from benchmarks.provisioning import Provisioner

__all__ = ["BenchContext"]


@dataclass(frozen=True, slots=True)
class BenchContext:
    layout: CpuLayout
    services: Provisioner
    # At least 3: every reported figure is the median of the repetitions.
    repetitions: int = 3
    # `--quick`: shorter windows and smaller tables, for trying the harness, not for numbers.
    quick: bool = False

    def seconds(self, full: float) -> float:
        """A measuring window: `full` normally, a fraction of it in a quick run."""
        return full / 4 if self.quick else full

    def say(self, line: str) -> None:
        sys.stderr.write(f"  {line}\n")
        sys.stderr.flush()
