"""Running event consumers as a process: stop cleanly on SIGTERM and SIGINT.

A stop lets the fetch in flight finish and its offsets be committed, then leaves the consumer
group at once, so the partitions move to another member without waiting for a session
timeout; whatever was fetched but not started is redelivered to that member.
"""

from __future__ import annotations

import asyncio
import signal
from typing import Protocol

__all__ = ["StoppableConsumer", "run_until_signalled"]

_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StoppableConsumer(Protocol):
    async def run(self) -> None: ...

    def stop(self) -> None: ...


async def run_until_signalled(*consumers: StoppableConsumer) -> None:
    """Run every consumer until SIGTERM or SIGINT, then stop them all and wait for them."""
    loop = asyncio.get_running_loop()

    def stop_all() -> None:
        for consumer in consumers:
            consumer.stop()

    for signum in _SIGNALS:
        loop.add_signal_handler(signum, stop_all)
    try:
        async with asyncio.TaskGroup() as group:
            for consumer in consumers:
                group.create_task(consumer.run())
    finally:
        for signum in _SIGNALS:
            loop.remove_signal_handler(signum)
