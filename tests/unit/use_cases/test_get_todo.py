from __future__ import annotations

from uuid import UUID

import pytest

from tests.unit.conftest import ALICE, BOB
from todo_core import Application, NotFound
from todo_core.domain import TodoId
from todo_core.use_cases import CreateTodoCommand, GetTodoQuery


async def test_returns_the_owners_todo(app: Application) -> None:
    created = await app.create_todo(CreateTodoCommand(actor=ALICE, title="mine"))
    assert await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=created.id)) == created


async def test_a_missing_todo_is_not_found(app: Application) -> None:
    with pytest.raises(NotFound):
        await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=TodoId(UUID(int=404))))


async def test_someone_elses_todo_is_not_found_rather_than_forbidden(app: Application) -> None:
    created = await app.create_todo(CreateTodoCommand(actor=ALICE, title="private"))
    with pytest.raises(NotFound) as error:
        await app.get_todo(GetTodoQuery(actor=BOB, todo_id=created.id))
    # Same message shape as a truly missing id, so the answer leaks nothing.
    assert str(error.value) == f"todo {created.id} not found"
