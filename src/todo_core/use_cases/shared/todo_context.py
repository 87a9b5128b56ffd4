"""Lookups several todo use cases share: the owner's zone, their Inbox, their own todos."""

from __future__ import annotations

from collections.abc import Iterable

from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.time_zone import UTC_ZONE, TimeZoneName
from todo_core.domain.todo import Todo
from todo_core.domain.todo_list import TodoList
from todo_core.errors import NotFound, ValidationFailed
from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.unit_of_work import UnitOfWork

__all__ = ["live_parent", "live_todo", "owner_zone", "require_labels", "resolve_list"]


async def owner_zone(uow: UnitOfWork, owner_id: UserId) -> TimeZoneName:
    """The owner's zone; UTC for an owner without an account record."""
    user = await uow.users.get(owner_id)
    return UTC_ZONE if user is None else user.time_zone


async def live_todo(uow: UnitOfWork, owner_id: UserId, todo_id: TodoId) -> Todo:
    todo = await uow.todos.get(owner_id, todo_id)
    if todo is None or todo.is_trashed:
        # Someone else's todo looks exactly like a missing one: no existence leak.
        raise NotFound(f"todo {todo_id} not found")
    return todo


async def live_parent(uow: UnitOfWork, owner_id: UserId, parent_id: TodoId) -> Todo:
    """The todo a new subtask goes under: a reference in the input, so a missing one (or
    someone else's) is invalid input naming the field, like a missing list or label."""
    parent = await uow.todos.get(owner_id, parent_id)
    if parent is None or parent.is_trashed:
        raise ValidationFailed(f"todo {parent_id} not found", field="parent_id")
    if parent.parent_id is not None:
        raise ValidationFailed("subtasks cannot have subtasks", field="parent_id")
    return parent


async def resolve_list(
    uow: UnitOfWork, owner_id: UserId, list_id: ListId | None, *, clock: Clock, ids: IdGenerator
) -> TodoList:
    """The named list, or the owner's Inbox (made on first use) when none is named."""
    if list_id is not None:
        found = await uow.lists.get(owner_id, list_id)
        if found is None:
            raise ValidationFailed(f"list {list_id} not found", field="list_id")
        if found.archived:
            raise ValidationFailed(f"list {list_id} is archived", field="list_id")
        return found
    inbox = await uow.lists.get_inbox(owner_id)
    if inbox is None:
        # Through the factory, so the Inbox made here is announced like any other list.
        inbox = TodoList.create_inbox(
            list_id=ListId(ids.new_id()), owner_id=owner_id, now=clock.now()
        )
        await uow.lists.add(inbox)
    return inbox


async def require_labels(
    uow: UnitOfWork, owner_id: UserId, label_ids: Iterable[LabelId]
) -> tuple[LabelId, ...]:
    """Only the owner's own labels may go on their todos."""
    wanted = tuple(dict.fromkeys(label_ids))
    for label_id in wanted:
        if await uow.labels.get(owner_id, label_id) is None:
            raise ValidationFailed(f"label {label_id} not found", field="labels")
    return wanted
