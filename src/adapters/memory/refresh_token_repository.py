"""Refresh tokens in memory, seen through one unit of work's transaction."""

from __future__ import annotations

from adapters.memory.table_transaction import TableTransaction
from todo_core.domain.ids import RefreshTokenId, SessionFamilyId
from todo_core.domain.refresh_token import RefreshToken
from todo_core.ports.refresh_token_repository import RefreshTokenRepository

__all__ = ["InMemoryRefreshTokenRepository"]


class InMemoryRefreshTokenRepository(RefreshTokenRepository):
    def __init__(self, rows: TableTransaction[RefreshToken]) -> None:
        self._rows = rows

    async def add(self, token: RefreshToken) -> None:
        self._rows.add(token)

    async def get(self, token_id: RefreshTokenId) -> RefreshToken | None:
        return self._rows.get(token_id)

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        return self._rows.find_one("token_hash", token_hash)

    async def in_family(self, family_id: SessionFamilyId) -> list[RefreshToken]:
        found = self._rows.find("family", family_id)
        return sorted(found, key=lambda token: (token.issued_at, token.id))
