"""Builders shared by the Todo aggregate tests: fixed ids, a fixed clock and readable zones."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from todo_core.domain.due import Due
from todo_core.domain.events import DomainEvent
from todo_core.domain.ids import LabelId, ListId, ReminderId, TodoId, UserId
from todo_core.domain.notes import Notes
from todo_core.domain.recurrence import Recurrence, RecurrenceMode
from todo_core.domain.reminder import ReminderSpec
from todo_core.domain.time_zone import UTC_ZONE, TimeZoneName
from todo_core.domain.title import Title
from todo_core.domain.todo import Todo

__all__ = [
    "BERLIN",
    "NOW",
    "OWNER",
    "TODO_ID",
    "ReminderIds",
    "created",
    "daily",
    "label",
    "list_id",
    "only_event",
    "reminder_id",
    "wall",
    "zone",
]

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
OWNER = UserId(UUID(int=1))
TODO_ID = TodoId(UUID(int=7))
BERLIN = TimeZoneName("Europe/Berlin")


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def wall(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A naive wall-clock time, as the RecurrenceRule port hands out next occurrences."""
    return datetime(year, month, day, hour, minute)  # noqa: DTZ001 - naive on purpose


def reminder_id(n: int) -> ReminderId:
    return ReminderId(UUID(int=n))


def label(n: int) -> LabelId:
    return LabelId(UUID(int=0x1000 + n))


def list_id(n: int) -> ListId:
    return ListId(UUID(int=0x2000 + n))


@dataclass
class ReminderIds:
    """A `new_reminder_id` source: reminder 1, 2, 3, ... in the order they are made."""

    issued: int = 0

    def __call__(self) -> ReminderId:
        self.issued += 1
        return reminder_id(self.issued)


def daily(*, completed_occurrences: int = 0) -> Recurrence:
    return Recurrence(
        rule="FREQ=DAILY",
        mode=RecurrenceMode.DUE,
        series_start=wall(2026, 3, 1, 9),
        completed_occurrences=completed_occurrences,
    )


def created(
    *,
    due: Due | None = None,
    reminders: Iterable[ReminderSpec] = (),
    recurrence: Recurrence | None = None,
    owner_zone: TimeZoneName = UTC_ZONE,
    now: datetime = NOW,
    ids: ReminderIds | None = None,
    keep_events: bool = False,
    **fields: Any,
) -> Todo:
    """A todo made by `Todo.create`; its TodoCreated event is dropped unless `keep_events`."""
    todo = Todo.create(
        todo_id=TODO_ID,
        owner_id=OWNER,
        title=fields.pop("title", Title("water the plants")),
        notes=fields.pop("notes", Notes("")),
        now=now,
        due=due,
        reminders=reminders,
        recurrence=recurrence,
        owner_zone=owner_zone,
        new_reminder_id=ids if ids is not None else ReminderIds(),
        **fields,
    )
    if not keep_events:
        todo.pull_events()
    return todo


def only_event(todo: Todo) -> DomainEvent:
    """The single event the last change recorded; fails loudly if there were more or none."""
    events = todo.pull_events()
    assert len(events) == 1, events
    return events[0]
