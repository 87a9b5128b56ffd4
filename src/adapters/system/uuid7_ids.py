"""Time-ordered ids (UUIDv7, RFC 9562) from uuid-utils, until the standard library has them."""

from __future__ import annotations

from uuid import UUID

from uuid_utils.compat import uuid7

from todo_core.ports.id_generator import IdGenerator

__all__ = ["Uuid7IdGenerator"]


class Uuid7IdGenerator(IdGenerator):
    def new_id(self) -> UUID:
        return uuid7()
