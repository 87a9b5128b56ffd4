"""Cursors for pages of lists: the (position, id) the previous page ended at, signed.

They go through the same `CursorCodec` as todo cursors (so they are tamper-evident too), under
their own kind, so a cursor from one listing is refused by the other instead of being misread.
"""

from __future__ import annotations

from uuid import UUID

from todo_core.domain.ids import ListId
from todo_core.errors import ValidationFailed
from todo_core.ports.todo_list_repository import ListPosition
from todo_core.use_cases.shared.signed_cursor import CursorCodec

__all__ = ["LIST_CURSOR_KIND", "decode_list_cursor", "encode_list_cursor"]

LIST_CURSOR_KIND = "lists:position"


def encode_list_cursor(codec: CursorCodec, after: ListPosition) -> str:
    position, list_id = after
    return codec.encode(LIST_CURSOR_KIND, [position, str(list_id)])


def decode_list_cursor(codec: CursorCodec, cursor: str) -> ListPosition:
    """The keyset the previous page ended at; a malformed cursor is the caller's error."""
    values = codec.decode(LIST_CURSOR_KIND, cursor)
    try:
        position, list_id = values
        # Signed means made by us, but perhaps by an older release with another layout.
        if type(position) is not int or not isinstance(list_id, str):
            raise TypeError(values)
        return position, ListId(UUID(list_id))
    except (ValueError, TypeError) as exc:
        raise ValidationFailed("cursor is not valid", field="cursor") from exc
