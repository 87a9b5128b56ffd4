"""The relay loop: claim a batch of outbox rows, publish it, record the outcome, wait, repeat.

A claimed batch goes to the publisher whole (`EventPublisher.publish_batch`): Kafka's has every
record of it in flight at once, each aggregate's in order on its partition. A failed row stops
its aggregate's chain (the later rows must not overtake it: they stay unpublished, even when
they were sent and acknowledged, and are retried after it, in order), and the aggregate is
left out of the next claims for a while, backing off; the other aggregates keep flowing. After
a full batch the next one starts at once; otherwise the loop waits for a notification or the
poll interval, whichever comes first.

The publisher is any `EventPublisher`: Kafka when configured, or an in-process one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine, Sequence
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
            if batch.messages:
                self._record(batch, await self._publisher.publish_batch(batch.messages))
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

    def _record(self, batch: ClaimedBatch, results: Sequence[Exception | None]) -> None:
        """Marks each message published or failed; after an aggregate's failed message, its
        later ones are left as they were (held back, to follow it in order)."""
        # Per aggregate that failed: the failed message, why, and how many it held back.
        failures: dict[UUID, tuple[OutboxMessage, Exception, int]] = {}
        for message, error in zip(batch.messages, results, strict=True):
            failure = failures.get(message.aggregate_id)
            if failure is not None:
                failures[message.aggregate_id] = (failure[0], failure[1], failure[2] + 1)
            elif error is None:
                batch.mark_published(message)
            else:
                batch.mark_failed(message, f"{type(error).__name__}: {error}")
                failures[message.aggregate_id] = (message, error, 0)
        now = time.monotonic()
        if self._held:
            for message in batch.messages:
                if message.aggregate_id not in failures:
                    self._held.pop(message.aggregate_id, None)
        for aggregate, (message, error, held_back) in failures.items():
            failed_before = self._held.get(aggregate, (0, 0.0))[0] + 1
            delay = min(_MAX_HOLD_S, self._poll_interval * 2**failed_before)
            self._held[aggregate] = (failed_before, now + delay)
            _LOG.warning(
                "publish failed event_id=%s type=%s aggregate_id=%s held_back=%d error=%r",
                message.id,
                message.event_type,
                aggregate,
                held_back,
                error,
                extra={"event_id": str(message.id), "event_type": message.event_type},
            )


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
