from __future__ import annotations

import asyncio

from tests.unit.conftest import ALICE
from todo_core import Application
from todo_core.use_cases import CreateTodo, CreateTodoCommand, GetTodo, ListTodos, ListTodosQuery


def test_the_facade_offers_every_use_case(app: Application) -> None:
    assert isinstance(app.create_todo, CreateTodo)
    assert isinstance(app.get_todo, GetTodo)
    assert isinstance(app.list_todos, ListTodos)


async def test_concurrent_use_case_calls_do_not_share_a_unit_of_work(app: Application) -> None:
    await asyncio.gather(
        *(app.create_todo(CreateTodoCommand(actor=ALICE, title=f"t{n}")) for n in range(20))
    )
    page = await app.list_todos(ListTodosQuery(actor=ALICE, limit=50))
    assert len(page.items) == 20
