"""Storage of User aggregates."""

from __future__ import annotations

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
