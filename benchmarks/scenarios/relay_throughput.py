"""relay_throughput: outbox -> Kafka events/s through `todo relay` vs a raw aiokafka producer
sending the same messages with the same producer settings; and the end-to-end latency from a
commit to the consumer's handler, p99 at 500 events/s. Targets: ratio >= 0.8; p99 < 500 ms.
"""

from __future__ import annotations

from benchmarks.context import BenchContext
from benchmarks.result import ScenarioResult

__all__ = ["run"]

NAME = "relay_throughput"


def run(context: BenchContext) -> ScenarioResult:
    del context
    raise RuntimeError("the outbox relay (`todo relay`) is not available yet")
