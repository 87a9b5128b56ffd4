"""Reminders on a todo: when they are set to fire, how many a todo may have, and firing once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.unit.domain.todo_factory import (
    BERLIN,
    NOW,
    OWNER,
    TODO_ID,
    created,
    reminder_id,
    zone,
)
from todo_core.domain.due import DueDate, DueDateTime
from todo_core.domain.notes import Notes
from todo_core.domain.reminder import AbsoluteReminder, RelativeReminder, ReminderStatus
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo
from todo_core.domain.todo_events import ReminderDue
from todo_core.errors import ValidationFailed

DUE_AT = datetime(2026, 3, 20, 15, 0, tzinfo=UTC)
EMAIL = "owner@example.org"


def _fire_times(todo: Todo) -> list[tuple[datetime, str]]:
    return [(r.fire_at, str(r.status)) for r in todo.reminders]


# -- setting reminders ------------------------------------------------------------------------


def test_a_reminder_relative_to_a_missing_due_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="needs a due") as refused:
        created(reminders=[RelativeReminder(timedelta(hours=1))])
    assert refused.value.field == "reminders"


def test_a_todo_takes_ten_reminders_but_not_eleven() -> None:
    at = [AbsoluteReminder(DUE_AT - timedelta(minutes=n)) for n in range(11)]
    assert len(created(reminders=at[:10]).reminders) == 10
    with pytest.raises(ValidationFailed, match="at most 10 reminders") as refused:
        created(reminders=at)
    assert refused.value.field == "reminders"


def test_reminders_already_past_are_cancelled_and_future_ones_pending() -> None:
    past, present, future = NOW - timedelta(minutes=1), NOW, NOW + timedelta(minutes=1)
    todo = created(reminders=[AbsoluteReminder(t) for t in (past, present, future)])
    assert [(r.id, r.fire_at, str(r.status)) for r in todo.reminders] == [
        (reminder_id(1), past, "cancelled"),
        (reminder_id(2), present, "cancelled"),
        (reminder_id(3), future, "pending"),
    ]


@pytest.mark.parametrize(
    ("owner_zone", "lead", "fire_at"),
    [
        # 09:00 CET on the 20th, one hour earlier.
        ("Europe/Berlin", timedelta(hours=1), datetime(2026, 3, 20, 7, 0, tzinfo=UTC)),
        # 09:00 NZDT (UTC+13) on the 19th: still the 18th in UTC.
        ("Pacific/Auckland", timedelta(days=1), datetime(2026, 3, 18, 20, 0, tzinfo=UTC)),
        # At the reminder time itself: 09:00 EDT (UTC-4).
        ("America/New_York", timedelta(0), datetime(2026, 3, 20, 13, 0, tzinfo=UTC)),
    ],
)
def test_a_reminder_before_a_whole_day_due_counts_back_from_nine_local_time(
    owner_zone: str, lead: timedelta, fire_at: datetime
) -> None:
    todo = created(
        due=DueDate(date(2026, 3, 20)),
        reminders=[RelativeReminder(lead)],
        owner_zone=TimeZoneName(owner_zone),
    )
    assert _fire_times(todo) == [(fire_at, "pending")]


def test_a_reminder_before_a_timed_due_counts_back_from_its_instant() -> None:
    todo = created(due=DueDateTime(DUE_AT, BERLIN), reminders=[RelativeReminder(timedelta(0))])
    todo.edit(
        now=NOW,
        reminders=[RelativeReminder(timedelta(minutes=30))],
        new_reminder_id=lambda: reminder_id(2),
    )
    assert _fire_times(todo) == [(DUE_AT - timedelta(minutes=30), "pending")]


@pytest.mark.parametrize(
    ("due", "lead", "fire_at"),
    [
        # 03:00 CEST on the spring-forward day is 01:00 UTC; an hour earlier is 00:00 UTC,
        # not the due instant itself (02:00 local does not exist that night).
        (
            DueDateTime(datetime(2026, 3, 29, 3, 0, tzinfo=zone("Europe/Berlin")), BERLIN),
            timedelta(hours=1),
            datetime(2026, 3, 29, 0, 0, tzinfo=UTC),
        ),
        # 03:00 CET after falling back is 02:00 UTC; two hours earlier is 00:00 UTC.
        (
            DueDateTime(datetime(2026, 10, 25, 3, 0, tzinfo=zone("Europe/Berlin")), BERLIN),
            timedelta(hours=2),
            datetime(2026, 10, 25, 0, 0, tzinfo=UTC),
        ),
        # 09:00 CEST on the whole day 29 March is 07:00 UTC; twelve hours earlier, 19:00 UTC.
        (DueDate(date(2026, 3, 29)), timedelta(hours=12), datetime(2026, 3, 28, 19, tzinfo=UTC)),
    ],
)
def test_a_reminder_lead_is_elapsed_time_across_daylight_saving_changes(
    due: DueDate | DueDateTime, lead: timedelta, fire_at: datetime
) -> None:
    todo = created(due=due, reminders=[RelativeReminder(lead)], owner_zone=BERLIN)
    (reminder,) = todo.reminders
    assert reminder.fire_at == fire_at
    assert reminder.fire_at.astimezone(UTC) == fire_at


def test_reminders_need_an_id_source() -> None:
    with pytest.raises(ValueError, match="id source"):
        Todo.create(
            todo_id=TODO_ID,
            owner_id=OWNER,
            title=Title("x"),
            notes=Notes(),
            now=NOW,
            reminders=[AbsoluteReminder(DUE_AT)],
        )


# -- firing -----------------------------------------------------------------------------------


def _todo_with_reminders_in(*hours: int) -> Todo:
    return created(
        due=DueDate(date(2026, 3, 20)),
        reminders=[AbsoluteReminder(NOW + timedelta(hours=h)) for h in hours],
    )


def test_firing_fires_exactly_the_reminders_due_by_now_once_each() -> None:
    todo = _todo_with_reminders_in(-1, 1, 2, 3)
    now = NOW + timedelta(hours=2)
    fired = todo.fire_reminders(now, owner_email=EMAIL)
    assert [r.id for r in fired] == [reminder_id(2), reminder_id(3)]
    assert [str(r.status) for r in todo.reminders] == ["cancelled", "fired", "fired", "pending"]
    assert (todo.version, todo.updated_at) == (2, now)
    assert todo.pull_events() == [
        ReminderDue(
            occurred_at=now,
            todo_id=TODO_ID,
            owner_id=OWNER,
            reminder_id=reminder_id(n),
            fire_at=NOW + timedelta(hours=n - 1),
            fired_at=now,
            title="water the plants",
            due="2026-03-20",
            owner_email=EMAIL,
        )
        for n in (2, 3)
    ]


def test_a_reminder_never_fires_twice() -> None:
    todo = _todo_with_reminders_in(1, 3)
    todo.fire_reminders(NOW + timedelta(hours=1), owner_email=None)
    todo.pull_events()
    assert todo.fire_reminders(NOW + timedelta(hours=2), owner_email=None) == []
    assert (todo.version, todo.pull_events()) == (2, [])
    (last,) = todo.fire_reminders(NOW + timedelta(hours=5), owner_email=None)
    assert last.id == reminder_id(2)
    (event,) = todo.pull_events()
    assert isinstance(event, ReminderDue)
    assert (event.reminder_id, event.owner_email) == (reminder_id(2), None)


def test_nothing_due_fires_nothing_and_changes_nothing() -> None:
    todo = _todo_with_reminders_in(1)
    assert todo.fire_reminders(NOW + timedelta(minutes=59), owner_email=EMAIL) == []
    assert (todo.version, todo.pull_events()) == (1, [])


def test_a_trashed_todo_fires_nothing() -> None:
    todo = _todo_with_reminders_in(1)
    todo.trash(NOW)
    todo.pull_events()
    assert todo.fire_reminders(NOW + timedelta(hours=2), owner_email=EMAIL) == []
    assert (todo.version, todo.pull_events()) == (2, [])
    assert todo.reminders[0].status is ReminderStatus.CANCELLED
