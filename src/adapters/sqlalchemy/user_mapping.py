"""Row <-> User translation, kept beside the table so a new column is one diff in one place."""

from __future__ import annotations

from datetime import time
from typing import Any

from sqlalchemy import RowMapping

from todo_core.domain.display_name import DisplayName
from todo_core.domain.email_address import EmailAddress
from todo_core.domain.ids import UserId
from todo_core.domain.time_zone import TimeZoneName
from todo_core.domain.user import User

__all__ = ["row_to_user", "user_to_row"]


def user_to_row(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email.value,
        "display_name": user.display_name.value,
        "time_zone": user.time_zone.value,
        "password_hash": user.password_hash,
        "email_verified": user.email_verified,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
        "version": user.version,
        "digest_enabled": user.digest_enabled,
        "digest_time": user.digest_time.strftime("%H:%M"),
        "digest_sent_on": user.digest_sent_on,
        "next_digest_at": user.next_digest_at,
    }


def row_to_user(row: RowMapping) -> User:
    return User(
        id=UserId(row["id"]),
        email=EmailAddress(row["email"]),
        display_name=DisplayName(row["display_name"]),
        time_zone=TimeZoneName(row["time_zone"]),
        password_hash=row["password_hash"],
        email_verified=row["email_verified"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
        digest_enabled=row["digest_enabled"],
        digest_time=time.fromisoformat(row["digest_time"]),
        digest_sent_on=row["digest_sent_on"],
        next_digest_at=row["next_digest_at"],
    )
