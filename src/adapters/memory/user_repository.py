"""Users in memory, seen through one unit of work's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from adapters.memory.table_transaction import TableTransaction
from todo_core.domain.email_address import EmailAddress
from todo_core.domain.ids import UserId
from todo_core.domain.user import User
from todo_core.ports.user_repository import UserRepository

__all__ = ["InMemoryUserRepository"]


class InMemoryUserRepository(UserRepository):
    def __init__(self, rows: TableTransaction[User]) -> None:
        self._rows = rows

    async def add(self, user: User) -> None:
        self._rows.add(user)

    async def get(self, user_id: UserId) -> User | None:
        return self._rows.get(user_id)

    async def get_by_email(self, email: EmailAddress) -> User | None:
        return self._rows.find_one("email", email)

    async def claim_digests_due(self, now: datetime, *, limit: int) -> Sequence[User]:
        # One process, no row locks: two racing units are told apart by the version check.
        due = self._rows.scan(lambda u: u.next_digest_at is not None and u.next_digest_at <= now)
        due.sort(key=lambda user: (user.next_digest_at, user.id))
        return due[:limit]

    async def next_digest_at(self) -> datetime | None:
        found = self._rows.scan(lambda user: user.next_digest_at is not None)
        return min((user.next_digest_at for user in found if user.next_digest_at), default=None)
