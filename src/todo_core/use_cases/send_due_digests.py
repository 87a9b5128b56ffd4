"""Send the daily digests that are due: one batch of users per call, each digest at most once
per user and local date.

Run by the scheduler. A user's digest lists their overdue todos and those due on that local
date (open and live ones); the `DigestDue` event and the user's "sent on" date commit together,
so a crash before the commit sends it on the next run, and a digest is never sent twice.
Concurrent schedulers claim disjoint users where the database locks rows (PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from todo_core.domain.todo import Todo, TodoStatus
from todo_core.domain.user import User
from todo_core.domain.user_events import DigestTodo
from todo_core.errors import PreconditionFailed, ValidationFailed
from todo_core.ports.clock import Clock
from todo_core.ports.todo_query import TodoQuery, TodoSort
from todo_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

__all__ = ["SendDueDigests", "SendDueDigestsCommand", "SentDigests"]

# At most this many todos of each kind in one digest (the rest are "and more" for a mailer).
MAX_DIGEST_TODOS = 50
_ATTEMPTS = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class SendDueDigestsCommand:
    batch_size: int = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class SentDigests:
    users: int = 0
    sent: int = 0


class SendDueDigests:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def __call__(self, command: SendDueDigestsCommand) -> SentDigests:
        """What one batch did; fewer users than `batch_size` means nothing more is due."""
        if command.batch_size < 1:
            raise ValidationFailed("a batch holds at least one user", field="batch_size")
        for _ in range(_ATTEMPTS - 1):
            try:
                return await self._send_batch(command)
            except PreconditionFailed:
                continue
        return await self._send_batch(command)

    async def _send_batch(self, command: SendDueDigestsCommand) -> SentDigests:
        now = self._clock.now()
        sent = 0
        async with self._uow() as uow:
            due = await uow.users.claim_digests_due(now, limit=command.batch_size)
            for user in due:
                day = user.digest_day(now)
                if day is None:
                    user.reschedule_digest(now)
                    continue
                overdue, due_today = await _todos_for(uow, user, now)
                user.send_digest(day, overdue=overdue, due_today=due_today, now=now)
                sent += 1
            await uow.commit()
        return SentDigests(users=len(due), sent=sent)


async def _todos_for(
    uow: UnitOfWork, user: User, now: datetime
) -> tuple[tuple[DigestTodo, ...], tuple[DigestTodo, ...]]:
    """Open, live todos overdue at `now`, and those that become overdue by the end of the
    user's local day (a whole-day due of today does so at midnight), earliest first."""
    zone = user.time_zone.zone
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    day_end = datetime.combine(tomorrow, time(0), tzinfo=zone).astimezone(UTC)
    _tick = timedelta(microseconds=1)
    overdue = await uow.todos.query(
        TodoQuery(
            owner_id=user.id,
            overdue_at=now,
            sort=TodoSort.DUE,
            descending=False,
            limit=MAX_DIGEST_TODOS,
        )
    )
    due_today = await uow.todos.query(
        TodoQuery(
            owner_id=user.id,
            status=TodoStatus.OPEN,
            due_after=now + _tick,
            due_before=day_end + _tick,
            sort=TodoSort.DUE,
            descending=False,
            limit=MAX_DIGEST_TODOS,
        )
    )
    return _listed(overdue), _listed(due_today)


def _listed(todos: Sequence[Todo]) -> tuple[DigestTodo, ...]:
    return tuple(
        DigestTodo(todo_id=todo.id, title=todo.title.value, due_at=todo.due_deadline)
        for todo in todos
        if todo.due_deadline is not None
    )
