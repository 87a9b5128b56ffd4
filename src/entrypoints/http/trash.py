"""`/api/v1/trash`: the caller's trashed todos, most recently created first, paged like `/todos`;
purging one for good, or emptying the trash.

Restoring is `POST /api/v1/todos/{id}/restore`. Purging writes `todo.todo.purged.v1` for the
todo and each of its subtasks; the scheduler also purges what has been in the trash longer
than `TODO_TRASH_RETENTION_DAYS`.
"""

from __future__ import annotations

from uuid import UUID

from litestar import Controller
from litestar.di import NamedDependency
from litestar.params import FromPath

from entrypoints.http.etags import IfMatch, expected_version
from entrypoints.http.paging import DEFAULT_PAGE_SIZE, Limit, PageCursor
from entrypoints.http.routes import API_PROBLEMS, Routes
from entrypoints.http.todo_schemas import TodoPageResource
from entrypoints.http.use_cases import use_cases
from todo_core.domain.ids import TodoId, UserId
from todo_core.use_cases import (
    EmptyTrashCommand,
    GetTodoQuery,
    ListTodosQuery,
    TodoCommand,
    TodoPage,
    TodoView,
    UseCase,
)

__all__ = ["TrashController"]

_ROUTES = Routes(API_PROBLEMS)


class TrashController(Controller):
    path = "/api/v1/trash"
    tags = ("todos",)
    dependencies = use_cases("list_todos", "get_todo", "purge_todo", "empty_trash")

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

    @_ROUTES.delete(
        "/{todo_id:uuid}", "purgeTodo", "Delete a trashed todo for good, with its subtasks", 409
    )
    async def purge(
        self,
        todo_id: FromPath[UUID],
        purge_todo: NamedDependency[UseCase[TodoCommand, None]],
        get_todo: NamedDependency[UseCase[GetTodoQuery, TodoView]],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> None:
        query = GetTodoQuery(actor=user, todo_id=TodoId(todo_id))
        version = await expected_version(if_match, get_todo, query)
        await purge_todo(TodoCommand(actor=user, todo_id=query.todo_id, expected_version=version))

    @_ROUTES.delete("/", "emptyTrash", "Delete every trashed todo for good")
    async def empty(
        self,
        empty_trash: NamedDependency[UseCase[EmptyTrashCommand, int]],
        user: NamedDependency[UserId],
    ) -> None:
        await empty_trash(EmptyTrashCommand(actor=user))
