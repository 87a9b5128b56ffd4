"""Fire every reminder that is due: one "reminder due" event per reminder occurrence.

Run by the scheduler. Each todo is handled in its own unit of work, so one failure does not
hold back the others, and firing marks the reminder in the same commit as its event: a second
run, or a concurrent one (which loses the optimistic-concurrency race), fires nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.errors import PreconditionFailed
from todo_core.ports.clock import Clock
from todo_core.ports.unit_of_work import UnitOfWorkFactory

__all__ = ["FireDueReminders", "FireDueRemindersCommand"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FireDueRemindersCommand:
    batch_size: int = 100


class FireDueReminders:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: FireDueRemindersCommand) -> int:
        """How many reminders fired."""
        now = self._clock.now()
        async with self._uow() as uow:
            due = await uow.todos.with_reminders_due(now, limit=command.batch_size)
            candidates = [(todo.owner_id, todo.id) for todo in due]
        fired = 0
        for owner_id, todo_id in candidates:
            try:
                async with self._uow() as uow:
                    todo = await uow.todos.get(owner_id, todo_id)
                    if todo is None:
                        continue
                    owner = await uow.users.get(owner_id)
                    email = None if owner is None else owner.email.value
                    fired += len(todo.fire_reminders(now, owner_email=email))
                    await uow.commit()
            except PreconditionFailed:
                # Someone else changed or fired it first; whatever is still due goes next run.
                continue
        return fired
