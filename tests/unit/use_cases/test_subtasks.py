"""Subtasks: one level deep, in their parent's list, and carried along by what the parent does."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE, BOB
from tests.unit.use_cases.todo_support import (
    Outbox,
    archive_list,
    build_app,
    committed,
    inboxes,
    new_list,
    nothing_changes,
    of,
)
from todo_core import Application, Conflict, NotFound, ValidationFailed
from todo_core.domain.ids import TodoId
from todo_core.domain.todo import TodoStatus
from todo_core.domain.todo_events import TodoCompleted, TodoPurged, TodoTrashed
from todo_core.use_cases import CreateTodoCommand, GetTodoQuery, TodoView
from todo_core.use_cases.patch_todo import PatchTodoCommand


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


async def _family(app: Application, kids: int = 2) -> tuple[TodoView, list[TodoView]]:
    parent = await app.create_todo(CreateTodoCommand(actor=ALICE, title="trip"))
    children = [
        await app.create_todo(
            CreateTodoCommand(actor=ALICE, title=f"step {n}", parent_id=parent.id)
        )
        for n in range(kids)
    ]
    return parent, children


async def _get(app: Application, todo_id: TodoId) -> TodoView:
    return await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=todo_id))


# -- creating ---------------------------------------------------------------------------------


async def test_a_subtask_lives_in_its_parents_list(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    work = await new_list(store, clock, ids, ALICE, "Work")
    parent = await app.create_todo(CreateTodoCommand(actor=ALICE, title="report", list_id=work))

    implicit = await app.create_todo(
        CreateTodoCommand(actor=ALICE, title="draft", parent_id=parent.id)
    )
    explicit = await app.create_todo(
        CreateTodoCommand(actor=ALICE, title="send", parent_id=parent.id, list_id=work)
    )

    assert (implicit.parent_id, implicit.list_id) == (parent.id, work)
    assert (explicit.parent_id, explicit.list_id) == (parent.id, work)
    # Not put in an Inbox on the way.
    assert inboxes(store, ALICE) == []


async def test_a_subtask_in_another_list_than_its_parents_is_refused(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    work = await new_list(store, clock, ids, ALICE, "Work")
    parent = await app.create_todo(CreateTodoCommand(actor=ALICE, title="trip"))

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.create_todo(
            CreateTodoCommand(actor=ALICE, title="x", parent_id=parent.id, list_id=work)
        )
    assert error.value.field == "list_id"


async def test_subtasks_go_one_level_deep_only(app: Application, store: InMemoryStore) -> None:
    _, [child, _] = await _family(app)

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.create_todo(CreateTodoCommand(actor=ALICE, title="x", parent_id=child.id))
    assert error.value.field == "parent_id"


@pytest.mark.parametrize("parent", ["bobs", "missing", "trashed"])
async def test_the_parent_must_be_a_live_todo_of_the_owners(
    app: Application, store: InMemoryStore, parent: str
) -> None:
    if parent == "bobs":
        parent_id = (await app.create_todo(CreateTodoCommand(actor=BOB, title="bob's"))).id
    elif parent == "missing":
        parent_id = TodoId(UUID(int=404))
    else:
        parent_id = (await app.create_todo(CreateTodoCommand(actor=ALICE, title="old"))).id
        await app.trash_todo(of(ALICE, parent_id))

    # A reference in the input, like a list or a label: invalid input, not a missing resource.
    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.create_todo(CreateTodoCommand(actor=ALICE, title="x", parent_id=parent_id))
    assert error.value.field == "parent_id"


# -- completing -------------------------------------------------------------------------------


async def test_completing_a_parent_completes_its_open_subtasks(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    parent, [done_before, still_open] = await _family(app)
    await app.complete_todo(of(ALICE, done_before.id))
    finished_at = clock.now()
    clock.advance(timedelta(hours=1))
    outbox = Outbox(store)

    await app.complete_todo(of(ALICE, parent.id))

    assert (await _get(app, still_open.id)).status is TodoStatus.DONE
    # The one done earlier keeps its own completion.
    assert (await _get(app, done_before.id)).completed_at == finished_at
    completed = [event for event in outbox.new() if isinstance(event, TodoCompleted)]
    assert len(completed) == len(outbox.new())
    assert sorted(event.todo_id for event in completed) == sorted((parent.id, still_open.id))


async def test_completing_a_subtask_leaves_the_parent_open(app: Application) -> None:
    parent, [child, _] = await _family(app)

    await app.complete_todo(of(ALICE, child.id))

    assert (await _get(app, parent.id)).status is TodoStatus.OPEN


async def test_completing_a_done_parent_again_leaves_a_reopened_subtask_open(
    app: Application, store: InMemoryStore
) -> None:
    parent, [child, _] = await _family(app)
    await app.complete_todo(of(ALICE, parent.id))
    await app.reopen_todo(of(ALICE, child.id))

    # A retried "complete" is harmless: it does not undo what happened since.
    with nothing_changes(store):
        await app.complete_todo(of(ALICE, parent.id))
    assert (await _get(app, child.id)).status is TodoStatus.OPEN


# -- trash, restore, purge --------------------------------------------------------------------


async def test_trashing_a_parent_trashes_its_subtasks(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    parent, children = await _family(app)
    outbox = Outbox(store)

    await app.trash_todo(of(ALICE, parent.id))

    for child in children:
        with pytest.raises(NotFound):
            await _get(app, child.id)
    assert sorted(outbox.new(), key=lambda event: event.aggregate_id) == [
        TodoTrashed(occurred_at=clock.now(), todo_id=todo_id, owner_id=ALICE)
        for todo_id in sorted([parent.id, *(child.id for child in children)])
    ]


async def test_restoring_a_parent_restores_only_the_subtasks_trashed_with_it(
    app: Application, clock: FixedClock
) -> None:
    parent, [dropped_earlier, trashed_along] = await _family(app)
    await app.trash_todo(of(ALICE, dropped_earlier.id))
    clock.advance(timedelta(minutes=1))
    await app.trash_todo(of(ALICE, parent.id))
    clock.advance(timedelta(minutes=1))

    await app.restore_todo(of(ALICE, parent.id))

    assert (await _get(app, trashed_along.id)).deleted_at is None
    with pytest.raises(NotFound):
        await _get(app, dropped_earlier.id)


async def test_subtasks_restored_with_a_parent_whose_list_is_archived_join_it_in_the_inbox(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    work = await new_list(store, clock, ids, ALICE, "Work")
    parent = await app.create_todo(CreateTodoCommand(actor=ALICE, title="trip", list_id=work))
    child = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x", parent_id=parent.id))
    await app.trash_todo(of(ALICE, parent.id))
    await archive_list(store, clock, ALICE, work)

    restored = await app.restore_todo(of(ALICE, parent.id))

    [inbox] = inboxes(store, ALICE)
    assert restored.list_id == inbox.id
    assert (await _get(app, child.id)).list_id == inbox.id


async def test_a_subtask_cannot_come_back_while_its_parent_is_in_the_trash(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    parent, [child, _] = await _family(app)
    await app.trash_todo(of(ALICE, child.id))
    clock.advance(timedelta(minutes=1))
    await app.trash_todo(of(ALICE, parent.id))

    # Otherwise it would be live under a trashed parent, and purging the parent would take it.
    with nothing_changes(store), pytest.raises(Conflict):
        await app.restore_todo(of(ALICE, child.id))


async def test_a_subtask_restored_on_its_own_rejoins_its_parents_current_list(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    work = await new_list(store, clock, ids, ALICE, "Work")
    parent, [child, _] = await _family(app)
    await app.trash_todo(of(ALICE, child.id))
    await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=parent.id, list_id=work))

    restored = await app.restore_todo(of(ALICE, child.id))

    assert (restored.deleted_at, restored.list_id) == (None, work)


async def test_purging_a_parent_purges_its_subtasks(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    parent, [dropped_earlier, trashed_along] = await _family(app)
    await app.trash_todo(of(ALICE, dropped_earlier.id))
    await app.trash_todo(of(ALICE, parent.id))
    outbox = Outbox(store)

    await app.purge_todo(of(ALICE, parent.id))

    every = (parent.id, dropped_earlier.id, trashed_along.id)
    assert all(committed(store, todo_id) is None for todo_id in every)
    assert sorted(outbox.new(), key=lambda event: event.aggregate_id) == [
        TodoPurged(occurred_at=clock.now(), todo_id=todo_id, owner_id=ALICE)
        for todo_id in sorted(every)
    ]
