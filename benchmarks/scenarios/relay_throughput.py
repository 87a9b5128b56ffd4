"""relay_throughput: outbox -> Kafka events/s through `todo relay` vs a raw aiokafka producer
sending the same messages with the same producer settings (`raw_producer`); and the latency
from a commit to the consumer's handler, p99 at 500 events/s (`event_latency`).
Targets: ratio >= 0.8; p99 < 500 ms.

The relay runs on the app's core, as does the baseline in its place; PostgreSQL and Kafka on
the database's. Throughput: a backlog of `count` events (two per todo) committed at once; the
relay's rate is the events over the time from that commit to the last `published_at`. Latency:
one event per transaction, 500 a second for 10 s, each commit's time against the time the
consumer's handler sees the event; an event that never arrives counts as infinitely late.
"""

from __future__ import annotations

import asyncio
import json
import math
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg

from benchmarks.context import BenchContext
from benchmarks.cpus import process_cpu_seconds, running_on
from benchmarks.provisioning import asyncpg_dsn
from benchmarks.result import Check, ScenarioResult, Target
from benchmarks.scenarios.outbox_events import insert_at_rate, insert_burst, outbox_rows
from benchmarks.servers import running_process, server_environment, todo_command
from benchmarks.stats import median, percentile
from entrypoints.settings import Settings

__all__ = ["drained_at", "init_topics", "run"]

NAME = "relay_throughput"
_TOPIC = "todo.todos.v1"
# The relay's claim size (its default `relay_batch_size`): also the baseline's sends in flight.
_BATCH: int = Settings.model_fields["relay_batch_size"].default
_RATE = 500.0
_LATENCY_SECONDS = 10.0
_DRAIN_TIMEOUT_S = 120.0
_STRAGGLERS_S = 60.0
_DRAINED = """
SELECT count(*) FILTER (WHERE published_at IS NULL) AS waiting, max(published_at) AS last
FROM outbox WHERE id = ANY($1::uuid[])
"""


async def drained_at(dsn: str, ids: list[Any], process: subprocess.Popen[bytes]) -> datetime:
    """When the last of `ids` was published, once all are."""
    connection = await asyncpg.connect(dsn)
    try:
        deadline = time.monotonic() + _DRAIN_TIMEOUT_S
        while True:
            row = await connection.fetchrow(_DRAINED, ids)
            if row is not None and row["waiting"] == 0:
                last: datetime = row["last"]
                return last
            if process.poll() is not None:
                raise RuntimeError(f"todo relay exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the relay left {row and row['waiting']} events unpublished")
            await asyncio.sleep(0.05)
    finally:
        await connection.close()


def _relay_rate(dsn: str, count: int, process: subprocess.Popen[bytes]) -> tuple[float, float]:
    """Events per second, and the relay's CPU milliseconds per event."""
    rows = outbox_rows(count)
    cpu = process_cpu_seconds(process.pid)
    asyncio.run(insert_burst(dsn, rows))
    committed = datetime.now(UTC)
    last = asyncio.run(drained_at(dsn, [row[0] for row in rows], process))
    cpu = process_cpu_seconds(process.pid) - cpu
    return len(rows) / (last - committed).total_seconds(), cpu * 1000 / len(rows)


def _baseline(context: BenchContext, dsn: str, bootstrap: str, count: int) -> dict[str, float]:
    command = [sys.executable, "-m", "benchmarks.scenarios.raw_producer", dsn, bootstrap]
    command += [_TOPIC, str(count), str(_BATCH)]
    with running_on(context.layout.app):
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            command, check=True, capture_output=True, text=True, timeout=_DRAIN_TIMEOUT_S
        )
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def _latencies(
    context: BenchContext, database: str, bootstrap: str
) -> tuple[list[float], float | None]:
    """Each event's commit-to-handler seconds, and the rate the handler saw them at."""
    seconds = context.seconds(_LATENCY_SECONDS)
    command = [sys.executable, "-m", "benchmarks.scenarios.event_latency", database, bootstrap]
    # Until every event was handled, or a minute after the last: a slow consumer's latency is
    # measured, not cut off (what never arrives counts as infinitely late).
    command += [_TOPIC, str(int(_RATE * seconds)), str(seconds + _STRAGGLERS_S)]
    # Beside the relay: the consumer is a process under test too.
    with running_on(context.layout.app):
        consumer = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command, stdout=subprocess.PIPE, text=True, env=server_environment({})
        )
    assert consumer.stdout is not None  # noqa: S101 - PIPE
    if consumer.stdout.readline().strip() != "ready":
        consumer.kill()
        raise RuntimeError("the latency consumer did not start")
    committed = asyncio.run(insert_at_rate(asyncpg_dsn(database), rate=_RATE, seconds=seconds))
    output, _ = consumer.communicate(timeout=seconds + _STRAGGLERS_S + 60)
    received: dict[str, float] = json.loads(output)
    seen = sorted(received.values())
    handled_rate = (len(seen) - 1) / (seen[-1] - seen[0]) if len(seen) > 1 else None
    return [received.get(event, math.inf) - at for event, at in committed.items()], handled_rate


