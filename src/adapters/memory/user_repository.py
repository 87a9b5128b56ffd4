"""Users in memory, seen through one unit of work's transaction."""

from __future__ import annotations

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
