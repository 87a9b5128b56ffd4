"""Storage of RefreshToken aggregates, found by id or by the hash of the token, never by the
token itself."""

from __future__ import annotations

from typing import Protocol

from todo_core.domain.ids import RefreshTokenId, SessionFamilyId
from todo_core.domain.refresh_token import RefreshToken

__all__ = ["RefreshTokenRepository"]


class RefreshTokenRepository(Protocol):
    async def add(self, token: RefreshToken) -> None:
        """Stage a new token; commit raises `Conflict` if its hash is already stored."""
        ...

    async def get(self, token_id: RefreshTokenId) -> RefreshToken | None:
        """By id: how a spent token's recorded successor is found."""
        ...

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None: ...

    async def in_family(self, family_id: SessionFamilyId) -> list[RefreshToken]:
        """Every token of one login, oldest first."""
        ...
