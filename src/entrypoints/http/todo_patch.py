"""PATCH /todos/{id}: field edits through `update_todo`, list and position through `move_todo`.

The two are separate use cases, so a PATCH that both edits and moves runs two transactions:
the edit first (it fails most often: titles, labels, reminders, rules), then the move. What
would make the move fail afterwards (a missing or archived list, a subtask leaving its
parent's list) is checked before the edit, so only a race can still leave the todo edited but
not moved. The caller's `If-Match` version guards the first write; the move changes only the
list and position the caller asked for, so it needs no version of its own.
"""

from __future__ import annotations

from msgspec import UNSET

from entrypoints.http.todo_inputs_http import (
    due_from,
    priority_from,
    recurrence_from,
    reminders_from,
)
from entrypoints.http.todo_schemas import UpdateTodoRequest
from todo_core import Application, NotFound, ValidationFailed
from todo_core.domain.ids import LabelId, ListId, TodoId, UserId
from todo_core.use_cases import UNSET as UNCHANGED
from todo_core.use_cases import (
    GetListQuery,
    GetTodoQuery,
    MoveTodoCommand,
    TodoView,
    UpdateTodoCommand,
)

__all__ = ["apply_patch"]

_MOVE_FIELDS = ("list_id", "position")


async def apply_patch(
    app: Application,
    actor: UserId,
    todo_id: TodoId,
    body: UpdateTodoRequest,
    expected_version: int | None,
) -> TodoView:
    edits = any(
        getattr(body, name) is not UNSET
        for name in body.__struct_fields__
        if name not in _MOVE_FIELDS
    )
    target = None if body.list_id is UNSET else ListId(body.list_id)
    position = None if body.position is UNSET else body.position
    if target is not None:
        current = await app.get_todo(GetTodoQuery(actor=actor, todo_id=todo_id))
        if target == current.list_id and position is None:
            # Naming the list it is in already is no move (a move without a position would
            # put it last).
            target = None
        elif target != current.list_id and edits:
            await _check_move(app, actor, current, target)
    view = None
    if edits or (target is None and position is None):
        # Also for `{}`: it still checks that the todo exists and the caller's version.
        view = await app.update_todo(_update_command(actor, todo_id, body, expected_version))
        expected_version = None
    if target is not None or position is not None:
        view = await app.move_todo(
            MoveTodoCommand(
                actor=actor,
                todo_id=todo_id,
                list_id=target,
                position=position,
                expected_version=expected_version,
            )
        )
    assert view is not None  # noqa: S101 - one of the two branches ran
    return view


def _update_command(
    actor: UserId, todo_id: TodoId, body: UpdateTodoRequest, expected_version: int | None
) -> UpdateTodoCommand:
    # msgspec's UNSET (not in the body) becomes the core's UNCHANGED (not in the command).
    return UpdateTodoCommand(
        actor=actor,
        todo_id=todo_id,
        expected_version=expected_version,
        title=UNCHANGED if body.title is UNSET else body.title,
        notes=UNCHANGED if body.notes is UNSET else body.notes,
        priority=UNCHANGED if body.priority is UNSET else priority_from(body.priority),
        due=UNCHANGED if body.due is UNSET else due_from(body.due),
        labels=(
            UNCHANGED if body.labels is UNSET else tuple(LabelId(label) for label in body.labels)
        ),
        reminders=UNCHANGED if body.reminders is UNSET else reminders_from(body.reminders),
        recurrence=UNCHANGED if body.recurrence is UNSET else recurrence_from(body.recurrence),
    )


async def _check_move(app: Application, actor: UserId, todo: TodoView, target: ListId) -> None:
    """What `move_todo` would refuse, asked before anything is written."""
    if todo.parent_id is not None:
        raise ValidationFailed("a subtask lives in its parent's list", field="list_id")
    try:
        found = await app.get_list(GetListQuery(actor=actor, list_id=target))
    except NotFound as exc:
        raise ValidationFailed(f"list {target} not found", field="list_id") from exc
    if found.archived:
        raise ValidationFailed(f"list {target} is archived", field="list_id")
