"""`/api/v1/todos`: the caller's todos, from creation through completion to the trash.

Every single-todo response carries the todo's version as its `ETag`. PATCH, DELETE, complete
and reopen honour `If-Match` (412 when it names another version); GET honours `If-None-Match`
(304). Another user's todo is indistinguishable from a missing one: 404.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Controller, Response, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from entrypoints.http.etags import (
    IfMatch,
    IfNoneMatch,
    entity_tag,
    expected_version,
    none_match,
    not_modified,
)
from entrypoints.http.openapi_docs import (
    ETAG,
    IDEMPOTENCY_PROBLEMS,
    LOCATION,
    NOT_MODIFIED,
    documented,
    link_by_id,
    problem_responses,
)
from entrypoints.http.todo_inputs_http import (
    due_from,
    patch_command,
    priority_from,
    recurrence_from,
    reminders_from,
)
from entrypoints.http.todo_schemas import (
    CreateTodoRequest,
    PriorityName,
    StatusName,
    TodoPageResource,
    TodoResource,
    UpdateTodoRequest,
)
from todo_core import Application, ValidationFailed
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.priority import Priority
from todo_core.domain.todo import TodoStatus
from todo_core.ports.todo_query import TodoSort
from todo_core.use_cases import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    CreateTodoCommand,
    GetTodoQuery,
    ListTodosQuery,
    TodoCommand,
    TodoView,
)

__all__ = ["MAX_CURSOR_LENGTH", "Limit", "PageCursor", "TodoController", "todo_response"]

MAX_CURSOR_LENGTH = 500

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="Page size, 1 to 200.")]
PageCursor = Annotated[
    str | None,
    QueryParameter(
        max_length=MAX_CURSOR_LENGTH, description="`next_cursor` of the previous page, as given."
    ),
]
# An RFC 3339 date-time or a plain date. Read as text: typed as a datetime, a number such as
# `0.5` would be taken for a Unix timestamp. A missing offset passes here for the core to name
# the field.
_DUE_BOUND: dict[str, Any] = {
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?)?$",
    "max_length": 40,
}
# What a plain date means, for both bounds (see `todo_core.use_cases.list_todos`).
_DAY_BOUND = (
    "A date (`2026-12-08`) is the start of that day in the caller's time zone: todos due on an "
    "earlier day (or at an instant up to that midnight) are before it, the others at or after it."
)
_DATE_LENGTH = len("YYYY-MM-DD")
SortName = Literal["created", "due", "priority", "position"]
# What a new or changed todo's id leads to.
_TODO_LINKS = {
    "getTodo": link_by_id("getTodo", "todo_id", "Read the todo again"),
    "updateTodo": link_by_id("updateTodo", "todo_id", "Change the todo"),
    "trashTodo": link_by_id("trashTodo", "todo_id", "Move the todo to the trash"),
    "completeTodo": link_by_id("completeTodo", "todo_id", "Complete the todo"),
    "reopenTodo": link_by_id("reopenTodo", "todo_id", "Reopen the todo"),
    "restoreTodo": link_by_id("restoreTodo", "todo_id", "Bring the todo back from the trash"),
}
_ONE_TODO = documented(headers={"ETag": ETAG}, links=_TODO_LINKS)
_TODO_ACTION = documented(headers={"ETag": ETAG}, links=_TODO_LINKS, idempotent=True)
# Answers every todo route may give: no acting user, rate limit, database down.
_ALWAYS = (401, 429, 503)
OrderName = Literal["asc", "desc"]


def todo_response(view: TodoView, status_code: int = 200) -> Response[TodoResource]:
    return Response(
        TodoResource.of(view), status_code=status_code, headers={"ETag": entity_tag(view.version)}
    )


class TodoController(Controller):
    path = "/api/v1/todos"
    tags = ("todos",)

    @post(
        "/",
        operation_id="createTodo",
        summary="Create a todo",
        responses=problem_responses(*_ALWAYS, *IDEMPOTENCY_PROBLEMS),
        operation_class=documented(
            headers={"ETag": ETAG, "Location": LOCATION}, links=_TODO_LINKS, idempotent=True
        ),
    )
    async def create(
        self,
        data: JSONBody[CreateTodoRequest],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
    ) -> Response[TodoResource]:
        command = CreateTodoCommand(
            actor=user,
            title=data.title,
            notes=data.notes,
            list_id=None if data.list_id is None else ListId(data.list_id),
            parent_id=None if data.parent_id is None else TodoId(data.parent_id),
            priority=priority_from(data.priority),
            due=due_from(data.due),
            labels=tuple(LabelId(label) for label in data.labels),
            reminders=reminders_from(data.reminders),
            recurrence=recurrence_from(data.recurrence),
        )
        view = await app.create_todo(command)
        response = todo_response(view, status_code=201)
        response.headers["Location"] = f"{self.path}/{view.id}"
        return response

    @get(
        "/{todo_id:uuid}",
        operation_id="getTodo",
        summary="Get one todo",
        responses={**NOT_MODIFIED, **problem_responses(*_ALWAYS, 404)},
        operation_class=_ONE_TODO,
    )
    async def get_one(
        self,
        todo_id: FromPath[UUID],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_none_match: IfNoneMatch = None,
    ) -> Response[TodoResource]:
        view = await app.get_todo(GetTodoQuery(actor=user, todo_id=TodoId(todo_id)))
        if none_match(if_none_match, view.version):
            return not_modified(view.version)
        return todo_response(view)

    @get(
        "/",
        operation_id="listTodos",
        summary="List todos: filter, sort and page",
        responses=problem_responses(*_ALWAYS, 422),
        operation_class=documented(),
    )
    async def list_page(  # noqa: PLR0913 - one argument per documented query parameter
        self,
        *,
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        status: Annotated[StatusName | None, QueryParameter()] = None,
        list_id: Annotated[UUID | None, QueryParameter()] = None,
        label_id: Annotated[UUID | None, QueryParameter()] = None,
        parent_id: Annotated[
            UUID | None,
            QueryParameter(
                description="The subtasks of this todo (none for a todo that is not yours)."
            ),
        ] = None,
        priority_min: Annotated[
            PriorityName | None, QueryParameter(description="Only this priority or higher.")
        ] = None,
        due_before: Annotated[
            str | None,
            QueryParameter(description=f"Due strictly before. {_DAY_BOUND}", **_DUE_BOUND),
        ] = None,
        due_after: Annotated[
            str | None,
            QueryParameter(description=f"Due at or after. {_DAY_BOUND}", **_DUE_BOUND),
        ] = None,
        overdue: Annotated[
            bool, QueryParameter(description="Only open todos whose due has passed.")
        ] = False,
        q: Annotated[
            str | None, QueryParameter(description="Text in the title or notes, any case.")
        ] = None,
        sort: Annotated[SortName, QueryParameter()] = "created",
        order: Annotated[
            OrderName | None,
            QueryParameter(description="Default: desc for `created`, asc for the others."),
        ] = None,
        limit: Limit = DEFAULT_PAGE_SIZE,
        cursor: PageCursor = None,
    ) -> TodoPageResource:
        page = await app.list_todos(
            ListTodosQuery(
                actor=user,
                limit=limit,
                cursor=cursor,
                sort=TodoSort(sort),
                descending=(order or ("desc" if sort == "created" else "asc")) == "desc",
                status=None if status is None else TodoStatus(status),
                list_id=None if list_id is None else ListId(list_id),
                label_id=None if label_id is None else LabelId(label_id),
                parent_id=None if parent_id is None else TodoId(parent_id),
                priority_min=None if priority_min is None else Priority(priority_min),
                due_before=_due_bound("due_before", due_before),
                due_after=_due_bound("due_after", due_after),
                overdue=overdue,
                text=q,
            )
        )
        return TodoPageResource.of(page)

    @patch(
        "/{todo_id:uuid}",
        operation_id="updateTodo",
        summary="Change some fields, move or detach from the parent",
        responses=problem_responses(400, *_ALWAYS, 404, 409, 412, 413, 422),
        operation_class=_ONE_TODO,
    )
    async def update(
        self,
        todo_id: FromPath[UUID],
        data: JSONBody[UpdateTodoRequest],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> Response[TodoResource]:
        # Made first: a command without any field is refused before a version is read.
        command = patch_command(data, user, TodoId(todo_id))
        expected = await _expected_version(app, user, command.todo_id, if_match)
        return todo_response(await app.patch_todo(replace(command, expected_version=expected)))

    @delete(
        "/{todo_id:uuid}",
        operation_id="trashTodo",
        summary="Move a todo to the trash",
        responses=problem_responses(*_ALWAYS, 404, 409, 412),
        operation_class=documented(),
    )
    async def trash(
        self,
        todo_id: FromPath[UUID],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> None:
        command = await _command(app, user, TodoId(todo_id), if_match)
        await app.trash_todo(command)

    @post(
        "/{todo_id:uuid}/complete",
        status_code=200,
        operation_id="completeTodo",
        responses=problem_responses(*_ALWAYS, 404, 412, *IDEMPOTENCY_PROBLEMS),
        operation_class=_TODO_ACTION,
        summary="Complete a todo (a recurring one moves on to its next due)",
    )
    async def complete(
        self,
        todo_id: FromPath[UUID],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> Response[TodoResource]:
        command = await _command(app, user, TodoId(todo_id), if_match)
        return todo_response(await app.complete_todo(command))

    @post(
        "/{todo_id:uuid}/reopen",
        status_code=200,
        operation_id="reopenTodo",
        responses=problem_responses(*_ALWAYS, 404, 412, *IDEMPOTENCY_PROBLEMS),
        operation_class=_TODO_ACTION,
        summary="Reopen a done todo",
    )
    async def reopen(
        self,
        todo_id: FromPath[UUID],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> Response[TodoResource]:
        command = await _command(app, user, TodoId(todo_id), if_match)
        return todo_response(await app.reopen_todo(command))

    @post(
        "/{todo_id:uuid}/restore",
        status_code=200,
        operation_id="restoreTodo",
        responses=problem_responses(*_ALWAYS, 404, *IDEMPOTENCY_PROBLEMS),
        operation_class=_TODO_ACTION,
        summary="Bring a todo back from the trash",
    )
    async def restore(
        self,
        todo_id: FromPath[UUID],
        app: NamedDependency[Application],
        user: NamedDependency[UserId],
    ) -> Response[TodoResource]:
        view = await app.restore_todo(TodoCommand(actor=user, todo_id=TodoId(todo_id)))
        return todo_response(view)


def _due_bound(name: str, text: str | None) -> datetime | date | None:
    if text is None:
        return None
    try:
        return (
            date.fromisoformat(text) if len(text) == _DATE_LENGTH else datetime.fromisoformat(text)
        )
    except ValueError as exc:
        raise ValidationFailed(f"{name} is not an RFC 3339 date-time or date", field=name) from exc


async def _command(
    app: Application, actor: UserId, todo_id: TodoId, if_match: str | None
) -> TodoCommand:
    expected = await _expected_version(app, actor, todo_id, if_match)
    return TodoCommand(actor=actor, todo_id=todo_id, expected_version=expected)


async def _expected_version(
    app: Application, actor: UserId, todo_id: TodoId, if_match: str | None
) -> int | None:
    async def current_version() -> int:
        return (await app.get_todo(GetTodoQuery(actor=actor, todo_id=todo_id))).version

    return await expected_version(if_match, current_version)
