"""Users in a SQL database, on the connection of the unit of work that owns the repository."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.aggregate_rows import AggregateRows
from adapters.sqlalchemy.constant_statements import constant
from adapters.sqlalchemy.tables import users
from adapters.sqlalchemy.user_mapping import row_to_user, user_to_row
from todo_core.domain.email_address import EmailAddress
from todo_core.domain.ids import UserId
from todo_core.domain.user import User
from todo_core.ports.user_repository import UserRepository

__all__ = ["SqlAlchemyUserRepository"]

_BY_ID = constant(select(users).where(users.c.id == bindparam("user_id")))


class SqlAlchemyUserRepository(UserRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        # What this unit loaded and changed; the unit of work flushes it and collects events.
        self.rows = AggregateRows(connection, users, to_row=user_to_row, from_row=row_to_user)

    async def add(self, user: User) -> None:
        await self.rows.insert(user)

    async def get(self, user_id: UserId) -> User | None:
        return await self.rows.load_one(_BY_ID, {"user_id": user_id})

    async def get_by_email(self, email: EmailAddress) -> User | None:
        # EmailAddress is normalised already, so plain equality is the uniqueness rule's equality.
        return await self.rows.load_one(select(users).where(users.c.email == email.value))
