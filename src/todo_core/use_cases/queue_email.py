"""The mailer's event handler: decide which mail an event calls for, and queue it as a job.

It never talks to a mail server. In the transaction of the event's inbox row it writes one
`email_jobs` row per mail, keyed by (event id, kind, recipient), with what the template needs:
the recipient's name and time zone and the todo's list are read here, once, so a job renders
the same whenever it is sent. Sending is `SendDueEmail`'s.

Digests (`todo.user.digest_due.v1`, written by the scheduler: `DigestDue`) carry, beside the
user's name, address and zone:

    {"user_id": "<uuid>", "local_date": "YYYY-MM-DD",
     "overdue":   [{"todo_id": "<uuid>", "title": "...", "due_at": "<deadline, RFC 3339>"}, ...],
     "due_today": [ same ]}

Nothing to say (both lists empty) is no mail; more than `DIGEST_MAX_LINES` lines are cut,
overdue first, and the job counts the rest.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from todo_core.domain.ids import ListId, TodoId, UserId
from todo_core.domain.user import User
from todo_core.errors import UnprocessableEvent
from todo_core.ports.clock import Clock
from todo_core.ports.email_jobs import EmailJob, EmailJobStatus
from todo_core.ports.event_handler import EventHandler, InboundEvent
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.unit_of_work import UnitOfWork

__all__ = [
    "DIGEST_DUE",
    "DIGEST_MAX_LINES",
    "LATE_AFTER",
    "MAILER",
    "REMINDER_DUE",
    "QueueEmail",
    "dedupe_key",
]

MAILER = "mailer"
REMINDER_DUE = "todo.todo.reminder_due.v1"
DIGEST_DUE = "todo.user.digest_due.v1"
DIGEST_MAX_LINES = 50
# A reminder that fired this long after its time says so (a scheduler that was down).
LATE_AFTER = timedelta(minutes=5)
_DEFAULT_ZONE = "UTC"

_Build = Callable[[InboundEvent, UnitOfWork], Awaitable[list[EmailJob]]]


def dedupe_key(event_id: UUID, kind: str, recipient: str) -> str:
    return f"{event_id}:{kind}:{recipient}"


class QueueEmail(EventHandler):
    """The consumer `mailer`: queues the mails of due reminders and daily digests."""

    def __init__(self, *, ids: IdGenerator, clock: Clock) -> None:
        self._ids = ids
        self._clock = clock
        self._builders: Mapping[str, _Build] = {
            REMINDER_DUE: self._reminder,
            DIGEST_DUE: self._digest,
        }

    @property
    def name(self) -> str:
        return MAILER

    def handles(self, event_type: str) -> bool:
        return event_type in self._builders

    async def handle(self, event: InboundEvent, uow: UnitOfWork) -> None:
        try:
            jobs = await self._builders[event.type](event, uow)
        except (KeyError, TypeError, ValueError) as error:
            raise UnprocessableEvent(f"{event.type} {event.id}: {error!r}") from error
        for job in jobs:
            await uow.email_jobs.add(job)

    async def _reminder(self, event: InboundEvent, uow: UnitOfWork) -> list[EmailJob]:
        data = event.data
        owner_id = UserId(UUID(data["owner_id"]))
        todo_id = TodoId(UUID(data["todo_id"]))
        user = await uow.users.get(owner_id)
        recipient = user.email.value if user is not None else data.get("owner_email")
        if not recipient or await uow.mail_opt_outs.opted_out(owner_id, "reminder"):
            # No address to write to, or reminders turned off: nothing to send.
            return []
        list_name = None
        todo = await uow.todos.get(owner_id, todo_id)
        if todo is not None and todo.list_id is not None:
            found = await uow.lists.get(owner_id, ListId(todo.list_id))
            list_name = None if found is None else found.name.value
        payload = {
            **_person(user),
            "user_id": str(owner_id),
            "todo_id": str(todo_id),
            "title": str(data["title"]),
            "due": data.get("due"),
            "list_name": list_name,
            "fire_at": data["fire_at"],
            "late": _late(data),
        }
        return [self._job(event, "reminder", recipient, payload)]

    async def _digest(self, event: InboundEvent, uow: UnitOfWork) -> list[EmailJob]:
        data = event.data
        user = await uow.users.get(UserId(UUID(data["user_id"])))
        if user is None or await uow.mail_opt_outs.opted_out(user.id, "digest"):
            return []
        overdue = [_line(item) for item in data.get("overdue") or ()]
        due_today = [_line(item) for item in data.get("due_today") or ()]
        total = len(overdue) + len(due_today)
        if total == 0:
            return []
        overdue = overdue[:DIGEST_MAX_LINES]
        due_today = due_today[: DIGEST_MAX_LINES - len(overdue)]
        payload = {
            **_person(user),
            "user_id": str(user.id),
            "local_date": str(data["local_date"]),
            "overdue": overdue,
            "due_today": due_today,
            "more": total - len(overdue) - len(due_today),
        }
        return [self._job(event, "digest", user.email.value, payload)]

    def _job(
        self, event: InboundEvent, kind: str, recipient: str, payload: dict[str, Any]
    ) -> EmailJob:
        now = self._clock.now()
        return EmailJob(
            id=self._ids.new_id(),
            dedupe_key=dedupe_key(event.id, kind, recipient),
            kind=kind,
            recipient=recipient,
            payload=payload,
            status=EmailJobStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            created_at=now,
            queued_at=now,
        )


def _person(user: User | None) -> dict[str, Any]:
    if user is None:
        return {"user_name": "", "time_zone": _DEFAULT_ZONE}
    return {"user_name": user.display_name.value, "time_zone": user.time_zone.value}


def _late(data: Mapping[str, Any]) -> bool:
    """Whether the event says it fired late: its own `late` flag, else `fired_at` well after
    `fire_at` (events without either were on time as far as anyone can tell)."""
    if isinstance(data.get("late"), bool):
        return bool(data["late"])
    fired_at = data.get("fired_at")
    if not fired_at:
        return False
    return datetime.fromisoformat(fired_at) - datetime.fromisoformat(data["fire_at"]) > LATE_AFTER


def _line(item: Mapping[str, Any]) -> dict[str, Any]:
    return {"todo_id": str(item["todo_id"]), "title": str(item["title"]), "due": item.get("due_at")}
