"""`todo relay`: run the outbox relay until SIGTERM or SIGINT; or inside `todo serve`.

On a signal the batch in flight is finished and recorded, then the publisher is closed (the
Kafka producer flushes) and the database connections are released: a stop loses nothing and
publishes nothing twice.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Protocol, runtime_checkable

from litestar import Litestar

from entrypoints.container import Container

__all__ = ["EXIT_CONFIG", "relay_alongside", "run_relay"]

# sysexits.h EX_CONFIG: the configuration does not allow the command to run.
EXIT_CONFIG = 78
_LOG = logging.getLogger("todo.relay")


@runtime_checkable
class _Closable(Protocol):
    async def close(self) -> None: ...


async def run_relay(container: Container, *, stop: asyncio.Event | None = None) -> int:
    # A standalone relay is the Kafka deployment's. Without Kafka, events are delivered to the
    # handlers of the process that relays them, which is `todo serve`; a relay here would mark
    # rows published for handlers this process may not have (a forgotten setting would divert
    # the events from Kafka for good), so it refuses to start.
    if container.settings().kafka_bootstrap_servers is None:
        _LOG.error(
            "todo relay: TODO_KAFKA_BOOTSTRAP_SERVERS is not set; without Kafka, events are "
            "relayed in process by `todo serve`"
        )
        return EXIT_CONFIG
    publisher = container.event_publisher()
    stop = stop if stop is not None else asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    relay = container.relay()
    _LOG.info("todo relay: started")
    try:
        await relay.run(stop)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        if isinstance(publisher, _Closable):
            await publisher.close()
        await container.engine().dispose()
    _LOG.info(
        "todo relay: stopped published_total=%d failed_total=%d",
        relay.published_total,
        relay.failed_total,
    )
    return 0


def relay_alongside(app: Litestar, container: Container) -> None:
    """Runs the relay inside `app`'s process (`todo serve`): to Kafka when configured, else to
    this process's handlers through the in-process publisher.

    Started with the app; stopped first on shutdown, before the engine is disposed, finishing the
    batch in flight.
    """
    publisher = container.event_publisher()
    stop = asyncio.Event()
    running: list[asyncio.Task[None]] = []

    async def start() -> None:
        running.append(asyncio.create_task(container.relay().run(stop)))

    async def finish() -> None:
        stop.set()
        await asyncio.gather(*running)
        if isinstance(publisher, _Closable):
            await publisher.close()

    app.on_startup.append(start)
    app.on_shutdown.insert(0, finish)
