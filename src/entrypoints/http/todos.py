"""`/api/v1/todos`: the caller's todos, from creation through completion to the trash.

Every single-todo response carries the todo's version as its `ETag`. PATCH, DELETE, complete
and reopen honour `If-Match` (412 when it names another version); GET honours `If-None-Match`
(304): see `entrypoints.http.etags`. Another user's todo is indistinguishable from a missing
one: 404.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Controller, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from entrypoints.http.etags import (
    IfMatch,
    IfNoneMatch,
    expected_version,
    tagged,
    tagged_unless_current,
)
from entrypoints.http.openapi_docs import link_by_id
from entrypoints.http.paging import DEFAULT_PAGE_SIZE, Limit, PageCursor
from entrypoints.http.routes import API_PROBLEMS, Routes
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
from entrypoints.http.use_cases import use_cases
from todo_core import ValidationFailed
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.domain.priority import Priority
from todo_core.domain.todo import TodoStatus
from todo_core.ports.todo_query import TodoSort
from todo_core.use_cases import (
    CreateTodoCommand,
    GetTodoQuery,
    ListTodosQuery,
    PatchTodoCommand,
    TodoCommand,
    TodoPage,
    TodoView,
    UseCase,
)

__all__ = ["TodoController"]

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
OrderName = Literal["asc", "desc"]
_ROUTES = Routes(
    API_PROBLEMS,
    links={
        "getTodo": link_by_id("getTodo", "todo_id", "Read the todo again"),
        "updateTodo": link_by_id("updateTodo", "todo_id", "Change the todo"),
        "trashTodo": link_by_id("trashTodo", "todo_id", "Move the todo to the trash"),
        "completeTodo": link_by_id("completeTodo", "todo_id", "Complete the todo"),
        "reopenTodo": link_by_id("reopenTodo", "todo_id", "Reopen the todo"),
        "restoreTodo": link_by_id("restoreTodo", "todo_id", "Bring the todo back from the trash"),
    },
    idempotent_posts=True,
)
_ONE = "/{todo_id:uuid}"
GetTodo = UseCase[GetTodoQuery, TodoView]
# complete, reopen, trash and restore: a todo and (but for restore) the version last seen.
TodoAction = UseCase[TodoCommand, TodoView]


class TodoController(Controller):
    path = "/api/v1/todos"
    tags = ("todos",)
    dependencies = use_cases(
        "create_todo",
        "get_todo",
        "list_todos",
        "patch_todo",
        "trash_todo",
        "complete_todo",
        "reopen_todo",
        "restore_todo",
    )

    @_ROUTES.post("/", "createTodo", "Create a todo")
    async def create(
        self,
        data: JSONBody[CreateTodoRequest],
        create_todo: NamedDependency[UseCase[CreateTodoCommand, TodoView]],
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
        view = await create_todo(command)
        return tagged(TodoResource.of, view, status_code=201, location=f"{self.path}/{view.id}")

    @_ROUTES.get(_ONE, "getTodo", "Get one todo", one=True)
    async def get_one(
        self,
        todo_id: FromPath[UUID],
        get_todo: NamedDependency[GetTodo],
        user: NamedDependency[UserId],
        if_none_match: IfNoneMatch = None,
    ) -> Response[TodoResource]:
        view = await get_todo(GetTodoQuery(actor=user, todo_id=TodoId(todo_id)))
        return tagged_unless_current(TodoResource.of, view, if_none_match)

    @_ROUTES.get("/", "listTodos", "List todos: filter, sort and page")
    async def list_page(  # noqa: PLR0913 - one argument per documented query parameter
        self,
        *,
        list_todos: NamedDependency[UseCase[ListTodosQuery, TodoPage]],
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
        page = await list_todos(
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

    @_ROUTES.patch(
        _ONE, "updateTodo", "Change some fields, move or detach from the parent", 409, one=True
    )
    async def update(  # noqa: PLR0913 - the body, the header and the use cases it needs
        self,
        *,
        todo_id: FromPath[UUID],
        data: JSONBody[UpdateTodoRequest],
        patch_todo: NamedDependency[UseCase[PatchTodoCommand, TodoView]],
        get_todo: NamedDependency[GetTodo],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> Response[TodoResource]:
        # Made first: a command without any field is refused before a version is read.
        command = patch_command(data, user, TodoId(todo_id))
        query = GetTodoQuery(actor=user, todo_id=command.todo_id)
        version = await expected_version(if_match, get_todo, query)
        return tagged(TodoResource.of, await patch_todo(replace(command, expected_version=version)))

    @_ROUTES.delete(_ONE, "trashTodo", "Move a todo to the trash", 409)
    async def trash(
        self,
        todo_id: FromPath[UUID],
        trash_todo: NamedDependency[TodoAction],
        get_todo: NamedDependency[GetTodo],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> None:
        await trash_todo(await _command(get_todo, user, TodoId(todo_id), if_match))

    @_ROUTES.post(
        f"{_ONE}/complete",
        "completeTodo",
        "Complete a todo (a recurring one moves on to its next due)",
        status_code=200,
        one=True,
    )
    async def complete(
        self,
        todo_id: FromPath[UUID],
        complete_todo: NamedDependency[TodoAction],
        get_todo: NamedDependency[GetTodo],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> Response[TodoResource]:
        command = await _command(get_todo, user, TodoId(todo_id), if_match)
        return tagged(TodoResource.of, await complete_todo(command))

    @_ROUTES.post(f"{_ONE}/reopen", "reopenTodo", "Reopen a done todo", status_code=200, one=True)
    async def reopen(
        self,
        todo_id: FromPath[UUID],
        reopen_todo: NamedDependency[TodoAction],
        get_todo: NamedDependency[GetTodo],
        user: NamedDependency[UserId],
        if_match: IfMatch = None,
    ) -> Response[TodoResource]:
        command = await _command(get_todo, user, TodoId(todo_id), if_match)
        return tagged(TodoResource.of, await reopen_todo(command))

    @_ROUTES.post(
        f"{_ONE}/restore",
        "restoreTodo",
        "Bring a todo back from the trash",
        status_code=200,
        one=True,
    )
    async def restore(
        self,
        todo_id: FromPath[UUID],
        restore_todo: NamedDependency[TodoAction],
        user: NamedDependency[UserId],
    ) -> Response[TodoResource]:
        view = await restore_todo(TodoCommand(actor=user, todo_id=TodoId(todo_id)))
        return tagged(TodoResource.of, view)


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
    get_todo: GetTodo, actor: UserId, todo_id: TodoId, if_match: str | None
) -> TodoCommand:
    query = GetTodoQuery(actor=actor, todo_id=todo_id)
    version = await expected_version(if_match, get_todo, query)
    return TodoCommand(actor=actor, todo_id=todo_id, expected_version=version)
