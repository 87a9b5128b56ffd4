"""The Todo aggregate: a task owned by one user, in one of their lists.

Rules it keeps, whoever calls it: every change bumps `version` and `updated_at`; a trashed todo
changes only by being restored or purged, or by losing a label that is deleted (so a restored
todo cannot bring the label back); relative reminders need a due and move with it;
completing or trashing cancels pending reminders and reopening or restoring re-arms the ones
still ahead; a recurring todo completes an occurrence and stays open until its rule runs out.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import EllipsisType

from todo_core.domain import reminder_schedule
from todo_core.domain.aggregate import Aggregate
from todo_core.domain.calendar_range import check_dates
from todo_core.domain.due import Due, DueDate
from todo_core.domain.ids import LabelId, ListId, ReminderId, TodoId, UserId
from todo_core.domain.notes import Notes
from todo_core.domain.priority import Priority
from todo_core.domain.recurrence import Recurrence
from todo_core.domain.reminder import (
    Reminder,
    ReminderSpec,
    ReminderStatus,
)
from todo_core.domain.reminder_schedule import DAY_REMINDER_TIME
from todo_core.domain.time_zone import UTC_ZONE, TimeZoneName
from todo_core.domain.title import Title
from todo_core.domain.todo_events import (
    ReminderDue,
    ReminderMissed,
    TodoCompleted,
    TodoCreated,
    TodoOccurrenceCompleted,
    TodoReopened,
    TodoRestored,
    TodoTrashed,
    TodoUpdated,
)
from todo_core.errors import Conflict, ValidationFailed

__all__ = ["DAY_REMINDER_TIME", "Todo", "TodoStatus", "due_text"]


class TodoStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"


def due_text(due: Due | None) -> str | None:
    if due is None:
        return None
    return due.on.isoformat() if isinstance(due, DueDate) else due.at.isoformat()


@dataclass(kw_only=True, eq=False)
class Todo(Aggregate):
    id: TodoId
    owner_id: UserId
    title: Title
    notes: Notes
    status: TodoStatus
    created_at: datetime
    updated_at: datetime
    list_id: ListId | None = None
    parent_id: TodoId | None = None
    priority: Priority = Priority.NONE
    due: Due | None = None
    # The instant the todo becomes overdue, fixed in the owner's zone when the due was set.
    due_deadline: datetime | None = None
    labels: frozenset[LabelId] = field(default_factory=frozenset)
    reminders: tuple[Reminder, ...] = ()
    recurrence: Recurrence | None = None
    position: int = 0
    completed_at: datetime | None = None
    deleted_at: datetime | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.created_at.tzinfo is None or self.updated_at.tzinfo is None:
            # A naive datetime is ambiguous across time zones; the clock port gives aware ones.
            raise ValidationFailed("timestamps must carry a time zone", field="created_at")

    @classmethod
    def create(  # noqa: PLR0913 - a todo has that many independent properties
        cls,
        *,
        todo_id: TodoId,
        owner_id: UserId,
        title: Title,
        notes: Notes,
        now: datetime,
        list_id: ListId | None = None,
        parent_id: TodoId | None = None,
        priority: Priority = Priority.NONE,
        due: Due | None = None,
        labels: Iterable[LabelId] = (),
        reminders: Iterable[ReminderSpec] = (),
        recurrence: Recurrence | None = None,
        position: int = 0,
        owner_zone: TimeZoneName = UTC_ZONE,
        new_reminder_id: Callable[[], ReminderId] | None = None,
    ) -> Todo:
        specs = tuple(reminders)
        check_dates(due, specs)
        todo = cls(
            id=todo_id,
            owner_id=owner_id,
            title=title,
            notes=notes,
            status=TodoStatus.OPEN,
            created_at=now,
            updated_at=now,
            version=1,
            list_id=list_id,
            parent_id=parent_id,
            priority=priority,
            labels=frozenset(labels),
            position=position,
        )
        todo._set_due(due, owner_zone)
        todo._set_recurrence(recurrence)
        if specs:  # else there is nothing to build: a new todo has no reminders to keep
            todo._set_reminders(specs, now, owner_zone, new_reminder_id)
        todo.record(
            TodoCreated(
                occurred_at=now,
                todo_id=todo_id,
                owner_id=owner_id,
                title=title.value,
                list_id=list_id,
                due=due_text(todo.due),
            )
        )
        return todo

    # -- queries -----------------------------------------------------------------------------

    @property
    def is_trashed(self) -> bool:
        return self.deleted_at is not None

    def is_overdue(self, now: datetime) -> bool:
        return (
            self.status is TodoStatus.OPEN
            and not self.is_trashed
            and self.due_deadline is not None
            and now >= self.due_deadline
        )

    def pending_reminders(self, now: datetime) -> list[Reminder]:
        return [
            r for r in self.reminders if r.status is ReminderStatus.PENDING and r.fire_at <= now
        ]

    # -- changes -----------------------------------------------------------------------------

    def edit(  # noqa: PLR0913 - one partial update, every field optional
        self,
        *,
        now: datetime,
        owner_zone: TimeZoneName = UTC_ZONE,
        title: Title | None = None,
        notes: Notes | None = None,
        priority: Priority | None = None,
        due: Due | EllipsisType | None = ...,
        labels: Iterable[LabelId] | None = None,
        reminders: Iterable[ReminderSpec] | None = None,
        recurrence: Recurrence | EllipsisType | None = ...,
        new_reminder_id: Callable[[], ReminderId] | None = None,
    ) -> tuple[str, ...]:
        """Apply the given fields (None = unchanged; for `due`/`recurrence`, `...` = unchanged
        and None = clear). Returns the names of the fields that really changed."""
        self._require_not_trashed()
        # Check everything before changing anything, so a refused edit leaves the todo as it was.
        new_labels = None if labels is None else frozenset(labels)
        specs = None if reminders is None else tuple(reminders)
        self._check_edit(
            due=self.due if isinstance(due, EllipsisType) else due,
            recurrence=self.recurrence if isinstance(recurrence, EllipsisType) else recurrence,
            specs=specs,
            new_reminder_id=new_reminder_id,
        )
        changed: list[str] = []
        if title is not None and title != self.title:
            self.title = title
            changed.append("title")
        if notes is not None and notes != self.notes:
            self.notes = notes
            changed.append("notes")
        if priority is not None and priority is not self.priority:
            self.priority = priority
            changed.append("priority")
        if new_labels is not None and new_labels != self.labels:
            self.labels = new_labels
            changed.append("labels")
        if not isinstance(due, EllipsisType) and due != self.due:
            self._set_due(due, owner_zone)
            changed.append("due")
        if not isinstance(recurrence, EllipsisType) and recurrence != self.recurrence:
            self._set_recurrence(recurrence)
            changed.append("recurrence")
        if specs is not None:
            before = self.reminders
            self._set_reminders(specs, now, owner_zone, new_reminder_id)
            if [r.spec for r in before] != [r.spec for r in self.reminders]:
                changed.append("reminders")
        elif "due" in changed:
            self._move_relative_reminders(owner_zone, now)
        if self.status is TodoStatus.DONE:
            # A done todo stays silent; reopening re-arms the reminders still ahead.
            self._cancel_reminders()
        self._check_reminders_have_a_due()
        if changed:
            self._updated(now, tuple(changed))
        return tuple(changed)

    def move(self, *, list_id: ListId, position: int, now: datetime) -> bool:
        self._require_not_trashed()
        if (list_id, position) == (self.list_id, self.position):
            return False
        changed = ("list", "position") if list_id != self.list_id else ("position",)
        self.list_id, self.position = list_id, position
        self._updated(now, changed)
        return True

    def detach(self, now: datetime) -> bool:
        """Make a subtask a todo of its own, in the same list at the same position."""
        self._require_not_trashed()
        if self.parent_id is None:
            return False
        self.parent_id = None
        self._updated(now, ("parent",))
        return True

    def remove_label(self, label_id: LabelId, now: datetime) -> bool:
        if label_id not in self.labels:
            return False
        self.labels = self.labels - {label_id}
        self._updated(now, ("labels",))
        return True

    def complete(
        self,
        *,
        now: datetime,
        next_occurrence: datetime | None = None,
        owner_zone: TimeZoneName = UTC_ZONE,
    ) -> bool:
        """Finish the todo, or, for a recurring one whose rule has `next_occurrence` (a naive
        wall-clock time from the RecurrenceRule port), finish this occurrence and move on."""
        self._require_not_trashed()
        if self.status is TodoStatus.DONE:
            return False
        if self.recurrence is not None and self.due is not None and next_occurrence is not None:
            self._complete_occurrence(now, next_occurrence, owner_zone)
            return True
        self.status = TodoStatus.DONE
        self.completed_at = now
        self._cancel_reminders()
        self._touch(now)
        self.record(
            TodoCompleted(
                occurred_at=now,
                todo_id=self.id,
                owner_id=self.owner_id,
                title=self.title.value,
                completed_at=now,
                series_ended=self.recurrence is not None,
            )
        )
        return True

    def reopen(self, now: datetime) -> bool:
        self._require_not_trashed()
        if self.status is TodoStatus.OPEN:
            return False
        self.status = TodoStatus.OPEN
        self.completed_at = None
        self._rearm_reminders(now)
        self._touch(now)
        self.record(TodoReopened(occurred_at=now, todo_id=self.id, owner_id=self.owner_id))
        return True

    def trash(self, now: datetime) -> bool:
        if self.is_trashed:
            return False
        self.deleted_at = now
        self._cancel_reminders()
        self._touch(now)
        self.record(TodoTrashed(occurred_at=now, todo_id=self.id, owner_id=self.owner_id))
        return True

    def restore(self, now: datetime) -> bool:
        if not self.is_trashed:
            return False
        self.deleted_at = None
        if self.status is TodoStatus.OPEN:
            self._rearm_reminders(now)
        self._touch(now)
        self.record(TodoRestored(occurred_at=now, todo_id=self.id, owner_id=self.owner_id))
        return True

    def fire_reminders(
        self, now: datetime, *, owner_email: str | None, max_lateness: timedelta | None = None
    ) -> list[Reminder]:
        """Handle every reminder due by `now`, once each; returns them as they are now.

        One due by at most `max_lateness` (or any, without a limit) is marked fired with a
        `ReminderDue` event; one due longer ago than that is marked missed with a
        `ReminderMissed` event instead, and not sent.
        """
        due = self.pending_reminders(now) if not self.is_trashed else []
        if not due:
            return []
        handled = {
            r.id: r.with_status(
                ReminderStatus.MISSED
                if max_lateness is not None and now - r.fire_at > max_lateness
                else ReminderStatus.FIRED
            )
            for r in due
        }
        self.reminders = tuple(handled.get(r.id, r) for r in self.reminders)
        self._touch(now)
        for reminder in handled.values():
            self.record(self._reminder_event(reminder, now, owner_email))
        return list(handled.values())

    def _reminder_event(
        self, reminder: Reminder, now: datetime, owner_email: str | None
    ) -> ReminderDue | ReminderMissed:
        if reminder.status is ReminderStatus.MISSED:
            return ReminderMissed(
                occurred_at=now,
                todo_id=self.id,
                owner_id=self.owner_id,
                reminder_id=reminder.id,
                fire_at=reminder.fire_at,
                missed_at=now,
                title=self.title.value,
            )
        return ReminderDue(
            occurred_at=now,
            todo_id=self.id,
            owner_id=self.owner_id,
            reminder_id=reminder.id,
            fire_at=reminder.fire_at,
            fired_at=now,
            title=self.title.value,
            due=due_text(self.due),
            owner_email=owner_email,
        )

    # -- internals ---------------------------------------------------------------------------

    def _touch(self, now: datetime) -> None:
        self._bump_version()
        self.updated_at = now

    def _updated(self, now: datetime, changed: tuple[str, ...]) -> None:
        """A new version and the event naming the fields that changed."""
        self._touch(now)
        self.record(
            TodoUpdated(
                occurred_at=now,
                todo_id=self.id,
                owner_id=self.owner_id,
                changed=changed,
                title=self.title.value,
                due=due_text(self.due),
            )
        )

    def _require_not_trashed(self) -> None:
        if self.is_trashed:
            raise Conflict("the todo is in the trash: restore it first")

    def _set_due(self, due: Due | None, owner_zone: TimeZoneName) -> None:
        self.due = due
        self.due_deadline = None if due is None else due.deadline(owner_zone)

    def _set_recurrence(self, recurrence: Recurrence | None) -> None:
        if recurrence is not None and self.due is None:
            raise ValidationFailed("a recurring todo needs a due", field="recurrence")
        self.recurrence = recurrence

    def _check_edit(
        self,
        *,
        due: Due | None,
        recurrence: Recurrence | None,
        specs: tuple[ReminderSpec, ...] | None,
        new_reminder_id: Callable[[], ReminderId] | None,
    ) -> None:
        """The rules `edit` keeps, checked against the todo as the edit would leave it."""
        check_dates(due if due != self.due else None, specs or ())
        if recurrence is not None and due is None:
            raise ValidationFailed("a recurring todo needs a due", field="recurrence")
        if specs is not None:
            reminder_schedule.check_specs(specs, new_reminder_id)
        if due is not None:
            return
        if specs is not None and reminder_schedule.has_relative(specs):
            raise ValidationFailed("a reminder before the due needs a due", field="reminders")
        if specs is None and reminder_schedule.has_relative(r.spec for r in self.reminders):
            raise ValidationFailed(
                "remove the reminders relative to the due before clearing the due",
                field="reminders",
            )

    def _set_reminders(
        self,
        specs: tuple[ReminderSpec, ...],
        now: datetime,
        owner_zone: TimeZoneName,
        new_reminder_id: Callable[[], ReminderId] | None,
    ) -> None:
        self.reminders = reminder_schedule.build_reminders(
            specs,
            existing=self.reminders,
            due=self.due,
            owner_zone=owner_zone,
            now=now,
            new_reminder_id=new_reminder_id,
        )
        self._check_reminders_have_a_due()

    def _check_reminders_have_a_due(self) -> None:
        if self.due is None and reminder_schedule.has_relative(r.spec for r in self.reminders):
            raise ValidationFailed(
                "remove the reminders relative to the due before clearing the due",
                field="reminders",
            )

    def _move_relative_reminders(self, owner_zone: TimeZoneName, now: datetime) -> None:
        if self.due is not None:
            self.reminders = reminder_schedule.moved_with_due(
                self.reminders, self.due, owner_zone, now
            )

    def _cancel_reminders(self) -> None:
        if self.reminders:  # most todos have none: skip rebuilding an empty tuple
            self.reminders = reminder_schedule.cancelled(self.reminders)

    def _rearm_reminders(self, now: datetime) -> None:
        self.reminders = reminder_schedule.rearmed(self.reminders, now)

    def _complete_occurrence(
        self, now: datetime, next_occurrence: datetime, owner_zone: TimeZoneName
    ) -> None:
        assert self.due is not None  # noqa: S101 - the caller checked
        assert self.recurrence is not None  # noqa: S101 - the caller checked
        previous = self.due
        self._set_due(previous.moved_to(next_occurrence), owner_zone)
        self.recurrence = _counted(self.recurrence)
        self._move_relative_reminders(owner_zone, now)
        self._touch(now)
        self.record(
            TodoOccurrenceCompleted(
                occurred_at=now,
                todo_id=self.id,
                owner_id=self.owner_id,
                title=self.title.value,
                completed_at=now,
                occurrence_due=due_text(previous) or "",
                next_due=due_text(self.due) or "",
            )
        )


def _counted(recurrence: Recurrence) -> Recurrence:
    return Recurrence(
        rule=recurrence.rule,
        mode=recurrence.mode,
        series_start=recurrence.series_start,
        completed_occurrences=recurrence.completed_occurrences + 1,
    )
