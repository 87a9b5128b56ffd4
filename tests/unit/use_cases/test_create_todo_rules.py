"""Where a new todo lands (the Inbox or a list of the owner's), its labels, due and reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
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
    new_label,
    new_list,
    nothing_changes,
)
from todo_core import Application, ValidationFailed
from todo_core.domain.due import DueDate, DueDateTime
from todo_core.domain.ids import LabelId, ListId
from todo_core.domain.priority import Priority
from todo_core.domain.reminder import AbsoluteReminder, RelativeReminder, ReminderStatus
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.todo_events import TodoCreated
from todo_core.use_cases import CreateTodoCommand, GetTodoQuery

UNKNOWN_LIST = ListId(UUID(int=404))


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


async def test_a_todo_without_a_list_lands_in_the_inbox_made_on_first_use(
    app: Application, store: InMemoryStore
) -> None:
    assert inboxes(store, ALICE) == []

    view = await app.create_todo(CreateTodoCommand(actor=ALICE, title="one"))

    [inbox] = inboxes(store, ALICE)
    assert view.list_id == inbox.id
    assert inbox.name.value == "Inbox"


async def test_many_creates_share_one_inbox_and_announce_it_once(
    app: Application, store: InMemoryStore
) -> None:
    views = [
        await app.create_todo(CreateTodoCommand(actor=ALICE, title=f"todo {n}")) for n in range(4)
    ]

    [inbox] = inboxes(store, ALICE)
    assert {view.list_id for view in views} == {inbox.id}
    # Each goes last in the list.
    assert [view.position for view in views] == [0, 1, 2, 3]
    assert [type(event).__name__ for event in store.outbox].count("ListCreated") == 1


async def test_each_user_gets_their_own_inbox(app: Application, store: InMemoryStore) -> None:
    mine = await app.create_todo(CreateTodoCommand(actor=ALICE, title="mine"))
    theirs = await app.create_todo(CreateTodoCommand(actor=BOB, title="theirs"))

    [alices] = inboxes(store, ALICE)
    [bobs] = inboxes(store, BOB)
    assert (mine.list_id, theirs.list_id) == (alices.id, bobs.id)
    assert alices.id != bobs.id


async def test_a_todo_goes_last_in_the_named_list_of_the_owner(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    errands = await new_list(store, clock, ids, ALICE, "Errands")
    await app.create_todo(CreateTodoCommand(actor=ALICE, title="in the inbox"))
    outbox = Outbox(store)

    first = await app.create_todo(CreateTodoCommand(actor=ALICE, title="a", list_id=errands))
    second = await app.create_todo(CreateTodoCommand(actor=ALICE, title="b", list_id=errands))

    assert (first.list_id, first.position) == (errands, 0)
    assert (second.list_id, second.position) == (errands, 1)
    assert outbox.new() == [
        TodoCreated(
            occurred_at=clock.now(), todo_id=first.id, owner_id=ALICE, title="a", list_id=errands
        ),
        TodoCreated(
            occurred_at=clock.now(), todo_id=second.id, owner_id=ALICE, title="b", list_id=errands
        ),
    ]


async def test_an_unknown_list_is_refused_and_no_inbox_is_made_either(
    app: Application, store: InMemoryStore
) -> None:
    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.create_todo(CreateTodoCommand(actor=ALICE, title="x", list_id=UNKNOWN_LIST))
    assert error.value.field == "list_id"
    assert store.lists.rows == {}


async def test_another_users_list_is_refused_like_an_unknown_one(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    bobs = await new_list(store, clock, ids, BOB, "Bob's")

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.create_todo(CreateTodoCommand(actor=ALICE, title="x", list_id=bobs))
    assert error.value.field == "list_id"


async def test_an_archived_list_takes_no_new_todos(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    old = await new_list(store, clock, ids, ALICE, "Old")
    await archive_list(store, clock, ALICE, old)

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.create_todo(CreateTodoCommand(actor=ALICE, title="x", list_id=old))
    assert error.value.field == "list_id"


async def test_the_owners_labels_are_kept_once_each(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    home = await new_label(store, clock, ids, ALICE, "home")
    urgent = await new_label(store, clock, ids, ALICE, "urgent")

    view = await app.create_todo(
        CreateTodoCommand(actor=ALICE, title="x", labels=(urgent, home, urgent))
    )

    assert view.labels == tuple(sorted((home, urgent)))
    assert await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=view.id)) == view


@pytest.mark.parametrize("whose", ["bob", "nobody"])
async def test_a_label_that_is_not_the_owners_is_refused(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds, whose: str
) -> None:
    mine = await new_label(store, clock, ids, ALICE, "mine")
    other = (
        await new_label(store, clock, ids, BOB, "bob's")
        if whose == "bob"
        else LabelId(UUID(int=404))
    )

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.create_todo(CreateTodoCommand(actor=ALICE, title="x", labels=(mine, other)))
    assert error.value.field == "labels"


async def test_priority_and_dues_are_kept_and_the_due_travels_in_the_event(
    app: Application, store: InMemoryStore
) -> None:
    berlin = TimeZoneName("Europe/Berlin")
    at = datetime(2026, 4, 2, 15, 0, tzinfo=UTC)
    outbox = Outbox(store)

    timed = await app.create_todo(
        CreateTodoCommand(
            actor=ALICE, title="call", priority=Priority.HIGH, due=DueDateTime(at, berlin)
        )
    )
    daily = await app.create_todo(
        CreateTodoCommand(actor=ALICE, title="rent", due=DueDate(date(2026, 4, 1)))
    )

    assert (timed.priority, timed.due) == (Priority.HIGH, DueDateTime(at, berlin))
    assert daily.due == DueDate(date(2026, 4, 1))
    created = [event for event in outbox.new() if isinstance(event, TodoCreated)]
    assert [event.due for event in created] == ["2026-04-02T15:00:00+00:00", "2026-04-01"]


async def test_reminders_are_scheduled_before_the_due_or_at_their_instant(
    app: Application, clock: FixedClock
) -> None:
    due_at = clock.now() + timedelta(days=2)
    at = clock.now() + timedelta(hours=5)

    view = await app.create_todo(
        CreateTodoCommand(
            actor=ALICE,
            title="x",
            due=DueDateTime(due_at, TimeZoneName("UTC")),
            reminders=(RelativeReminder(timedelta(hours=1)), AbsoluteReminder(at)),
        )
    )

    assert [(r.fire_at, r.status) for r in view.reminders] == [
        (due_at - timedelta(hours=1), ReminderStatus.PENDING),
        (at, ReminderStatus.PENDING),
    ]


async def test_a_reminder_before_the_due_without_a_due_is_refused(
    app: Application, store: InMemoryStore
) -> None:
    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.create_todo(
            CreateTodoCommand(
                actor=ALICE, title="x", reminders=(RelativeReminder(timedelta(hours=1)),)
            )
        )
    assert error.value.field == "reminders"


async def test_the_created_todo_is_what_is_committed(
    app: Application, store: InMemoryStore
) -> None:
    view = await app.create_todo(CreateTodoCommand(actor=ALICE, title="x", notes="n"))

    row = committed(store, view.id)
    assert row is not None
    assert (row.title.value, row.notes.value, row.version) == ("x", "n", 1)
