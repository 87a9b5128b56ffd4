"""`/api/v1/trash`: the caller's trashed todos, most recently created first, paged like `/todos`.

Restoring is `POST /api/v1/todos/{id}/restore`. The contract has no route that purges a todo
for good.
"""

from __future__ import annotations

from litestar import Controller
from litestar.di import NamedDependency

from entrypoints.http.paging import DEFAULT_PAGE_SIZE, Limit, PageCursor
from entrypoints.http.routes import API_PROBLEMS, Routes
from entrypoints.http.todo_schemas import TodoPageResource
from entrypoints.http.use_cases import use_cases
from todo_core.domain.ids import UserId
from todo_core.use_cases import ListTodosQuery, TodoPage, UseCase

__all__ = ["TrashController"]

_ROUTES = Routes(API_PROBLEMS)


class TrashController(Controller):
    path = "/api/v1/trash"
    tags = ("todos",)
    dependencies = use_cases("list_todos")

    @_ROUTES.get("/", "listTrash", "List trashed todos")
    async def list_page(
        self,
        list_todos: NamedDependency[UseCase[ListTodosQuery, TodoPage]],
        user: NamedDependency[UserId],
        limit: Limit = DEFAULT_PAGE_SIZE,
        cursor: PageCursor = None,
    ) -> TodoPageResource:
        query = ListTodosQuery(actor=user, limit=limit, cursor=cursor, trashed=True)
        return TodoPageResource.of(await list_todos(query))
