"""Refresh tokens in a SQL database, on the connection of the unit of work that owns them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.aggregate_rows import AggregateRows
from adapters.sqlalchemy.refresh_token_mapping import refresh_token_to_row, row_to_refresh_token
from adapters.sqlalchemy.tables import refresh_tokens
from todo_core.domain.ids import RefreshTokenId, SessionFamilyId
from todo_core.domain.refresh_token import RefreshToken
from todo_core.ports.refresh_token_repository import RefreshTokenRepository

__all__ = ["SqlAlchemyRefreshTokenRepository"]


class SqlAlchemyRefreshTokenRepository(RefreshTokenRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        # What this unit loaded and changed; the unit of work flushes it (version-checked).
        self.rows = AggregateRows(
            connection,
            refresh_tokens,
            to_row=refresh_token_to_row,
            from_row=row_to_refresh_token,
        )

    async def add(self, token: RefreshToken) -> None:
        # Write what this unit changed first: in a rotation that is the parent's version-checked
        # UPDATE, so of two requests spending one token the loser fails there, with
        # `PreconditionFailed`, before its child row exists, instead of contending on the INSERT.
        await self.rows.flush()
        await self.rows.insert(token)

    async def get(self, token_id: RefreshTokenId) -> RefreshToken | None:
        return await self.rows.load_one(
            select(refresh_tokens).where(refresh_tokens.c.id == token_id)
        )

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        return await self.rows.load_one(
            select(refresh_tokens).where(refresh_tokens.c.token_hash == token_hash)
        )

    async def in_family(self, family_id: SessionFamilyId) -> list[RefreshToken]:
        return await self.rows.load_all(
            select(refresh_tokens)
            .where(refresh_tokens.c.family_id == family_id)
            .order_by(refresh_tokens.c.issued_at, refresh_tokens.c.id)
        )
