"""The relay loop: claim a batch of outbox rows, publish it, record the outcome, wait, repeat.

Each aggregate's claimed rows are published one after the other, in order; different
aggregates in parallel, so one slow or failing aggregate costs the batch one send timeout,
not one per row. A failed row stops its aggregate's chain (the later rows must not overtake
it), and the aggregate is left out of the next claims for a while, backing off; the other
aggregates keep flowing. After a full batch the next one starts at once;
otherwise the loop waits for a notification or the poll interval, whichever comes first.

The publisher is any `EventPublisher`: Kafka when configured, or an in-process one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from adapters.sqlalchemy import ClaimedBatch, OutboxLag, OutboxWakeups, SqlAlchemyOutboxRelay
from todo_core.errors import TodoError
from todo_core.ports import Clock
from todo_core.ports.event_publisher import EventPublisher, OutboxMessage

__all__ = ["BatchOutcome", "OutboxRelay", "RelayOptions", "outbox_lag_summary"]

_LOG = logging.getLogger("todo.relay")
# A failing aggregate is tried again after poll_interval * 2**failures seconds, at most this.
_MAX_HOLD_S = 30.0
# Bounds the claim's parameter list; beyond this many failing aggregates, the broker is down.
_MAX_SKIPPED = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class RelayOptions:
    batch_size: int = 100
    # Seconds between polls when no notification arrives (and before retrying after a failure).
    poll_interval: float = 1.0
    # Seconds between log lines reporting the lag and the counters.
    lag_report_interval: float = 30.0


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    claimed: int
    published: int
    failed: int


class OutboxRelay:
    def __init__(
        self,
        outbox: SqlAlchemyOutboxRelay,
        publisher: EventPublisher,
        *,
        wakeups: OutboxWakeups,
        clock: Clock,
        options: RelayOptions | None = None,
    ) -> None:
        self._outbox = outbox
        self._publisher = publisher
        self._wakeups = wakeups
        self._clock = clock
        options = options if options is not None else RelayOptions()
        self._batch_size = options.batch_size
        self._poll_interval = options.poll_interval
        self._lag_report_interval = options.lag_report_interval
        # Counters since start, reported with the lag.
        self.published_total = 0
        self.failed_total = 0
        # Aggregates whose oldest event failed: consecutive failures, and when to try again.
        # Skipping them for a while (with all their rows, so nothing overtakes) keeps a stuck
        # aggregate from filling every batch with rows it holds back.
        self._held: dict[UUID, tuple[int, float]] = {}

    async def relay_batch(self) -> BatchOutcome:
        """Claims, publishes and records one batch."""
        now = time.monotonic()
        skip = [aggregate for aggregate, (_, at) in self._held.items() if at > now]
        async with self._outbox.claim(self._batch_size, skip=skip[:_MAX_SKIPPED]) as batch:
            await asyncio.gather(*(self._publish_chain(batch, c) for c in batch.chains()))
        outcome = BatchOutcome(len(batch.messages), len(batch.published), len(batch.failed))
        self.published_total += outcome.published
        self.failed_total += outcome.failed
        return outcome

    async def run(self, stop: asyncio.Event) -> None:
        """Relays until `stop` is set; the batch in flight is finished first."""
        try:
            await self._run(stop)
        finally:
            await self._wakeups.close()

    async def _run(self, stop: asyncio.Event) -> None:
        next_report = 0.0
        while not stop.is_set():
            try:
                outcome = await self.relay_batch()
                if time.monotonic() >= next_report:
                    next_report = time.monotonic() + self._lag_report_interval
                    self.report_lag(await self._outbox.lag())
            except TodoError as exc:
                # The database is unreachable, or the claim lost a race it reports as an error.
                _LOG.warning("relay: claiming failed (%r); retrying", exc)
                outcome = BatchOutcome(0, 0, 1)
            if outcome.failed and not outcome.published:
                # Something is wrong (the broker, most likely): retry after a poll interval,
                # not on every notification.
                await _first_of(stop.wait(), asyncio.sleep(self._poll_interval))
            elif outcome.claimed < self._batch_size:
                await _first_of(stop.wait(), self._wakeups.wait(self._poll_interval))

    def report_lag(self, lag: OutboxLag) -> None:
        age = lag.oldest_age(self._clock.now()).total_seconds()
        _LOG.info(
            "outbox lag unpublished=%d oldest_age_s=%.1f published_total=%d failed_total=%d",
            lag.unpublished,
            age,
            self.published_total,
            self.failed_total,
            extra={
                "unpublished": lag.unpublished,
                "oldest_age_s": age,
                "published_total": self.published_total,
                "failed_total": self.failed_total,
            },
        )

    async def _publish_chain(self, batch: ClaimedBatch, chain: tuple[OutboxMessage, ...]) -> None:
        aggregate = chain[0].aggregate_id
        for message in chain:
            try:
                await self._publisher.publish(message)
            # The port's contract: raising, whatever the error, means "not published".
            except Exception as exc:
                batch.mark_failed(message, f"{type(exc).__name__}: {exc}")
                failures = self._held.get(aggregate, (0, 0.0))[0] + 1
                delay = min(_MAX_HOLD_S, self._poll_interval * 2**failures)
                self._held[aggregate] = (failures, time.monotonic() + delay)
                held_back = len(chain) - chain.index(message) - 1
                _LOG.warning(
                    "publish failed event_id=%s type=%s aggregate_id=%s held_back=%d error=%r",
                    message.id,
                    message.event_type,
                    message.aggregate_id,
                    held_back,
                    exc,
                    extra={"event_id": str(message.id), "event_type": message.event_type},
                )
                return
            batch.mark_published(message)
        self._held.pop(aggregate, None)


async def _first_of(*waits: Coroutine[Any, Any, Any]) -> None:
    tasks = [asyncio.ensure_future(wait) for wait in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def outbox_lag_summary(outbox: SqlAlchemyOutboxRelay, clock: Clock) -> dict[str, object]:
    """The backlog for the readiness probe: rows waiting, and the oldest one's age in seconds."""
    try:
        lag = await outbox.lag()
    except TodoError:
        return {"status": "unknown"}
    return {
        "unpublished": lag.unpublished,
        "oldest_age_seconds": round(lag.oldest_age(clock.now()).total_seconds(), 3),
    }
