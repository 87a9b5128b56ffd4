"""Partial update: UNSET leaves a field alone, None clears it, anything else replaces it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.conftest import ALICE, BOB
from tests.unit.use_cases.todo_support import (
    Outbox,
    build_app,
    committed,
    new_label,
    nothing_changes,
    of,
)
from todo_core import Application, NotFound, PreconditionFailed, ValidationFailed
from todo_core.domain.due import DueDate, DueDateTime
from todo_core.domain.ids import LabelId, TodoId
from todo_core.domain.priority import Priority
from todo_core.domain.reminder import RelativeReminder, ReminderStatus
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.todo_events import TodoUpdated
from todo_core.use_cases import CreateTodoCommand, GetTodoQuery, TodoView
from todo_core.use_cases.patch_todo import PatchTodoCommand
from todo_core.use_cases.shared.todo_inputs import RecurrenceInput

UTC_ZONE = TimeZoneName("UTC")
FRIDAY = DueDate(date(2026, 4, 3))


@pytest.fixture
def app(store: InMemoryStore, clock: FixedClock, ids: SequentialIds) -> Application:
    return build_app(store, clock, ids)


async def _todo(app: Application, **fields: object) -> TodoView:
    return await app.create_todo(CreateTodoCommand(actor=ALICE, title="draft", **fields))  # type: ignore[arg-type]


async def test_only_the_fields_sent_change_and_the_event_names_them(
    app: Application, store: InMemoryStore, clock: FixedClock
) -> None:
    before = await _todo(app, notes="keep me", priority=Priority.LOW, due=FRIDAY)
    outbox = Outbox(store)
    clock.advance(timedelta(minutes=5))

    after = await app.patch_todo(
        PatchTodoCommand(actor=ALICE, todo_id=before.id, title="final", priority=Priority.HIGH)
    )

    assert (after.title, after.priority) == ("final", Priority.HIGH)
    assert (after.notes, after.due, after.list_id) == ("keep me", FRIDAY, before.list_id)
    assert (after.version, after.updated_at) == (2, clock.now())
    assert after.created_at == before.created_at
    assert await app.get_todo(GetTodoQuery(actor=ALICE, todo_id=before.id)) == after
    assert outbox.new() == [
        TodoUpdated(
            occurred_at=clock.now(),
            todo_id=before.id,
            owner_id=ALICE,
            changed=("title", "priority"),
            title="final",
            due="2026-04-03",
        )
    ]


async def test_none_clears_the_due_and_recurrence(app: Application, store: InMemoryStore) -> None:
    before = await _todo(app, due=FRIDAY, recurrence=RecurrenceInput(rule="FREQ=WEEKLY"))
    outbox = Outbox(store)

    after = await app.patch_todo(
        PatchTodoCommand(actor=ALICE, todo_id=before.id, due=None, recurrence=None)
    )

    assert (after.due, after.recurrence) == (None, None)
    [event] = outbox.new()
    assert isinstance(event, TodoUpdated)
    assert (event.changed, event.due) == (("due", "recurrence"), None)


async def test_notes_and_labels_can_be_emptied(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    label = await new_label(store, clock, ids, ALICE, "home")
    before = await _todo(app, notes="some", labels=(label,))

    after = await app.patch_todo(
        PatchTodoCommand(actor=ALICE, todo_id=before.id, notes="", labels=())
    )

    assert (after.notes, after.labels) == ("", ())


async def test_sending_the_values_it_already_has_changes_nothing(
    app: Application, store: InMemoryStore
) -> None:
    before = await _todo(app, notes="n", priority=Priority.LOW, due=FRIDAY)

    with nothing_changes(store):
        after = await app.patch_todo(
            PatchTodoCommand(
                actor=ALICE,
                todo_id=before.id,
                title="draft",
                notes="n",
                priority=Priority.LOW,
                due=FRIDAY,
            )
        )
    assert after == before


async def test_a_matching_expected_version_is_accepted(app: Application) -> None:
    before = await _todo(app)
    after = await app.patch_todo(
        PatchTodoCommand(actor=ALICE, todo_id=before.id, expected_version=1, title="new")
    )
    assert (after.title, after.version) == ("new", 2)


async def test_a_stale_expected_version_is_refused(app: Application, store: InMemoryStore) -> None:
    before = await _todo(app)
    await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=before.id, title="v2"))

    with nothing_changes(store), pytest.raises(PreconditionFailed):
        await app.patch_todo(
            PatchTodoCommand(actor=ALICE, todo_id=before.id, expected_version=1, title="lost")
        )


async def test_another_users_todo_is_not_found(app: Application, store: InMemoryStore) -> None:
    before = await _todo(app)

    with nothing_changes(store), pytest.raises(NotFound):
        await app.patch_todo(PatchTodoCommand(actor=BOB, todo_id=before.id, title="mine now"))
    row = committed(store, before.id)
    assert row is not None
    assert row.title.value == "draft"


async def test_a_missing_todo_is_not_found(app: Application, store: InMemoryStore) -> None:
    with nothing_changes(store), pytest.raises(NotFound):
        await app.patch_todo(
            PatchTodoCommand(actor=ALICE, todo_id=TodoId(UUID(int=404)), title="x")
        )


async def test_a_trashed_todo_cannot_be_edited(app: Application, store: InMemoryStore) -> None:
    before = await _todo(app)
    await app.trash_todo(of(ALICE, before.id))

    with nothing_changes(store), pytest.raises(NotFound):
        await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=before.id, title="x"))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "two\nlines"}, "title"),
        ({"notes": "n" * 20_001}, "notes"),
        ({"recurrence": RecurrenceInput(rule="FREQ=HOURLY")}, "recurrence"),
        ({"recurrence": RecurrenceInput(rule="FREQ=DAILY", mode="whenever")}, "recurrence"),
        ({"due": None, "recurrence": RecurrenceInput(rule="FREQ=DAILY")}, "recurrence"),
        ({"reminders": (RelativeReminder(timedelta(hours=1)),) * 11}, "reminders"),
    ],
    ids=["empty", "newline", "long-notes", "bad-rule", "bad-mode", "no-due", "too-many-reminders"],
)
async def test_invalid_changes_are_refused_as_a_whole(
    app: Application, store: InMemoryStore, change: dict[str, object], field: str
) -> None:
    before = await _todo(app, due=FRIDAY)

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        # Valid fields alongside the bad one are not applied either.
        await app.patch_todo(
            PatchTodoCommand(actor=ALICE, todo_id=before.id, priority=Priority.HIGH, **change)  # type: ignore[arg-type]
        )
    assert error.value.field == field


async def test_clearing_the_due_of_a_recurring_todo_is_refused(
    app: Application, store: InMemoryStore
) -> None:
    before = await _todo(app, due=FRIDAY, recurrence=RecurrenceInput(rule="FREQ=DAILY"))

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=before.id, due=None))
    assert error.value.field == "recurrence"


async def test_clearing_the_due_under_a_reminder_before_it_is_refused(
    app: Application, store: InMemoryStore
) -> None:
    before = await _todo(app, due=FRIDAY, reminders=(RelativeReminder(timedelta(hours=1)),))

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=before.id, due=None))
    assert error.value.field == "reminders"


@pytest.mark.parametrize("whose", ["bob", "nobody"])
async def test_labels_must_be_the_owners(
    app: Application, store: InMemoryStore, clock: FixedClock, ids: SequentialIds, whose: str
) -> None:
    before = await _todo(app)
    other = (
        await new_label(store, clock, ids, BOB, "bob's")
        if whose == "bob"
        else LabelId(UUID(int=404))
    )

    with nothing_changes(store), pytest.raises(ValidationFailed) as error:
        await app.patch_todo(PatchTodoCommand(actor=ALICE, todo_id=before.id, labels=(other,)))
    assert error.value.field == "labels"


async def test_recurrence_can_be_added_with_a_due_in_the_same_update(app: Application) -> None:
    before = await _todo(app)
    due = DueDateTime(datetime(2026, 4, 1, 9, 0, tzinfo=UTC), UTC_ZONE)

    after = await app.patch_todo(
        PatchTodoCommand(
            actor=ALICE,
            todo_id=before.id,
            due=due,
            recurrence=RecurrenceInput(rule="rrule:freq=weekly;byday=we,mo"),
        )
    )

    assert after.due == due
    assert after.recurrence is not None
    assert after.recurrence.rule == "FREQ=WEEKLY;BYDAY=MO,WE"


async def test_moving_the_due_moves_the_reminders_before_it(
    app: Application, clock: FixedClock
) -> None:
    first_due = clock.now() + timedelta(days=1)
    before = await _todo(
        app,
        due=DueDateTime(first_due, UTC_ZONE),
        reminders=(RelativeReminder(timedelta(hours=2)),),
    )
    later = first_due + timedelta(days=3)

    after = await app.patch_todo(
        PatchTodoCommand(actor=ALICE, todo_id=before.id, due=DueDateTime(later, UTC_ZONE))
    )

    [reminder] = after.reminders
    assert (reminder.fire_at, reminder.status) == (
        later - timedelta(hours=2),
        ReminderStatus.PENDING,
    )
