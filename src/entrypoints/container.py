"""The composition root: the only place that knows which adapter fills which port.

Built per process by `build_container(settings)`; nothing here runs at import time.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.recurrence import DateutilRecurrenceRule
from adapters.sqlalchemy import (
    SqlAlchemyIdempotencyStore,
    SqlAlchemyUnitOfWork,
    create_engine,
    database_is_reachable,
)
from adapters.system import SystemClock, Uuid7IdGenerator
from entrypoints.settings import Settings
from todo_core import Application, Ports
from todo_core.ports import Clock, IdGenerator, RecurrenceRule, UnitOfWorkFactory

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

    # The API's memory of POSTs sent with an Idempotency-Key (see entrypoints.http.idempotency).
    idempotency_store = providers.Singleton(SqlAlchemyIdempotencyStore, engine=engine, clock=clock)

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
