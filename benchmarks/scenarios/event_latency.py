"""The receiving end of relay_throughput's latency check: the project's consumer runtime
(`adapters.kafka.consumer.KafkaEventConsumer`: decode, inbox check, handler, inbox row and
commit, offset commit) with a handler that notes when each event reaches it (wall clock, as the
inserting side notes its commits).

    python -m benchmarks.scenarios.event_latency DATABASE_URL BOOTSTRAP TOPIC EXPECTED SECONDS
        prints "ready" once its group owns the topic's partitions (starting at their ends),
        then, once EXPECTED events were handled or after SECONDS at most,
        {event id: seconds since the epoch} as JSON
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from uuid import uuid4

from aiokafka import AIOKafkaConsumer

from adapters.kafka.consumer import KafkaEventConsumer
from adapters.sqlalchemy import SqlAlchemyDeadLetterStore, SqlAlchemyUnitOfWork, create_engine
from adapters.system import SystemClock, Uuid7IdGenerator
from todo_core.domain.event_catalogue import published_event_types
from todo_core.ports.event_handler import InboundEvent
from todo_core.ports.unit_of_work import UnitOfWork
from todo_core.use_cases.process_event import ProcessEvent

__all__: list[str] = []


class _Stopwatch:
    """An `EventHandler` whose effect is noting the time: nothing else to wait for."""

    def __init__(self) -> None:
        self.name = f"bench-latency-{uuid4().hex[:8]}"
        self.received: dict[str, float] = {}

    def handles(self, event_type: str) -> bool:
        return True

    async def handle(self, event: InboundEvent, uow: UnitOfWork) -> None:
        self.received.setdefault(str(event.id), time.time())


async def _start_at_the_end(bootstrap: str, topic: str, group_id: str) -> None:
    """Commits the topic's end offsets for the group, so that the runtime (which starts a new
    group at the earliest offset) skips the throughput runs' backlog."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=group_id, enable_auto_commit=False
    )
    await consumer.start()
    try:
        while not consumer.assignment():
            await consumer.getmany(timeout_ms=100)
        await consumer.seek_to_end()
        for partition in consumer.assignment():
            await consumer.position(partition)
        await consumer.commit()
    finally:
        await consumer.stop()


async def _run(
    database_url: str, bootstrap: str, topic: str, expected: int, seconds: float
) -> dict[str, float]:
    engine = create_engine(database_url)
    ids, clock = Uuid7IdGenerator(), SystemClock()
    stopwatch = _Stopwatch()
    process = ProcessEvent(
        handler=stopwatch,
        uow=lambda: SqlAlchemyUnitOfWork(engine, ids=ids),
        clock=clock,
        known_types=published_event_types(),
    )
    runtime = KafkaEventConsumer(
        bootstrap_servers=bootstrap,
        topics=[topic],
        process=process,
        dead_letters=SqlAlchemyDeadLetterStore(engine),
        clock=clock,
        ids=ids,
        group_prefix="bench.",
    )
    await _start_at_the_end(bootstrap, topic, runtime.group_id)
    task = asyncio.create_task(runtime.run())
    try:
        await runtime.started.wait()
        # Polling: the runtime sets `assignment` from its rebalance listener, signalling nothing.
        while not runtime.assignment:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        deadline = time.monotonic() + seconds
        # Polling a counter the handler bumps: a deadline-bounded wait, no signal to wait on.
        while len(stopwatch.received) < expected and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
    finally:
        runtime.stop()
        await asyncio.gather(task, return_exceptions=True)
        await engine.dispose()
    return stopwatch.received


if __name__ == "__main__":
    url, servers, name, expected, duration = sys.argv[1:6]
    # The standard loop, as the service's consumer processes run on (asyncio.run).
    outcome = asyncio.run(_run(url, servers, name, int(expected), float(duration)))
    sys.stdout.write(json.dumps(outcome) + "\n")
