"""`/api/v1/trash`: the caller's trashed todos, most recently created first, paged like `/todos`;
purging one for good, or emptying the trash.

Restoring is `POST /api/v1/todos/{id}/restore`. Purging writes `todo.todo.purged.v1` for the
todo and each of its subtasks; the scheduler also purges what has been in the trash longer
than `TODO_TRASH_RETENTION_DAYS`.
"""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from entrypoints.http.etags import IfMatch, expected_version
from entrypoints.http.openapi_docs import documented, problem_responses
from entrypoints.http.todo_schemas import TodoPageResource
from entrypoints.http.todos import Limit, PageCursor
from todo_core import Application
from todo_core.domain.ids import TodoId, UserId
from todo_core.use_cases import (
    DEFAULT_PAGE_SIZE,
    EmptyTrashCommand,
    GetTodoQuery,
    ListTodosQuery,
    TodoCommand,
)

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

    @delete(
        "/{todo_id:uuid}",
        operation_id="purgeTodo",
        summary="Delete a trashed todo for good, with its subtasks",
        responses=problem_responses(401, 404, 409, 412, 429, 503),
        operation_class=documented(),
    )
    async def purge(
        self,
        todo_id: FromPath[UUID],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> None:
        todo = TodoId(todo_id)

        async def current_version() -> int:
            return (await app.get_todo(GetTodoQuery(actor=user, todo_id=todo))).version

        expected = await expected_version(if_match, current_version)
        await app.purge_todo(TodoCommand(actor=user, todo_id=todo, expected_version=expected))

    @delete(
        "/",
        operation_id="emptyTrash",
        summary="Delete every trashed todo for good",
        responses=problem_responses(401, 429, 503),
        operation_class=documented(),
    )
    async def empty(self, app: NamedDependency[Application], user: NamedDependency[UserId]) -> None:
        await app.empty_trash(EmptyTrashCommand(actor=user))
