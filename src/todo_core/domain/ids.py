"""Typed identifiers, so a user id can never be passed where a todo id is expected."""

from __future__ import annotations

from typing import NewType
from uuid import UUID

__all__ = [
    "LabelId",
    "ListId",
    "RefreshTokenId",
    "ReminderId",
    "SessionFamilyId",
    "TodoId",
    "UserId",
]

UserId = NewType("UserId", UUID)
TodoId = NewType("TodoId", UUID)
ListId = NewType("ListId", UUID)
LabelId = NewType("LabelId", UUID)
ReminderId = NewType("ReminderId", UUID)
RefreshTokenId = NewType("RefreshTokenId", UUID)
# One login's chain of refresh tokens: what reuse detection and logout revoke as a whole.
SessionFamilyId = NewType("SessionFamilyId", UUID)
