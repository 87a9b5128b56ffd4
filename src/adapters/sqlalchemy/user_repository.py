"""Users in a SQL database, on the connection of the unit of work that owns the repository."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, func, select
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
        self._dialect = connection.dialect.name
        # What this unit loaded and changed; the unit of work flushes it and collects events.
        self.rows = AggregateRows(connection, users, to_row=user_to_row, from_row=row_to_user)

    async def add(self, user: User) -> None:
        await self.rows.insert(user)

    async def get(self, user_id: UserId) -> User | None:
        return await self.rows.load_one(_BY_ID, {"user_id": user_id})

    async def get_by_email(self, email: EmailAddress) -> User | None:
        # EmailAddress is normalised already, so plain equality is the uniqueness rule's equality.
        return await self.rows.load_one(select(users).where(users.c.email == email.value))

    async def claim_digests_due(self, now: datetime, *, limit: int) -> Sequence[User]:
        due = users.c.next_digest_at
        statement = (
            select(users).where(due.is_not(None), due <= now).order_by(due, users.c.id).limit(limit)
        )
        if self._dialect == "postgresql":
            # Held until the unit ends; users another scheduler holds are left to it.
            statement = statement.with_for_update(skip_locked=True)
        return await self.rows.load_all(statement)

    async def next_digest_at(self) -> datetime | None:
        due = users.c.next_digest_at
        return await self.rows.scalar(select(func.min(due)).where(due.is_not(None)), {})
