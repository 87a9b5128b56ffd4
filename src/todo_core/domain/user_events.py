"""What happens to a user account, as facts consumers (the mailer, read models) can rely on.

Payloads carry plain strings rather than value objects: they are the wire contract, and a
consumer must be able to read them without the core's classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from todo_core.domain.events import DomainEvent
from todo_core.domain.ids import TodoId, UserId

__all__ = ["DigestDue", "DigestTodo", "UserProfileChanged", "UserRegistered"]


@dataclass(frozen=True, slots=True, kw_only=True)
class UserRegistered(DomainEvent):
    aggregate_type: ClassVar[str] = "user"
    event_name: ClassVar[str] = "registered"

    user_id: UserId
    email: str
    display_name: str
    time_zone: str

    @property
    def aggregate_id(self) -> UUID:
        return self.user_id


@dataclass(frozen=True, slots=True, kw_only=True)
class UserProfileChanged(DomainEvent):
    """Carries the whole profile after the change, so a consumer needs no lookup to apply it."""

    aggregate_type: ClassVar[str] = "user"
    event_name: ClassVar[str] = "profile_changed"

    user_id: UserId
    email: str
    # The names of the fields that changed, in field order: ("display_name", "time_zone").
    changed: tuple[str, ...]
    display_name: str
    time_zone: str

    @property
    def aggregate_id(self) -> UUID:
        return self.user_id


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestTodo:
    """A todo as a digest lists it."""

    todo_id: TodoId
    title: str
    # The deadline, the instant it becomes (or became) overdue.
    due_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestDue(DomainEvent):
    """A user's daily digest is due: what is overdue, and what is due on `local_date` in the
    user's zone. At most one per user and local date; `due_at` of the digest is the moment the
    user chose, `occurred_at` when it was found due (later after an outage, the same day)."""

    aggregate_type: ClassVar[str] = "user"
    event_name: ClassVar[str] = "digest_due"

    user_id: UserId
    email: str
    display_name: str
    time_zone: str
    local_date: date
    due_at: datetime
    overdue: tuple[DigestTodo, ...]
    due_today: tuple[DigestTodo, ...]

    @property
    def aggregate_id(self) -> UUID:
        return self.user_id
