"""The receiving end of relay_throughput's latency check: a consumer that notes when each event
reaches its handler (wall clock, as the inserting side notes its commits).

    python -m benchmarks.scenarios.event_latency BOOTSTRAP TOPIC SECONDS
        prints "ready" once it owns the topic's partitions (at their ends), then, after
        SECONDS, {ce_id: seconds since the epoch} as JSON
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any
from uuid import uuid4

from aiokafka import AIOKafkaConsumer

from benchmarks.event_loop import run_fast

__all__: list[str] = []


def _handler(received: dict[str, float]) -> Any:
    def handle(record: Any) -> None:
        received_at = time.time()
        headers = dict(record.headers)
        received[headers["ce_id"].decode()] = received_at

    return handle


async def _run(bootstrap: str, topic: str, seconds: float) -> dict[str, float]:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"bench-latency-{uuid4().hex[:8]}",
        auto_offset_reset="latest",
        enable_auto_commit=False,
    )
    received: dict[str, float] = {}
    handle = _handler(received)
    await consumer.start()
    try:
        while not consumer.assignment():
            await consumer.getmany(timeout_ms=100)
        await consumer.seek_to_end()
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=50)
            for records in batch.values():
                for record in records:
                    handle(record)
    finally:
        await consumer.stop()
    return received


if __name__ == "__main__":
    outcome = run_fast(_run(sys.argv[1], sys.argv[2], float(sys.argv[3])))
    sys.stdout.write(json.dumps(outcome) + "\n")
