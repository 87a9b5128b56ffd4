"""One PATCH of a todo is one transaction: edits, detaching and moving apply together or not at
all, and a change naming no field is refused."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE
from tests.unit.use_cases.todo_support import (
    Outbox,
    archive_list,
    build_app,
    new_label,
    new_list,
    nothing_changes,
)
from todo_core import Application, PreconditionFailed, ValidationFailed
from todo_core.domain.ids import LabelId, ListId
from todo_core.domain.priority import Priority
from todo_core.domain.todo_events import TodoUpdated
from todo_core.use_cases import CreateTodoCommand, GetTodoQuery, PatchTodoCommand, TodoView


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


@pytest.fixture
async def work(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> ListId:
    return await new_list(store, clock, ids, ALICE, "Work")


async def _family(app: Application) -> tuple[TodoView, TodoView]:
    parent = await app.create_todo(CreateTodoCommand(actor=ALICE, title="trip"))
    child = await app.create_todo(CreateTodoCommand(actor=ALICE, title="pack", parent_id=parent.id))
    return parent, child


async def test_a_change_without_any_field_is_refused(
    app: Application, store: InMemoryStore
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=todo.id))
    assert "give at least one of title" in error.value.message


async def test_an_edit_and_a_move_commit_together(
    app: Application, store: InMemoryStore, clock: FixedClock, work: ListId
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="draft"))
    outbox = Outbox(store)
    clock.advance(timedelta(minutes=1))

    after = await app.patch_todo(
        PatchTodoCommand(
            actor=ALICE,
            todo_id=todo.id,
            expected_version=1,
            title="final",
            priority=Priority.HIGH,
            list_id=work,
            position=4,
        )
    )

    assert (after.title, after.priority, after.list_id, after.position) == (
        "final",
        Priority.HIGH,
        work,
        4,
    )
    # Each real change still has its event and its version step, as for lists and labels.
    assert after.version == 3
    assert [event.changed for event in outbox.new() if isinstance(event, TodoUpdated)] == [
        ("title", "priority"),
        ("list", "position"),
    ]
    assert await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=todo.id)) == after


@pytest.mark.parametrize("target", ["unknown", "archived"])
async def test_an_edit_is_not_kept_when_the_move_is_refused(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds, target: str
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="draft"))
    if target == "unknown":
        list_id = ListId(UUID(int=404))
    else:
        list_id = await new_list(store, clock, ids, ALICE, "Old")
        await archive_list(store, clock, ALICE, list_id)

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.patch_todo(
            PatchTodoCommand(actor=ALICE, todo_id=todo.id, title="final", list_id=list_id)
        )
    assert error.value.field == "list_id"


async def test_a_move_is_not_kept_when_an_edit_is_refused(
    app: Application, store: InMemoryStore, work: ListId
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="draft"))

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.patch_todo(
            PatchTodoCommand(
                actor=ALICE, todo_id=todo.id, list_id=work, labels=(LabelId(UUID(int=404)),)
            )
        )
    assert error.value.field == "labels"


async def test_an_edit_of_a_subtask_is_not_kept_when_it_tries_to_leave_its_parents_list(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds, work: ListId
) -> None:
    label = await new_label(store, clock, ids, ALICE, "home")
    _, child = await _family(app)

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.patch_todo(
            PatchTodoCommand(actor=ALICE, todo_id=child.id, labels=(label,), list_id=work)
        )
    assert error.value.field == "list_id"


async def test_a_stale_version_refuses_the_whole_change(
    app: Application, store: InMemoryStore, work: ListId
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="draft"))
    await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=todo.id, notes="v2"))

    with nothing_changes(store), pytest.raises(PreconditionFailed):
        await app.patch_todo(
            PatchTodoCommand(
                actor=ALICE, todo_id=todo.id, expected_version=1, title="x", list_id=work
            )
        )


async def test_detaching_makes_a_subtask_a_todo_of_its_own_in_the_same_place(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    parent, child = await _family(app)
    outbox = Outbox(store)
    clock.advance(timedelta(minutes=1))

    detached = await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=child.id, parent_id=None))

    assert detached.parent_id is None
    assert (detached.list_id, detached.position) == (child.list_id, child.position)
    assert (detached.version, detached.updated_at) == (2, clock.now())
    assert outbox.new() == [
        TodoUpdated(
            occurred_at=clock.now(),
            todo_id=child.id,
            owner_id=ALICE,
            changed=("parent",),
            title="pack",
        )
    ]
    # The former parent no longer carries it along.
    untouched = await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=parent.id))
    assert untouched == parent


async def test_a_detached_subtask_no_longer_follows_its_former_parent(
    app: Application, work: ListId
) -> None:
    parent, child = await _family(app)
    await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=child.id, parent_id=None))

    await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=parent.id, list_id=work))

    stayed = await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=child.id))
    assert stayed.list_id == child.list_id


async def test_a_subtask_detached_and_moved_in_one_change_leaves_its_parents_list(
    app: Application, work: ListId
) -> None:
    _, child = await _family(app)

    moved = await app.patch_todo(
        PatchTodoCommand(actor=ALICE, todo_id=child.id, parent_id=None, list_id=work)
    )

    assert (moved.parent_id, moved.list_id, moved.position) == (None, work, 0)


async def test_detaching_a_top_level_todo_changes_nothing(
    app: Application, store: InMemoryStore
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))

    with nothing_changes(store):
        same = await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=todo.id, parent_id=None))
    assert same == todo
