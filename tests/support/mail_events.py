"""Events for the mailer's tests, as consumers receive them: `todo.todo.reminder_due.v1` with the
payload the core publishes, and `todo.user.digest_due.v1` in its documented shape."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from todo_core.ports.event_handler import InboundEvent
from todo_core.use_cases.queue_email import DIGEST_DUE, REMINDER_DUE

__all__ = ["digest_due", "reminder_due", "reminder_payload"]

_WHEN = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)


def reminder_due(
    *,
    owner_id: UUID,
    todo_id: UUID | None = None,
    title: str = "dentist",
    due: str | None = "2026-12-08T13:00:00+00:00",
    owner_email: str | None = "ann@example.org",
    fire_at: datetime = _WHEN,
    event_id: UUID | None = None,
    **extra: Any,
) -> InboundEvent:
    todo = todo_id or uuid4()
    return InboundEvent(
        id=event_id or uuid4(),
        type=REMINDER_DUE,
        source="/todo",
        subject=str(todo),
        time=fire_at,
        data={
            "occurred_at": fire_at.isoformat(),
            "todo_id": str(todo),
            "owner_id": str(owner_id),
            "reminder_id": str(uuid4()),
            "fire_at": fire_at.isoformat(),
            "title": title,
            "due": due,
            "owner_email": owner_email,
            **extra,
        },
    )


def digest_due(
    *,
    user_id: UUID,
    overdue: Sequence[tuple[str, str]] = (),
    due_today: Sequence[tuple[str, str]] = (),
    local_date: str = "2026-12-08",
) -> InboundEvent:
    def lines(items: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
        # As the scheduler's DigestDue writes them: each todo's deadline as an instant.
        return [{"todo_id": str(uuid4()), "title": t, "due_at": d} for t, d in items]

    return InboundEvent(
        id=uuid4(),
        type=DIGEST_DUE,
        source="/todo",
        subject=str(user_id),
        time=_WHEN,
        data={
            "user_id": str(user_id),
            "local_date": local_date,
            "overdue": lines(overdue),
            "due_today": lines(due_today),
        },
    )


def reminder_payload(title: str = "dentist") -> dict[str, Any]:
    """A reminder job's payload, as the mailer's handler writes it."""
    return {
        "user_name": "Ann",
        "time_zone": "UTC",
        "todo_id": str(uuid4()),
        "title": title,
        "due": None,
        "list_name": None,
        "fire_at": _WHEN.isoformat(),
        "late": False,
    }
