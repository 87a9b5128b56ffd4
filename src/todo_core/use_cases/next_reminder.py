"""When the earliest pending reminder of any live todo is due: what the scheduler sleeps until,
and (once it is past) how far behind the reminders are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from todo_core.ports.unit_of_work import UnitOfWorkFactory

__all__ = ["NextReminder", "NextReminderQuery"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NextReminderQuery:
    pass


class NextReminder:
    def __init__(self, *, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: NextReminderQuery) -> datetime | None:
        async with self._uow() as uow:
            return await uow.todos.next_reminder_at()
