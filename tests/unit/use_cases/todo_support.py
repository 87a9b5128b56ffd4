"""Helpers for the todo use case tests: the full Application, store snapshots, set-up steps.

Set-up goes through the real use cases (or a real unit of work), never by poking rows, so a
test sees exactly what a user of the service would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from adapters.recurrence import DateutilRecurrenceRule
from tests.support.fakes import FixedClock, SequentialIds
from todo_core import Application, Ports
from todo_core.domain.display_name import DisplayName
from todo_core.domain.email_address import EmailAddress
from todo_core.domain.events import DomainEvent
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.todo import Todo
from todo_core.domain.todo_list import TodoList
from todo_core.domain.user import User
from todo_core.use_cases.create_label import CreateLabel, CreateLabelCommand
from todo_core.use_cases.create_list import CreateList, CreateListCommand
from todo_core.use_cases.delete_list import DeleteList, DeleteListCommand
from todo_core.use_cases.patch_list import PatchList, PatchListCommand
from todo_core.use_cases.shared.todo_command import TodoCommand

__all__ = [
    "CURSOR_SECRET",
    "Outbox",
    "add_account",
    "archive_list",
    "build_app",
    "committed",
    "delete_list",
    "inboxes",
    "new_label",
    "new_list",
    "nothing_changes",
    "of",
]

CURSOR_SECRET = b"s" * 32


def build_app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return Application(
        Ports(
            uow=lambda: InMemoryUnitOfWork(store),
            clock=clock,
            ids=ids,
            recurrence=DateutilRecurrenceRule(),
            cursor_secret=CURSOR_SECRET,
        )
    )


def of(actor: UserId, todo_id: TodoId, expected_version: int | None = None) -> TodoCommand:
    return TodoCommand(actor=actor, todo_id=todo_id, expected_version=expected_version)


class Outbox:
    """The events committed since it was made (or last `clear`ed)."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._mark = len(store.outbox)

    def new(self) -> list[DomainEvent]:
        return self._store.outbox[self._mark :]

    def types(self) -> list[str]:
        return [type(event).__name__ for event in self.new()]

    def clear(self) -> None:
        self._mark = len(self._store.outbox)


def _state(store: InMemoryStore) -> tuple[Any, ...]:
    # A dataclass repr shows every field (pending events excepted), so any committed change
    # to any row, or any new row or event, shows up as a difference.
    tables = (store.users, store.lists, store.labels, store.todos)
    return (
        tuple({row_id: repr(row) for row_id, row in table.rows.items()} for table in tables),
        list(store.outbox),
    )


@contextmanager
def nothing_changes(store: InMemoryStore) -> Iterator[None]:
    """Committed rows and outbox are exactly as before the block."""
    before = _state(store)
    yield
    assert _state(store) == before


def committed(store: InMemoryStore, todo_id: TodoId) -> Todo | None:
    return store.todos.rows.get(todo_id)


def inboxes(store: InMemoryStore, owner: UserId) -> list[TodoList]:
    return [row for row in store.lists.rows.values() if row.owner_id == owner and row.is_inbox]


def _uow(store: InMemoryStore) -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork(store)


async def new_list(
    store: InMemoryStore, clock: FixedClock, ids: SequentialIds, owner: UserId, name: str
) -> ListId:
    view = await CreateList(uow=lambda: _uow(store), clock=clock, ids=ids)(
        CreateListCommand(actor=owner, name=name)
    )
    return view.id


async def new_label(
    store: InMemoryStore, clock: FixedClock, ids: SequentialIds, owner: UserId, name: str
) -> LabelId:
    view = await CreateLabel(uow=lambda: _uow(store), clock=clock, ids=ids)(
        CreateLabelCommand(actor=owner, name=name)
    )
    return view.id


async def archive_list(
    store: InMemoryStore, clock: FixedClock, owner: UserId, list_id: ListId
) -> None:
    await PatchList(uow=lambda: _uow(store), clock=clock)(
        PatchListCommand(actor=owner, list_id=list_id, archived=True)
    )


async def delete_list(
    store: InMemoryStore, clock: FixedClock, owner: UserId, list_id: ListId
) -> None:
    await DeleteList(uow=lambda: _uow(store), clock=clock)(
        DeleteListCommand(actor=owner, list_id=list_id)
    )


async def add_account(
    store: InMemoryStore,
    user_id: UserId,
    *,
    email: str,
    now: datetime,
    zone: str = "UTC",
) -> None:
    """An account record for `user_id`, committed through a unit of work."""
    async with InMemoryUnitOfWork(store) as uow:
        await uow.users.add(
            User(
                id=user_id,
                email=EmailAddress(email),
                display_name=DisplayName("Someone"),
                time_zone=TimeZoneName(zone),
                password_hash="not-a-real-hash",  # noqa: S106 - never used to log in
                email_verified=True,
                created_at=now,
                updated_at=now,
                version=1,
            )
        )
        await uow.commit()
