"""A unit of work on one SQL connection and transaction; commit also writes the outbox rows.

Commit first flushes every changed aggregate (version-checked UPDATEs, see `aggregate_rows`),
then writes the events of every aggregate the repositories saw, then commits: state and events
are stored together or not at all.
"""

from __future__ import annotations

from contextlib import suppress
from types import TracebackType
from typing import Any, Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sqlalchemy.aggregate_rows import AggregateRows
from adapters.sqlalchemy.constant_statements import insert_into
from adapters.sqlalchemy.driver_errors import translate_driver_errors
from adapters.sqlalchemy.email_jobs import SqlAlchemyEmailJobQueue, SqlAlchemyMailOptOuts
from adapters.sqlalchemy.inbox import SqlAlchemyInbox
from adapters.sqlalchemy.label_repository import SqlAlchemyLabelRepository
from adapters.sqlalchemy.last_positions import LastPositions
from adapters.sqlalchemy.outbox_rows import event_to_outbox_row
from adapters.sqlalchemy.refresh_token_repository import SqlAlchemyRefreshTokenRepository
from adapters.sqlalchemy.tables import outbox
from adapters.sqlalchemy.todo_list_repository import SqlAlchemyTodoListRepository
from adapters.sqlalchemy.todo_repository import SqlAlchemyTodoRepository
from adapters.sqlalchemy.user_repository import SqlAlchemyUserRepository
from todo_core.errors import StorageUnavailable
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.unit_of_work import UnitOfWork

__all__ = ["SqlAlchemyUnitOfWork"]


class SqlAlchemyUnitOfWork(UnitOfWork):
    users: SqlAlchemyUserRepository
    refresh_tokens: SqlAlchemyRefreshTokenRepository
    lists: SqlAlchemyTodoListRepository
    labels: SqlAlchemyLabelRepository
    todos: SqlAlchemyTodoRepository
    inbox: SqlAlchemyInbox
    email_jobs: SqlAlchemyEmailJobQueue
    mail_opt_outs: SqlAlchemyMailOptOuts

    def __init__(self, engine: AsyncEngine, *, ids: IdGenerator) -> None:
        self._engine = engine
        self._ids = ids
        self._connection: AsyncConnection | None = None

    async def __aenter__(self) -> Self:
        async with translate_driver_errors():
            # The connection begins a transaction by itself on first use (SQLAlchemy autobegin).
            self._connection = await self._engine.connect()
        self._start_repositories(self._connection)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        # Rolling back after a commit is a no-op, and without one it discards the work. When the
        # connection has died, the server has already discarded the transaction with it: the
        # outcome is the same, so a dead connection here is no news worth raising. Above all it
        # must not replace the error that is leaving the block, which says what went wrong.
        # (After a commit there is nothing to roll back, and asking would cost a greenlet hop.)
        if connection.in_transaction():
            with suppress(StorageUnavailable):
                async with translate_driver_errors():
                    await connection.rollback()
        # Returns the connection to the pool, which discards it if SQLAlchemy invalidated it.
        with suppress(StorageUnavailable):
            async with translate_driver_errors():
                await connection.close()

    async def commit(self) -> None:
        connection = self._require_connection()
        tables = self._tables()
        # A fixed table order, so concurrent units take row locks in the same order.
        for rows in tables:
            await rows.flush()
        events = [
            event for rows in tables for aggregate in rows.seen for event in aggregate.pull_events()
        ]
        events.sort(key=lambda event: event.occurred_at)
        async with translate_driver_errors():
            if events:
                outbox_rows = [
                    event_to_outbox_row(event, row_id=self._ids.new_id()) for event in events
                ]
                await connection.execute(insert_into(outbox), outbox_rows)
            await connection.commit()
        # Later work in the same block starts afresh, as with the in-memory twin.
        self._start_repositories(connection)

    async def rollback(self) -> None:
        connection = self._require_connection()
        async with translate_driver_errors():
            await connection.rollback()
        self._start_repositories(connection)

    def _start_repositories(self, connection: AsyncConnection) -> None:
        # What the list repository reads about todos beside a list, for the todo repository.
        last_positions = LastPositions()
        self.users = SqlAlchemyUserRepository(connection)
        self.refresh_tokens = SqlAlchemyRefreshTokenRepository(connection)
        self.lists = SqlAlchemyTodoListRepository(connection, last_positions)
        self.labels = SqlAlchemyLabelRepository(connection)
        self.todos = SqlAlchemyTodoRepository(connection, last_positions)
        self.inbox = SqlAlchemyInbox(connection)
        self.email_jobs = SqlAlchemyEmailJobQueue(connection)
        self.mail_opt_outs = SqlAlchemyMailOptOuts(connection)

    def _tables(self) -> tuple[AggregateRows[Any], ...]:
        return (
            self.users.rows,
            self.refresh_tokens.rows,
            self.lists.rows,
            self.labels.rows,
            self.todos.rows,
        )

    def _require_connection(self) -> AsyncConnection:
        if self._connection is None:
            raise RuntimeError("the unit of work is used outside its `async with` block")
        return self._connection
