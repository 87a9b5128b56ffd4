"""The composition root: the only place that knows which adapter fills which port.

Built per process by `build_container(settings)`; nothing here runs at import time.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.kafka import EventTopics, KafkaEventPublisher
from adapters.recurrence import DateutilRecurrenceRule
from adapters.sqlalchemy import (
    SqlAlchemyOutboxRelay,
    SqlAlchemyUnitOfWork,
    create_engine,
    database_is_reachable,
    outbox_wakeups,
)
from adapters.system import SystemClock, Uuid7IdGenerator
from entrypoints.relay import OutboxRelay, RelayOptions, outbox_lag_summary
from entrypoints.settings import Settings
from todo_core import Application, Ports
from todo_core.ports import Clock, IdGenerator, RecurrenceRule, UnitOfWorkFactory
from todo_core.ports.event_publisher import EventPublisher

__all__ = ["Container", "build_container"]


def _ports(
    *,
    uow: UnitOfWorkFactory,
    clock: Clock,
    ids: IdGenerator,
    recurrence: RecurrenceRule,
    settings: Settings,
) -> Ports:
    secret = settings.cursor_secret_bytes()
    if secret is None:
        return Ports(uow=uow, clock=clock, ids=ids, recurrence=recurrence)
    return Ports(uow=uow, clock=clock, ids=ids, recurrence=recurrence, cursor_secret=secret)


def _event_publisher(settings: Settings) -> EventPublisher | None:
    """Where the relay publishes: Kafka when configured."""
    if settings.kafka_bootstrap_servers is None:
        # The embedded default's in-process publisher plugs in here; until then, no publisher.
        return None
    return KafkaEventPublisher(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        source=settings.event_source,
        topics=EventTopics(settings.kafka_topic_prefix),
        send_timeout=settings.kafka_send_timeout,
    )


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    engine = providers.Singleton(create_engine, url=settings.provided.database_url)
    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(Uuid7IdGenerator)
    # A Factory provider is itself callable: each call is a fresh unit of work.
    unit_of_work = providers.Factory(SqlAlchemyUnitOfWork, engine=engine, ids=ids)

    # Awaiting `container.database_ready()` answers the readiness probe.
    database_ready = providers.Callable(database_is_reachable, engine)

    recurrence = providers.Singleton(DateutilRecurrenceRule)

    event_publisher = providers.Singleton(_event_publisher, settings=settings)
    outbox = providers.Singleton(SqlAlchemyOutboxRelay, engine=engine, clock=clock)
    # Awaiting `container.outbox_lag()` gives the readiness probe the relay's backlog.
    outbox_lag = providers.Callable(outbox_lag_summary, outbox, clock)
    # The loop of `todo relay`; needs a configured `event_publisher`.
    relay = providers.Factory(
        OutboxRelay,
        outbox=outbox,
        publisher=event_publisher,
        wakeups=providers.Factory(outbox_wakeups, engine),
        clock=clock,
        options=providers.Factory(
            RelayOptions,
            batch_size=settings.provided.relay_batch_size,
            poll_interval=settings.provided.relay_poll_interval,
        ),
    )

    application = providers.Singleton(
        Application,
        ports=providers.Factory(
            _ports,
            uow=unit_of_work.provider,
            clock=clock,
            ids=ids,
            recurrence=recurrence,
            settings=settings,
        ),
    )


def build_container(settings: Settings) -> Container:
    return Container(settings=settings)
