"""`/api/v1/trash`: the caller's trashed todos, most recently created first, paged like `/todos`.

Restoring is `POST /api/v1/todos/{id}/restore`. The contract has no route that purges a todo
for good.
"""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency

from entrypoints.http.openapi_docs import documented, problem_responses
from entrypoints.http.todo_schemas import TodoPageResource
from entrypoints.http.todos import Limit, PageCursor
from todo_core import Application
from todo_core.domain.ids import UserId
from todo_core.use_cases import DEFAULT_PAGE_SIZE, ListTodosQuery

__all__ = ["TrashController"]


class TrashController(Controller):
    path = "/api/v1/trash"
    tags = ("todos",)

    @get(
        "/",
        operation_id="listTrash",
        summary="List trashed todos",
        responses=problem_responses(401, 422, 429, 503),
        operation_class=documented(),
    )
    async def list_page(
        self,
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        limit: Limit = DEFAULT_PAGE_SIZE,
        cursor: PageCursor = None,
    ) -> TodoPageResource:
        page = await app.list_todos(
            ListTodosQuery(actor=user, limit=limit, cursor=cursor, trashed=True)
        )
        return TodoPageResource.of(page)
