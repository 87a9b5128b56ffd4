"""Fire the reminders that are due: one batch of todos per call, each reminder exactly once.

Run by the scheduler. A batch is claimed, marked and its events written in one unit of work:
the reminders are marked fired (or missed) in the same commit as their `ReminderDue` (or
`ReminderMissed`) events, so a crash before the commit leaves them pending, to fire on the next
run, and nothing is sent twice. Concurrent schedulers claim disjoint batches where the database
locks rows (PostgreSQL); elsewhere the loser of a race finds out at commit and claims again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from todo_core.domain.reminder import ReminderStatus
from todo_core.errors import PreconditionFailed, ValidationFailed
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory

__all__ = ["DEFAULT_MAX_LATENESS", "FireDueReminders", "FireDueRemindersCommand", "FiredReminders"]

DEFAULT_MAX_LATENESS = timedelta(hours=24)
# A batch that lost a race (another unit changed one of its todos first) is claimed again this
# many times in all; what is still left goes to the next run.
_ATTEMPTS = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class FireDueRemindersCommand:
    # Todos per batch (and per transaction).
    batch_size: int = 100
    # Reminders due longer ago than this are marked missed instead of being sent.
    max_lateness: timedelta = DEFAULT_MAX_LATENESS


@dataclass(frozen=True, slots=True, kw_only=True)
class FiredReminders:
    todos: int = 0
    fired: int = 0
    missed: int = 0


class FireDueReminders:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: FireDueRemindersCommand) -> FiredReminders:
        """What one batch did; fewer todos than `batch_size` means nothing more is due."""
        if command.batch_size < 1:
            raise ValidationFailed("a batch holds at least one todo", field="batch_size")
        for _ in range(_ATTEMPTS - 1):
            try:
                return await self._fire_batch(command)
            except PreconditionFailed:
                continue
        return await self._fire_batch(command)

    async def _fire_batch(self, command: FireDueRemindersCommand) -> FiredReminders:
        now = self._clock.now()
        fired = missed = 0
        async with self._uow() as uow:
            due = await uow.todos.claim_reminders_due(now, limit=command.batch_size)
            emails: dict[object, str | None] = {}
            for todo in due:
                if todo.owner_id not in emails:
                    owner = await uow.users.get(todo.owner_id)
                    emails[todo.owner_id] = None if owner is None else owner.email.value
                handled = todo.fire_reminders(
                    now, owner_email=emails[todo.owner_id], max_lateness=command.max_lateness
                )
                missed_here = sum(r.status is ReminderStatus.MISSED for r in handled)
                fired += len(handled) - missed_here
                missed += missed_here
            await uow.commit()
        return FiredReminders(todos=len(due), fired=fired, missed=missed)
