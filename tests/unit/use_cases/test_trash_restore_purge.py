"""The trash: trashing hides a todo, restoring brings it back, purging deletes it for good."""

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
    delete_list,
    inboxes,
    new_list,
    nothing_changes,
    of,
)
from todo_core import Application, Conflict, NotFound, PreconditionFailed
from todo_core.domain.due import DueDateTime
from todo_core.domain.ids import ListId, TodoId
from todo_core.domain.reminder import AbsoluteReminder, ReminderStatus
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.todo_events import (
    TodoPurged,
    TodoRestored,
    TodoTrashed,
    TodoUpdated,
)
from todo_core.use_cases import (
    CreateTodoCommand,
    EmptyTrashCommand,
    GetTodoQuery,
    ListTodosQuery,
    TodoView,
)
from todo_core.use_cases.fire_due_reminders import FireDueRemindersCommand

MISSING = TodoId(UUID(int=404))


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


async def _todo(app: Application, list_id: ListId | None = None) -> TodoView:
    return await app.create_todo(CreateTodoCommand(actor=ALICE, title="x", list_id=list_id))


async def _trash_ids(app: Application) -> list[TodoId]:
    page = await app.list_todos(ListTodosQuery(actor=ALICE, trashed=True))
    return [view.id for view in page.items]


# -- trash ------------------------------------------------------------------------------------


async def test_a_trashed_todo_leaves_the_active_views_for_the_trash(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    todo = await _todo(app)
    outbox = Outbox(store)
    clock.advance(timedelta(minutes=1))

    trashed = await app.trash_todo(of(ALICE, todo.id))

    assert (trashed.deleted_at, trashed.version) == (clock.now(), 2)
    with pytest.raises(NotFound):
        await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=todo.id))
    assert (await app.list_todos(ListTodosQuery(actor=ALICE))).items == ()
    assert await _trash_ids(app) == [todo.id]
    assert outbox.new() == [TodoTrashed(occurred_at=clock.now(), todo_id=todo.id, owner_id=ALICE)]


async def test_trashing_silences_pending_reminders(app: Application, clock: FixedClock) -> None:
    todo = await app.create_todo(
        CreateTodoCommand(
            actor=ALICE,
            title="x",
            due=DueDateTime(clock.now() + timedelta(days=1), TimeZoneName("UTC")),
            reminders=(AbsoluteReminder(clock.now() + timedelta(hours=1)),),
        )
    )

    trashed = await app.trash_todo(of(ALICE, todo.id))
    clock.advance(timedelta(hours=2))

    assert [r.status for r in trashed.reminders] == [ReminderStatus.CANCELLED]
    assert (await app.fire_due_reminders(FireDueRemindersCommand())).fired == 0


async def test_trashing_a_trashed_todo_is_not_found(app: Application, store: InMemoryStore) -> None:
    todo = await _todo(app)
    await app.trash_todo(of(ALICE, todo.id))

    with nothing_changes(store), pytest.raises(NotFound):
        await app.trash_todo(of(ALICE, todo.id))


@pytest.mark.parametrize("who", ["bob", "missing"])
async def test_trashing_someone_elses_or_a_missing_todo_is_not_found(
    app: Application, store: InMemoryStore, who: str
) -> None:
    todo = await _todo(app)
    command = of(BOB, todo.id) if who == "bob" else of(ALICE, MISSING)

    with nothing_changes(store), pytest.raises(NotFound):
        await app.trash_todo(command)


async def test_trashing_with_a_stale_version_is_refused(
    app: Application, store: InMemoryStore
) -> None:
    todo = await _todo(app)
    await app.complete_todo(of(ALICE, todo.id))

    with nothing_changes(store), pytest.raises(PreconditionFailed):
        await app.trash_todo(of(ALICE, todo.id, expected_version=1))


async def test_trashing_with_the_current_version_is_accepted(app: Application) -> None:
    todo = await _todo(app)
    trashed = await app.trash_todo(of(ALICE, todo.id, expected_version=1))
    assert trashed.deleted_at is not None


# -- restore ----------------------------------------------------------------------------------


async def test_restoring_brings_it_back_where_it_was(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    work = await new_list(store, clock, ids, ALICE, "Work")
    todo = await _todo(app, work)
    await app.trash_todo(of(ALICE, todo.id))
    outbox = Outbox(store)
    clock.advance(timedelta(minutes=1))

    restored = await app.restore_todo(of(ALICE, todo.id))

    assert (restored.deleted_at, restored.list_id, restored.version) == (None, work, 3)
    assert await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=todo.id)) == restored
    assert await _trash_ids(app) == []
    assert outbox.new() == [TodoRestored(occurred_at=clock.now(), todo_id=todo.id, owner_id=ALICE)]


