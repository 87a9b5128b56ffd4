"""Re-run a use case that lost a race the database detected, a bounded number of times.

A serialization failure or a deadlock (`TransientConflict`) rolls the whole transaction back,
and only the database knew the race was lost, so running the whole use case again, from its
first read, is both safe and likely to succeed. Every other error, including the plain
`Conflict` of a taken name and the `PreconditionFailed` of a stale version, goes straight
through: running again would give the same answer.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from todo_core.errors import TransientConflict

__all__ = ["DEFAULT_ATTEMPTS", "Retrying"]

C = TypeVar("C")
R = TypeVar("R")

# In all, first run included: a race lost three times in a row means real contention, which
# the caller should hear about (409) rather than wait through.
DEFAULT_ATTEMPTS = 3
# The longest pause before the second attempt; it doubles for each later one. A few
# milliseconds is enough for the winner of the race to commit.
_FIRST_PAUSE_SECONDS = 0.005


class Retrying(Generic[C, R]):
    """Calls `use_case(command)`, again after a short random pause while it raises
    `TransientConflict`, at most `attempts` times; then the last `TransientConflict` escapes.

    `sleep` and `jitter` (a number in [0, 1)) are injectable so tests neither wait nor guess.
    """

    def __init__(
        self,
        use_case: Callable[[C], Awaitable[R]],
        *,
        attempts: int = DEFAULT_ATTEMPTS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        if attempts < 1:
            raise ValueError(f"attempts must be at least 1, not {attempts}")
        self._use_case = use_case
        self._attempts = attempts
        self._sleep = sleep
        self._jitter = jitter

    @property
    def use_case(self) -> Callable[[C], Awaitable[R]]:
        """The wrapped use case, for introspection."""
        return self._use_case

    async def __call__(self, command: C) -> R:
        attempt = 1
        while True:
            try:
                return await self._use_case(command)
            except TransientConflict:
                if attempt >= self._attempts:
                    raise
            # Random, so the losers of one race do not all come back at the same instant and
            # collide again.
            await self._sleep(_FIRST_PAUSE_SECONDS * 2 ** (attempt - 1) * self._jitter())
            attempt += 1
