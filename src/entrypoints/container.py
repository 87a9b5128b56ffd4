"""The composition root: the only place that knows which adapter fills which port.

Built per process by `build_container(settings)`; nothing here runs at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dependency_injector import containers, providers

from adapters.kafka import EventTopics, KafkaEventPublisher
from adapters.recurrence import DateutilRecurrenceRule
from adapters.sqlalchemy import (
    SqlAlchemyDeadLetterStore,
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
from todo_core.domain.event_catalogue import published_event_types
from todo_core.ports import Clock, EventHandler, IdGenerator, RecurrenceRule, UnitOfWorkFactory
from todo_core.ports.event_publisher import EventPublisher
from todo_core.use_cases.in_process_publisher import InProcessEventPublisher
from todo_core.use_cases.process_event import ProcessEvent

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


def _kafka_publisher(settings: Settings) -> KafkaEventPublisher | None:
    """The Kafka publisher when TODO_KAFKA_BOOTSTRAP_SERVERS is set; else None."""
    if settings.kafka_bootstrap_servers is None:
        return None
    return KafkaEventPublisher(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        source=settings.event_source,
        topics=EventTopics(settings.kafka_topic_prefix),
        send_timeout=settings.kafka_send_timeout,
    )


def _event_publisher(
    kafka: KafkaEventPublisher | None, in_process: Callable[[], EventPublisher]
) -> EventPublisher:
    """Where the relay publishes: Kafka when configured, else this process's own handlers."""
    return kafka if kafka is not None else in_process()


def _event_processors(
    *, handlers: Sequence[EventHandler], uow: UnitOfWorkFactory, clock: Clock
) -> list[ProcessEvent]:
    known = published_event_types()
    return [
        ProcessEvent(handler=handler, uow=uow, clock=clock, known_types=known)
        for handler in handlers
    ]


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

    # The event consumers of this process (the mailer and later ones add theirs), each run
    # idempotently through its inbox, whether events come from Kafka or in process.
    event_handlers: providers.Provider[Sequence[EventHandler]] = providers.Object(())
    event_processors = providers.Singleton(
        _event_processors, handlers=event_handlers, uow=unit_of_work.provider, clock=clock
    )
    dead_letters = providers.Singleton(SqlAlchemyDeadLetterStore, engine)
    # What the relay publishes to when TODO_KAFKA_BOOTSTRAP_SERVERS is unset.
    in_process_publisher = providers.Singleton(
        InProcessEventPublisher,
        event_processors,
        dead_letters=dead_letters,
        clock=clock,
        ids=ids,
        source=settings.provided.event_source,
    )
    kafka_publisher = providers.Singleton(_kafka_publisher, settings=settings)
    # Kafka when configured, else the in-process publisher: the relay never lacks a publisher.
    event_publisher = providers.Singleton(
        _event_publisher, kafka=kafka_publisher, in_process=in_process_publisher.provider
    )
    outbox = providers.Singleton(SqlAlchemyOutboxRelay, engine=engine, clock=clock)
    # Awaiting `container.outbox_lag()` gives the readiness probe the relay's backlog.
    outbox_lag = providers.Callable(outbox_lag_summary, outbox, clock)
    # The relay loop, of `todo relay` (Kafka only) and of `todo serve` (either publisher).
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