@pytest.mark.parametrize("fate", ["archived", "deleted"])
async def test_a_todo_whose_list_is_gone_comes_back_in_the_inbox(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds, fate: str
) -> None:
    work = await new_list(store, clock, ids, ALICE, "Work")
    todo = await _todo(app, work)
    if fate == "archived":
        await app.trash_todo(of(ALICE, todo.id))
        await archive_list(store, clock, ALICE, work)
    else:
        # Deleting a list trashes its todos.
        await delete_list(store, clock, ALICE, work)
        assert await _trash_ids(app) == [todo.id]
    outbox = Outbox(store)

    restored = await app.restore_todo(of(ALICE, todo.id))

    [inbox] = inboxes(store, ALICE)
    assert restored.list_id == inbox.id
    assert restored.deleted_at is None
    assert outbox.types() == ["ListCreated", "TodoRestored", "TodoUpdated"]
    moved = outbox.new()[-1]
    assert isinstance(moved, TodoUpdated)
    assert moved.changed == ("list", "position")


async def test_restoring_a_live_todo_changes_nothing(
    app: Application, store: InMemoryStore
) -> None:
    todo = await _todo(app)

    with nothing_changes(store):
        assert await app.restore_todo(of(ALICE, todo.id)) == todo


async def test_restoring_rearms_the_reminders_still_ahead(
    app: Application, clock: FixedClock
) -> None:
    todo = await app.create_todo(
        CreateTodoCommand(
            actor=ALICE,
            title="x",
            due=DueDateTime(clock.now() + timedelta(days=1), TimeZoneName("UTC")),
            reminders=(AbsoluteReminder(clock.now() + timedelta(hours=1)),),
        )
    )
    await app.trash_todo(of(ALICE, todo.id))
    await app.restore_todo(of(ALICE, todo.id))
    clock.advance(timedelta(hours=2))

    assert (await app.fire_due_reminders(FireDueRemindersCommand())).fired == 1


@pytest.mark.parametrize("who", ["bob", "missing"])
async def test_restoring_someone_elses_or_a_missing_todo_is_not_found(
    app: Application, store: InMemoryStore, who: str
) -> None:
    todo = await _todo(app)
    await app.trash_todo(of(ALICE, todo.id))
    command = of(BOB, todo.id) if who == "bob" else of(ALICE, MISSING)

    with nothing_changes(store), pytest.raises(NotFound):
        await app.restore_todo(command)


async def test_restoring_with_a_stale_version_is_refused(
    app: Application, store: InMemoryStore
) -> None:
    todo = await _todo(app)
    await app.trash_todo(of(ALICE, todo.id))

    with nothing_changes(store), pytest.raises(PreconditionFailed):
        await app.restore_todo(of(ALICE, todo.id, expected_version=1))


# -- purge ------------------------------------------------------------------------------------


async def test_purging_a_trashed_todo_deletes_it_for_good(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    todo = await _todo(app)
    await app.trash_todo(of(ALICE, todo.id))
    outbox = Outbox(store)

    await app.purge_todo(of(ALICE, todo.id, expected_version=2))

    assert committed(store, todo.id) is None
    assert await _trash_ids(app) == []
    with pytest.raises(NotFound):
        await app.restore_todo(of(ALICE, todo.id))
    assert outbox.new() == [TodoPurged(occurred_at=clock.now(), todo_id=todo.id, owner_id=ALICE)]


async def test_only_a_trashed_todo_can_be_purged(app: Application, store: InMemoryStore) -> None:
    todo = await _todo(app)

    with nothing_changes(store), pytest.raises(Conflict):
        await app.purge_todo(of(ALICE, todo.id))


@pytest.mark.parametrize("who", ["bob", "missing"])
async def test_purging_someone_elses_or_a_missing_todo_is_not_found(
    app: Application, store: InMemoryStore, who: str
) -> None:
    todo = await _todo(app)
    await app.trash_todo(of(ALICE, todo.id))
    command = of(BOB, todo.id) if who == "bob" else of(ALICE, MISSING)

    with nothing_changes(store), pytest.raises(NotFound):
        await app.purge_todo(command)


async def test_purging_with_a_stale_version_is_refused(
    app: Application, store: InMemoryStore
) -> None:
    todo = await _todo(app)
    await app.trash_todo(of(ALICE, todo.id))

    with nothing_changes(store), pytest.raises(PreconditionFailed):
        await app.purge_todo(of(ALICE, todo.id, expected_version=1))


async def test_emptying_the_trash_purges_every_trashed_todo_of_the_actor_in_batches(
    app: Application, store: InMemoryStore
) -> None:
    trashed = [
        await app.create_todo(CreateTodoCommand(actor=ALICE, title=f"t{n}")) for n in range(5)
    ]
    for todo in trashed:
        await app.trash_todo(of(ALICE, todo.id))
    live = await app.create_todo(CreateTodoCommand(actor=ALICE, title="live"))
    theirs = await app.create_todo(CreateTodoCommand(actor=BOB, title="theirs"))
    await app.trash_todo(of(BOB, theirs.id))
    outbox = Outbox(store)

    assert await app.empty_trash(EmptyTrashCommand(actor=ALICE, batch_size=2)) == 5

    assert sorted(e.todo_id for e in outbox.new() if isinstance(e, TodoPurged)) == sorted(
        t.id for t in trashed
    )
    assert set(store.todos.rows) == {live.id, theirs.id}
    assert await app.empty_trash(EmptyTrashCommand(actor=ALICE)) == 0
