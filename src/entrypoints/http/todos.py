"""`/api/v1/todos`: create, get and list the caller's todos."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from entrypoints.http.todo_schemas import CreateTodoRequest, TodoPageResource, TodoResource
from todo_core import Application
from todo_core.domain.ids import TodoId, UserId
from todo_core.use_cases import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    CreateTodoCommand,
    GetTodoQuery,
    ListTodosQuery,
)

__all__ = ["TodoController"]


class TodoController(Controller):
    path = "/api/v1/todos"
    tags = ("todos",)

    @post("/", operation_id="createTodo", summary="Create a todo")
    async def create(
        self,
        data: JSONBody[CreateTodoRequest],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
    ) -> Response[TodoResource]:
        view = await app.create_todo(
            CreateTodoCommand(actor=user, title=data.title, notes=data.notes)
        )
        return Response(
            TodoResource.of(view),
            status_code=201,
            headers={"Location": f"{self.path}/{view.id}", "ETag": f'"{view.version}"'},
        )

    @get("/{todo_id:uuid}", operation_id="getTodo", summary="Get one todo")
    async def get_one(
        self,
        todo_id: FromPath[UUID],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
    ) -> Response[TodoResource]:
        view = await app.get_todo(GetTodoQuery(actor=user, todo_id=TodoId(todo_id)))
        return Response(TodoResource.of(view), headers={"ETag": f'"{view.version}"'})

    @get("/", operation_id="listTodos", summary="List todos, newest first")
    async def list_page(
        self,
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
        cursor: Annotated[str | None, QueryParameter(max_length=200)] = None,
    ) -> TodoPageResource:
        page = await app.list_todos(ListTodosQuery(actor=user, limit=limit, cursor=cursor))
        return TodoPageResource.of(page)
