from __future__ import annotations

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock
from tests.unit.conftest import ALICE
from todo_core import Application, ValidationFailed
from todo_core.domain import TodoCreated, TodoStatus
from todo_core.domain.list_events import ListCreated
from todo_core.use_cases import CreateTodoCommand, GetTodoQuery


async def test_creates_an_open_todo_owned_by_the_actor(app: Application, clock: FixedClock) -> None:
    view = await app.create_todo(CreateTodoCommand(actor=ALICE, title=" buy milk ", notes="2 l"))

    assert view.owner_id == ALICE
    assert view.title == "buy milk"
    assert view.notes == "2 l"
    assert view.status is TodoStatus.OPEN
    assert view.version == 1
    assert view.created_at == view.updated_at == clock.now()
    assert await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=view.id)) == view


async def test_records_a_created_event_in_the_outbox_on_commit(
    app: Application, store: InMemoryStore
) -> None:
    view = await app.create_todo(CreateTodoCommand(actor=ALICE, title="buy milk"))

    # Alice had no Inbox yet: it is made, and announced, in the same commit.
    assert view.list_id is not None
    assert store.outbox == [
        ListCreated(
            occurred_at=view.created_at,
            list_id=view.list_id,
            owner_id=ALICE,
            name="Inbox",
            position=0,
            is_inbox=True,
        ),
        TodoCreated(
            occurred_at=view.created_at,
            todo_id=view.id,
            owner_id=ALICE,
            title="buy milk",
            list_id=view.list_id,
        ),
    ]


async def test_each_todo_gets_a_new_id(app: Application) -> None:
    first = await app.create_todo(CreateTodoCommand(actor=ALICE, title="one"))
    second = await app.create_todo(CreateTodoCommand(actor=ALICE, title="two"))
    assert first.id != second.id


@pytest.mark.parametrize(
    ("title", "notes", "field"),
    [
        ("", "", "title"),
        ("a\nb", "", "title"),
        ("x" * 501, "", "title"),
        ("ok", "n" * 20_001, "notes"),
    ],
)
async def test_invalid_input_is_refused_and_nothing_is_stored(
    app: Application, store: InMemoryStore, title: str, notes: str, field: str
) -> None:
    with pytest.raises(ValidationFailed) as error:
        await app.create_todo(CreateTodoCommand(actor=ALICE, title=title, notes=notes))

    assert error.value.field == field
    assert store.todos.rows == {}
    assert store.outbox == []
