"""What happens to a user account, as facts consumers (the mailer, read models) can rely on.

Payloads carry plain strings rather than value objects: they are the wire contract, and a
consumer must be able to read them without the core's classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar
from uuid import UUID

from todo_core.domain.events import DomainEvent
from todo_core.domain.ids import UserId

__all__ = ["UserProfileChanged", "UserRegistered"]


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
