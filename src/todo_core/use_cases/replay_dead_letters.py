"""Replay dead letters once their cause is fixed: each is delivered again, then marked replayed.

Delivered again means: the record goes back through the consumer's normal path (for Kafka,
produced again to its topic with its key, headers and value), so the inbox still guarantees
one effect per event, and a letter that fails again comes back as a new dead letter.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from todo_core.ports.clock import Clock
from todo_core.ports.dead_letter_store import DeadLetter, DeadLetterStore

__all__ = ["Redeliver", "ReplayDeadLetters", "ReplayReport"]

# Delivers the letter's record again; False when it cannot be done from here (say, a letter
# of the in-process publisher while no handler of that name runs in this process).
Redeliver = Callable[[DeadLetter], Awaitable[bool]]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplayReport:
    replayed: tuple[DeadLetter, ...] = ()
    # Found but not replayed: a dry run's letters, or ones `redeliver` could not deliver.
    left: tuple[DeadLetter, ...] = ()


class ReplayDeadLetters:
    def __init__(self, *, store: DeadLetterStore, redeliver: Redeliver, clock: Clock) -> None:
        self._store = store
        self._redeliver = redeliver
        self._clock = clock

    async def __call__(
        self, *, consumer: str | None = None, limit: int = 100, dry_run: bool = False
    ) -> ReplayReport:
        """Oldest failure first. Stops at the first error, the letters before it marked."""
        if limit < 1:
            raise ValueError("limit must be positive")
        letters = await self._store.pending(consumer=consumer, limit=limit)
        if dry_run:
            return ReplayReport(left=tuple(letters))
        replayed: list[DeadLetter] = []
        left: list[DeadLetter] = []
        for letter in letters:
            if not await self._redeliver(letter):
                left.append(letter)
                continue
            # Marked after the redelivery: a crash in between replays it twice, which the
            # consumer's inbox absorbs; the other order could lose it.
            await self._store.mark_replayed(letter.id, at=self._clock.now())
            replayed.append(letter)
        return ReplayReport(replayed=tuple(replayed), left=tuple(left))