def run(context: BenchContext) -> ScenarioResult:
    database = context.services.database()
    bootstrap = context.services.kafka()
    dsn = asyncpg_dsn(database)
    settings = {"TODO_DATABASE_URL": database, "TODO_KAFKA_BOOTSTRAP_SERVERS": bootstrap}
    init_topics(settings)
    count = 2_000 if context.quick else 10_000
    relay: list[float] = []
    relay_cpu: list[float] = []
    raw: list[dict[str, float]] = []
    with running_process(todo_command("relay"), settings=settings, cpus=context.layout.app) as (
        process,
        log,
    ):
        try:
            _relay_rate(dsn, 1_000, process)  # warm-up: connections, metadata, the JIT
            for _ in range(context.repetitions):
                rate, cpu = _relay_rate(dsn, count, process)
                relay.append(rate)
                relay_cpu.append(cpu)
                raw.append(_baseline(context, dsn, bootstrap, count))
                context.say(
                    f"relay {relay[-1]:,.0f} events/s, raw producer "
                    f"{raw[-1]['events_per_s']:,.0f} events/s "
                    f"(unbounded {raw[-1]['unbounded_events_per_s']:,.0f})"
                )
            latencies, handled_rate = _latencies(context, database, bootstrap)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}\n{_tail(log)}") from exc
    late = [seconds * 1000 for seconds in latencies]
    p99 = percentile(late, 0.99)
    context.say(
        f"latency at {_RATE:.0f} events/s: p50 {percentile(late, 0.5):.0f} ms, p99 {p99:.0f} ms"
    )
    checks = (
        Check(
            NAME,
            median(relay),
            "events/s",
            Target(">=", 0.8),
            baseline=median([figures["events_per_s"] for figures in raw]),
        ),
        Check(
            f"commit-to-handler p99 at {_RATE:.0f}/s",
            p99,
            "ms",
            Target("<", 500, on="value", unit="ms"),
        ),
    )
    details = {
        "events_per_repetition": count,
        "relay_batch_size": _BATCH,
        "relay_events_per_s": [round(rate) for rate in relay],
        "raw_events_per_s": [round(figures["events_per_s"]) for figures in raw],
        "raw_unbounded_events_per_s": [round(f["unbounded_events_per_s"]) for f in raw],
        # CPU per event: the relay's over the whole drain, the producer's over its bounded run.
        "relay_cpu_ms_per_event": median(relay_cpu),
        "raw_cpu_ms_per_event": median([figures["cpu_ms_per_event"] for figures in raw]),
        "latency_ms": {
            "events": len(late),
            "never_handled": sum(1 for value in late if math.isinf(value)),
            "p50": percentile(late, 0.5),
            "p99": p99,
            "max": max(late),
        },
        # What the consumer kept up with: below the offered rate, a backlog (and latency) grows.
        "offered_events_per_s": _RATE,
        "handled_events_per_s": handled_rate,
    }
    return ScenarioResult(NAME, checks, details)


def init_topics(settings: dict[str, str]) -> None:
    """`todo kafka init-topics`, as an operator creates the topics before the first relay."""
    done = subprocess.run(  # noqa: S603 - our own program
        todo_command("kafka", "init-topics", "--replication-factor", "1"),
        env=server_environment(settings),
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        why = (done.stderr or done.stdout).strip().splitlines()
        raise RuntimeError(f"todo kafka init-topics failed: {why[-1] if why else done.returncode}")


def _tail(log: Path, lines: int = 20) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
