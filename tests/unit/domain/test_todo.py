from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from todo_core.domain import Notes, Title, Todo, TodoCreated, TodoId, TodoStatus, UserId
from todo_core.errors import ValidationFailed

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
OWNER = UserId(UUID(int=1))


def _create(todo_id: int = 7) -> Todo:
    return Todo.create(
        todo_id=TodoId(UUID(int=todo_id)),
        owner_id=OWNER,
        title=Title("write tests"),
        notes=Notes("first"),
        now=NOW,
    )


def test_a_new_todo_is_open_at_version_one() -> None:
    todo = _create()
    assert todo.status is TodoStatus.OPEN
    assert todo.version == 1
    assert todo.created_at == todo.updated_at == NOW


def test_creating_records_one_created_event_handed_over_once() -> None:
    todo = _create()
    assert todo.pull_events() == [
        TodoCreated(occurred_at=NOW, todo_id=todo.id, owner_id=OWNER, title="write tests")
    ]
    assert todo.pull_events() == []


def test_created_event_has_a_versioned_wire_type_and_the_todo_as_aggregate() -> None:
    todo = _create()
    (event,) = todo.pull_events()
    assert event.event_type() == "todo.todo.created.v1"
    assert event.aggregate_id == todo.id


def test_todos_are_equal_by_id_alone() -> None:
    first, same_id = _create(1), _create(1)
    same_id.title = Title("something else")
    assert first == same_id
    assert hash(first) == hash(same_id)
    assert first != _create(2)
    assert first != "not a todo"


def test_version_below_one_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="version"):
        Todo(
            id=TodoId(UUID(int=1)),
            owner_id=OWNER,
            title=Title("x"),
            notes=Notes(),
            status=TodoStatus.OPEN,
            created_at=NOW,
            updated_at=NOW,
            version=0,
        )


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValidationFailed, match="time zone"):
        Todo.create(
            todo_id=TodoId(UUID(int=1)),
            owner_id=OWNER,
            title=Title("x"),
            notes=Notes(),
            now=datetime(2026, 1, 1),  # noqa: DTZ001 - the naive value is the point
        )
