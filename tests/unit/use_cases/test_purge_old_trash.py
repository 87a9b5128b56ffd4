"""Trash retention: todos in the trash longer than N days are deleted for good."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE, BOB
from tests.unit.use_cases.todo_support import Outbox, build_app, committed, nothing_changes, of
from todo_core import Application, ValidationFailed
from todo_core.domain.ids import TodoId, UserId
from todo_core.domain.todo_events import TodoPurged
from todo_core.use_cases import CreateTodoCommand
from todo_core.use_cases.purge_old_trash import PurgeOldTrashCommand

DAY = timedelta(days=1)


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


async def _trashed(app: Application, actor: UserId = ALICE) -> TodoId:
    todo = await app.create_todo(CreateTodoCommand(actor=actor, title="x"))
    await app.trash_todo(of(actor, todo.id))
    return todo.id


async def test_only_todos_trashed_more_than_n_days_ago_are_purged(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    oldest = await _trashed(app)
    clock.advance(DAY)
    exactly_thirty = await _trashed(app)
    clock.advance(DAY)
    recent = await _trashed(app)
    live = (await app.create_todo(CreateTodoCommand(actor=ALICE, title="live"))).id
    clock.advance(29 * DAY)
    # Now: oldest went 31 days ago, the next exactly 30 days ago, the last 29 days ago.
    outbox = Outbox(store)

    purged = await app.purge_old_trash(PurgeOldTrashCommand(older_than_days=30))

    assert purged == 1
    assert committed(store, oldest) is None
    assert all(committed(store, kept) is not None for kept in (exactly_thirty, recent, live))
    assert outbox.new() == [TodoPurged(occurred_at=clock.now(), todo_id=oldest, owner_id=ALICE)]


async def test_old_trash_of_every_owner_goes(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    mine, theirs = await _trashed(app), await _trashed(app, BOB)
    clock.advance(3 * DAY)

    assert await app.purge_old_trash(PurgeOldTrashCommand(older_than_days=1)) == 2
    assert (committed(store, mine), committed(store, theirs)) == (None, None)


async def test_old_live_todos_are_never_purged(app: Application, clock: FixedClock) -> None:
    await app.create_todo(CreateTodoCommand(actor=ALICE, title="ancient but live"))
    clock.advance(365 * DAY)

    assert await app.purge_old_trash(PurgeOldTrashCommand(older_than_days=1)) == 0


async def test_one_call_purges_at_most_one_batch(app: Application, clock: FixedClock) -> None:
    for _ in range(3):
        await _trashed(app)
    clock.advance(10 * DAY)
    command = PurgeOldTrashCommand(older_than_days=1, batch_size=2)

    assert await app.purge_old_trash(command) == 2
    assert await app.purge_old_trash(command) == 1
    assert await app.purge_old_trash(command) == 0


@pytest.mark.parametrize("days", [0, -1])
async def test_keeping_trash_less_than_a_day_is_refused(
    app: Application, store: InMemoryStore, clock: FixedClock, days: int
) -> None:
    await _trashed(app)
    clock.advance(5 * DAY)

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.purge_old_trash(PurgeOldTrashCommand(older_than_days=days))
    assert error.value.field == "older_than_days"
