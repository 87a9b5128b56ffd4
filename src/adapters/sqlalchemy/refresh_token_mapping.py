"""Row <-> RefreshToken translation, kept beside the table so a new column is one diff."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping

from todo_core.domain.ids import RefreshTokenId, SessionFamilyId, UserId
from todo_core.domain.refresh_token import RefreshToken, Rotation

__all__ = ["refresh_token_to_row", "row_to_refresh_token"]


def refresh_token_to_row(token: RefreshToken) -> dict[str, Any]:
    rotation = token.rotation
    return {
        "id": token.id,
        "user_id": token.user_id,
        "family_id": token.family_id,
        "parent_id": token.parent_id,
        "token_hash": token.token_hash,
        "issued_at": token.issued_at,
        "expires_at": token.expires_at,
        "used_at": token.used_at,
        "revoked_at": token.revoked_at,
        "successor_id": None if rotation is None else rotation.successor_id,
        "successor_salt": None if rotation is None else rotation.salt,
        "rotated_by": None if rotation is None else rotation.client,
        "version": token.version,
    }


def row_to_refresh_token(row: RowMapping) -> RefreshToken:
    parent_id, successor_id = row["parent_id"], row["successor_id"]
    rotation = (
        None
        if successor_id is None
        else Rotation(
            successor_id=RefreshTokenId(successor_id),
            salt=row["successor_salt"],
            client=row["rotated_by"],
        )
    )
    return RefreshToken(
        id=RefreshTokenId(row["id"]),
        user_id=UserId(row["user_id"]),
        family_id=SessionFamilyId(row["family_id"]),
        parent_id=None if parent_id is None else RefreshTokenId(parent_id),
        token_hash=row["token_hash"],
        issued_at=row["issued_at"],
        expires_at=row["expires_at"],
        used_at=row["used_at"],
        revoked_at=row["revoked_at"],
        rotation=rotation,
        version=row["version"],
    )
