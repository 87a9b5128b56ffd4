"""Moving a todo to another list of the owner's and/or another position."""

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
    new_list,
    nothing_changes,
    of,
)
from todo_core import Application, NotFound, PreconditionFailed, ValidationFailed
from todo_core.domain.ids import ListId, TodoId
from todo_core.domain.todo_events import TodoUpdated
from todo_core.use_cases import CreateTodoCommand, GetTodoQuery
from todo_core.use_cases.patch_todo import PatchTodoCommand


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


@pytest.fixture
async def work(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> ListId:
    return await new_list(store, clock, ids, ALICE, "Work")


async def test_moves_to_another_list_at_the_given_position(
    app: Application, store: InMemoryStore, clock: FixedClock, work: ListId
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="report"))
    outbox = Outbox(store)
    clock.advance(timedelta(minutes=1))

    moved = await app.patch_todo(
        PatchTodoCommand(actor=ALICE, todo_id=todo.id, list_id=work, position=7)
    )

    assert (moved.list_id, moved.position, moved.version) == (work, 7, 2)
    assert await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=todo.id)) == moved
    assert outbox.new() == [
        TodoUpdated(
            occurred_at=clock.now(),
            todo_id=todo.id,
            owner_id=ALICE,
            changed=("list", "position"),
            title="report",
        )
    ]


async def test_without_a_position_it_goes_last_in_the_target_list(
    app: Application, work: ListId
) -> None:
    for title in ("a", "b"):
        await app.create_todo(CreateTodoCommand(actor=ALICE, title=title, list_id=work))
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="c"))

    moved = await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=todo.id, list_id=work))

    assert (moved.list_id, moved.position) == (work, 2)


async def test_without_a_list_it_reorders_within_its_own(
    app: Application, store: InMemoryStore
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))
    outbox = Outbox(store)

    moved = await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=todo.id, position=5))

    assert (moved.list_id, moved.position) == (todo.list_id, 5)
    [event] = outbox.new()
    assert isinstance(event, TodoUpdated)
    assert event.changed == ("position",)


async def test_moving_to_where_it_already_is_changes_nothing(
    app: Application, store: InMemoryStore
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))
    assert todo.list_id is not None

    with nothing_changes(store):
        same = await app.patch_todo(
            PatchTodoCommand(actor=ALICE, todo_id=todo.id, list_id=todo.list_id, position=0)
        )
    assert same == todo


async def test_subtasks_follow_their_parent_and_keep_their_order(
    app: Application, work: ListId
) -> None:
    parent = await app.create_todo(CreateTodoCommand(actor=ALICE, title="trip"))
    kids = [
        await app.create_todo(CreateTodoCommand(actor=ALICE, title=t, parent_id=parent.id))
        for t in ("pack", "book")
    ]

    await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=parent.id, list_id=work))

    for kid in kids:
        now = await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=kid.id))
        assert (now.list_id, now.position) == (work, kid.position)


async def test_a_subtask_cannot_leave_its_parents_list(
    app: Application, store: InMemoryStore, work: ListId
) -> None:
    parent = await app.create_todo(CreateTodoCommand(actor=ALICE, title="trip"))
    kid = await app.create_todo(CreateTodoCommand(actor=ALICE, title="pack", parent_id=parent.id))

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=kid.id, list_id=work))
    assert error.value.field == "list_id"


async def test_a_subtask_can_be_reordered_within_its_parents_list(app: Application) -> None:
    parent = await app.create_todo(CreateTodoCommand(actor=ALICE, title="trip"))
    kid = await app.create_todo(CreateTodoCommand(actor=ALICE, title="pack", parent_id=parent.id))
    assert parent.list_id is not None

    moved = await app.patch_todo(
        PatchTodoCommand(actor=ALICE, todo_id=kid.id, list_id=parent.list_id, position=9)
    )

    assert (moved.list_id, moved.position) == (parent.list_id, 9)


async def test_a_negative_position_is_refused(app: Application, store: InMemoryStore) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=todo.id, position=-1))
    assert error.value.field == "position"


@pytest.mark.parametrize("target", ["unknown", "bobs", "archived"])
async def test_a_list_that_is_not_an_active_list_of_the_owners_is_refused(
    app: Application,
    store: InMemoryStore,
    clock: FixedClock,
    ids: SequentialIds,
    target: str,
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))
    if target == "unknown":
        list_id = ListId(UUID(int=404))
    elif target == "bobs":
        list_id = await new_list(store, clock, ids, BOB, "Bob's")
    else:
        list_id = await new_list(store, clock, ids, ALICE, "Old")
        await archive_list(store, clock, ALICE, list_id)

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=todo.id, list_id=list_id))
    assert error.value.field == "list_id"


async def test_another_users_todo_is_not_found(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))
    bobs = await new_list(store, clock, ids, BOB, "Bob's")

    with nothing_changes(store), pytest.raises(NotFound):
        await app.patch_todo(PatchTodoCommand(actor=BOB, todo_id=todo.id, list_id=bobs))


async def test_a_missing_or_trashed_todo_is_not_found(
    app: Application, store: InMemoryStore
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))
    await app.trash_todo(of(ALICE, todo.id))

    for todo_id in (todo.id, TodoId(UUID(int=404))):
        with nothing_changes(store), pytest.raises(NotFound):
            await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=todo_id, position=3))


async def test_a_stale_expected_version_is_refused(
    app: Application, store: InMemoryStore, work: ListId
) -> None:
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x"))
    await app.complete_todo(of(ALICE, todo.id))

    with nothing_changes(store), pytest.raises(PreconditionFailed):
        await app.patch_todo(
            PatchTodoCommand(actor=ALICE, todo_id=todo.id, list_id=work, expected_version=1)
        )
