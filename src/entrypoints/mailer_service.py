"""`todo mailer`, and the mailer inside `todo serve`.

`todo mailer` runs the sender loop and, when TODO_KAFKA_BOOTSTRAP_SERVERS is set, the Kafka
consumer `mailer` (due reminders and digests -> e-mail jobs), until SIGTERM or SIGINT; several
can run side by side, sharing the partitions and the jobs. Without Kafka, events reach the
mailer's handler in `todo serve`, and `todo mailer` only sends jobs already queued.

In `todo serve` the handler runs in process (the in-process publisher) and the sender loop
beside the app, stopped before the engine is disposed.
"""

from __future__ import annotations

import asyncio
import logging

from litestar import Litestar

from adapters.kafka import EventTopics, KafkaEventConsumer
from entrypoints.container import Container
from entrypoints.event_consumers import StoppableConsumer, run_until_signalled
from todo_core.use_cases.queue_email import DIGEST_DUE, REMINDER_DUE

__all__ = ["mailer_alongside", "mailer_consumer", "run_mailer"]

_LOG = logging.getLogger("todo.mailer")


def mailer_consumer(container: Container) -> KafkaEventConsumer | None:
    """The Kafka consumer `mailer` when TODO_KAFKA_BOOTSTRAP_SERVERS is set; else None."""
    settings = container.settings()
    if settings.kafka_bootstrap_servers is None:
        return None
    topics = EventTopics(settings.kafka_topic_prefix)
    return KafkaEventConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        topics=sorted({topics.topic_for(REMINDER_DUE), topics.topic_for(DIGEST_DUE)}),
        process=container.mail_processor(),
        dead_letters=container.dead_letters(),
        clock=container.clock(),
        ids=container.ids(),
        group_prefix=settings.kafka_consumer_group_prefix,
    )


async def run_mailer(container: Container) -> int:
    sender = container.mail_sender()
    services: list[StoppableConsumer] = [sender]
    consumer = mailer_consumer(container)
    if consumer is None:
        _LOG.info(
            "todo mailer: TODO_KAFKA_BOOTSTRAP_SERVERS is not set; sending queued mail only "
            "(events reach the mailer in `todo serve`)"
        )
    else:
        services.append(consumer)
        _LOG.info("todo mailer: consuming as %s", consumer.group_id)
    try:
        await run_until_signalled(*services)
    finally:
        await container.engine().dispose()
    return 0


def mailer_alongside(app: Litestar, container: Container) -> None:
    """Runs the sender loop inside `app`'s process; stopped first on shutdown."""
    sender = container.mail_sender()
    running: list[asyncio.Task[None]] = []

    async def start() -> None:
        running.append(asyncio.create_task(sender.run()))

    async def finish() -> None:
        sender.stop()
        await asyncio.gather(*running)

    app.on_startup.append(start)
    app.on_shutdown.insert(0, finish)
