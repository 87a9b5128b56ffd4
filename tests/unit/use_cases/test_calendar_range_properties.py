"""Property: dues and reminders anywhere in Python's calendar are either refused with the range
(422) or served whole: created, reminded, completed, listed with any bounds. Nothing overflows.

The oracle is the documented rule alone: every day the user writes (a due date, the date of a
due time or of a reminder's instant, as written) lies in 1900-01-01..9998-12-31.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from uuid import UUID

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from adapters.memory import InMemoryStore
from tests.support.fakes import FixedClock, SequentialIds
from tests.unit.use_cases.todo_support import add_account, build_app
from todo_core import ValidationFailed
from todo_core.domain.calendar_range import FIRST_DAY, LAST_DAY
from todo_core.domain.due import Due, DueDate, DueDateTime
from todo_core.domain.ids import UserId
from todo_core.domain.reminder import (
    MAX_REMINDER_LEAD,
    AbsoluteReminder,
    RelativeReminder,
    ReminderSpec,
)
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.todo import TodoStatus
from todo_core.use_cases import CreateTodoCommand, ListTodosQuery
from todo_core.use_cases.get_todo import GetTodoQuery
from todo_core.use_cases.patch_todo import PatchTodoCommand
from todo_core.use_cases.shared.todo_command import TodoCommand
from todo_core.use_cases.shared.todo_inputs import RecurrenceInput

OWNER = UserId(UUID(int=0xCA1))
# The extremes of UTC offsets in use, and zones with daylight-saving changes.
OWNER_ZONES = ("UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Pacific/Chatham", "Europe/Berlin")
RANGE = f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"

offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
# Python's whole calendar, with its ends and the range's ends drawn often.
days = st.one_of(
    st.sampled_from(
        [
            date.min,
            date(1, 1, 2),
            FIRST_DAY - timedelta(days=1),
            FIRST_DAY,
            LAST_DAY,
            LAST_DAY + timedelta(days=1),
            date.max - timedelta(days=1),
            date.max,
        ]
    ),
    st.dates(),
)
# Any second of those days, in any offset in use.
instants = st.builds(
    lambda day, clock, offset: datetime.combine(day, clock, tzinfo=offset),
    days,
    st.times(),
    offsets,
)
dues = st.one_of(
    st.builds(DueDate, days),
    st.builds(DueDateTime, instants, st.sampled_from(OWNER_ZONES).map(TimeZoneName)),
)
reminders = st.lists(
    st.one_of(
        st.builds(AbsoluteReminder, instants),
        st.builds(
            RelativeReminder,
            st.timedeltas(min_value=timedelta(0), max_value=MAX_REMINDER_LEAD),
        ),
    ),
    max_size=3,
)
bounds = st.one_of(st.none(), instants)


@dataclass(frozen=True)
class Case:
    owner_zone: str
    due: Due
    reminders: list[ReminderSpec]
    rule: str | None
    due_before: datetime | None
    due_after: datetime | None


cases = st.builds(
    Case,
    owner_zone=st.sampled_from(OWNER_ZONES),
    due=dues,
    reminders=reminders,
    rule=st.sampled_from(
        [None, "FREQ=DAILY", "FREQ=YEARLY", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"]
    ),
    due_before=bounds,
    due_after=bounds,
)


def _written_days(case: Case) -> list[date]:
    due_day = case.due.on if isinstance(case.due, DueDate) else case.due.at.date()
    return [due_day] + [r.at.date() for r in case.reminders if isinstance(r, AbsoluteReminder)]


def _case(
    due: Due,
    reminders: list[ReminderSpec] | None = None,
    *,
    owner_zone: str = "UTC",
    rule: str | None = None,
    due_before: datetime | None = None,
    due_after: datetime | None = None,
) -> Case:
    return Case(owner_zone, due, reminders or [], rule, due_before, due_after)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@settings(max_examples=150, deadline=None)
@given(case=cases)
# The reproductions of the 500s this range ended.
@example(_case(DueDate(date(9999, 12, 31))))
@example(_case(DueDate(date(1, 1, 1)), [RelativeReminder(timedelta(days=1))]))
@example(_case(DueDateTime(_at("0001-01-01T00:00:00+14:00"), TimeZoneName("UTC"))))
@example(_case(DueDate(date(2026, 5, 1)), [AbsoluteReminder(_at("0001-01-01T00:00:00+14:00"))]))
@example(_case(DueDate(date(2026, 5, 1)), [AbsoluteReminder(_at("9999-12-31T23:59:59-12:00"))]))
@example(_case(DueDate(date(2026, 5, 1)), due_before=_at("0001-01-01T00:00:00+14:00")))
@example(_case(DueDate(date(2026, 5, 1)), due_after=_at("9999-12-31T23:59:59-12:00")))
# The range's own ends, with the longest lead, the furthest offsets and a series at its end.
@example(
    _case(
        DueDate(FIRST_DAY), [RelativeReminder(MAX_REMINDER_LEAD)], owner_zone="Pacific/Kiritimati"
    )
)
@example(_case(DueDate(LAST_DAY), owner_zone="Etc/GMT+12", rule="FREQ=DAILY"))
@example(
    _case(
        DueDateTime(_at("9998-12-31T23:59:59-12:00"), TimeZoneName("Etc/GMT+12")),
        [AbsoluteReminder(_at("9998-12-31T23:59:59-12:00"))],
        rule="FREQ=YEARLY",
    )
)
async def test_a_due_and_reminders_anywhere_in_the_calendar_are_refused_or_served(
    case: Case,
) -> None:
    store, clock = InMemoryStore(), FixedClock()
    app = build_app(store, clock, SequentialIds())
    await add_account(store, OWNER, email="cal@example.org", now=clock.now(), zone=case.owner_zone)
    command = CreateTodoCommand(
        actor=OWNER,
        title="edge",
        due=case.due,
        reminders=tuple(case.reminders),
        recurrence=None if case.rule is None else RecurrenceInput(rule=case.rule),
    )
    in_range = all(FIRST_DAY <= day <= LAST_DAY for day in _written_days(case))

    if not in_range:
        with pytest.raises(ValidationFailed, match=RANGE) as refused:
            await app.create_todo(command)
        assert refused.value.field in ("due", "reminders")
    else:
        todo = await app.create_todo(command)
        assert all(r.fire_at.tzinfo is not None for r in todo.reminders)
        done = await app.complete_todo(TodoCommand(actor=OWNER, todo_id=todo.id))
        if done.status is TodoStatus.OPEN:  # a recurring todo moved to its next occurrence
            assert done.due is not None
            assert FIRST_DAY <= _written_days(_case(done.due))[0] <= LAST_DAY

    page = await app.list_todos(
        ListTodosQuery(actor=OWNER, due_before=case.due_before, due_after=case.due_after)
    )
    assert len(page.items) <= 1
    assert all(view.id is not None for view in page.items)


@settings(max_examples=100, deadline=None)
@given(case=cases)
@example(_case(DueDate(date(9999, 12, 31))))
@example(_case(DueDate(date(1, 1, 1)), [RelativeReminder(timedelta(days=1))]))
@example(_case(DueDate(date(2026, 5, 1)), [AbsoluteReminder(_at("9999-12-31T23:59:59-12:00"))]))
async def test_an_edit_to_a_due_and_reminders_anywhere_is_refused_or_kept(case: Case) -> None:
    store, clock = InMemoryStore(), FixedClock()
    app = build_app(store, clock, SequentialIds())
    await add_account(store, OWNER, email="cal@example.org", now=clock.now(), zone=case.owner_zone)
    todo = await app.create_todo(
        CreateTodoCommand(actor=OWNER, title="edge", due=DueDate(date(2026, 5, 1)))
    )
    command = PatchTodoCommand(
        actor=OWNER,
        todo_id=todo.id,
        due=case.due,
        reminders=tuple(case.reminders),
        recurrence=None if case.rule is None else RecurrenceInput(rule=case.rule),
    )

    if all(FIRST_DAY <= day <= LAST_DAY for day in _written_days(case)):
        edited = await app.patch_todo(command)
        assert edited.due == case.due
    else:
        with pytest.raises(ValidationFailed, match=RANGE):
            await app.patch_todo(command)
        assert (await app.get_todo(GetTodoQuery(actor=OWNER, todo_id=todo.id))).version == 1


def test_the_range_leaves_room_for_every_derived_moment() -> None:
    """A year on each side of the range is left to Python's calendar, more than the longest
    lead, an offset and the day after a whole-day due need."""
    assert FIRST_DAY - MAX_REMINDER_LEAD - timedelta(days=2) > date.min
    assert LAST_DAY + timedelta(days=2) < date.max
    assert datetime.combine(LAST_DAY, datetime.max.time(), tzinfo=UTC).year < date.max.year
