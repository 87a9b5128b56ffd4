"""What a use case hands back about an account: a frozen snapshot with nothing secret in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from todo_core.domain.ids import UserId
from todo_core.domain.user import User

__all__ = ["UserView"]


@dataclass(frozen=True, slots=True, kw_only=True)
class UserView:
    # Deliberately no password hash: a view may end up in a response or a log line.
    id: UserId
    email: str
    display_name: str
    time_zone: str
    email_verified: bool
    # The daily digest: wanted or not, and at which local time ("HH:MM").
    digest_enabled: bool
    digest_time: str
    created_at: datetime
    updated_at: datetime
    version: int

    @classmethod
    def of(cls, user: User) -> UserView:
        return cls(
            id=user.id,
            email=user.email.value,
            display_name=user.display_name.value,
            time_zone=user.time_zone.value,
            email_verified=user.email_verified,
            digest_enabled=user.digest_enabled,
            digest_time=user.digest_time.strftime("%H:%M"),
            created_at=user.created_at,
            updated_at=user.updated_at,
            version=user.version,
        )
