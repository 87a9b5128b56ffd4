"""Storage of User aggregates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from todo_core.domain.email_address import EmailAddress
from todo_core.domain.ids import UserId
from todo_core.domain.user import User

__all__ = ["UserRepository"]


class UserRepository(Protocol):
    async def add(self, user: User) -> None:
        """Stage a new user; commit raises `Conflict` if the e-mail address is taken."""
        ...

    async def get(self, user_id: UserId) -> User | None: ...

    async def get_by_email(self, email: EmailAddress) -> User | None: ...

    async def claim_digests_due(self, now: datetime, *, limit: int) -> Sequence[User]:
        """Users of any owner whose next digest is due by `now`, earliest first.

        Locked until the unit of work ends where the database can lock rows, skipping users
        another unit holds, as `TodoRepository.claim_reminders_due` does.
        """
        ...

    async def next_digest_at(self) -> datetime | None:
        """The earliest moment any user's next digest is due."""
        ...
