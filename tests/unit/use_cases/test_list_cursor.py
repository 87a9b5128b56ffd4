from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from todo_core.domain.ids import ListId
from todo_core.domain.todo_list import MAX_LIST_POSITION
from todo_core.errors import ValidationFailed
from todo_core.use_cases.shared.list_cursor import (
    LIST_CURSOR_KIND,
    decode_list_cursor,
    encode_list_cursor,
)
from todo_core.use_cases.shared.signed_cursor import CursorCodec

CODEC = CursorCodec(b"list-cursor-test-secret")
SOME_ID = "00000000-0000-4000-8000-000000000001"


@settings(max_examples=30)
@given(position=st.integers(min_value=0, max_value=MAX_LIST_POSITION), list_id=st.uuids())
def test_a_cursor_gives_back_the_keyset_it_was_made_from(position: int, list_id: UUID) -> None:
    cursor = encode_list_cursor(CODEC, (position, ListId(list_id)))
    assert decode_list_cursor(CODEC, cursor) == (position, list_id)
    assert cursor.isascii()


@pytest.mark.parametrize(
    "values",
    [[1], [1, SOME_ID, 2], ["1", SOME_ID], [True, SOME_ID], [1.5, SOME_ID], [1, "nope"], [1, 7]],
    ids=["short", "long", "text-position", "bool", "float", "bad-id", "number-id"],
)
def test_a_signed_cursor_of_another_layout_is_refused(values: list[Any]) -> None:
    cursor = CODEC.encode(LIST_CURSOR_KIND, values)
    with pytest.raises(ValidationFailed, match="cursor") as error:
        decode_list_cursor(CODEC, cursor)
    assert error.value.field == "cursor"


def test_a_cursor_edited_by_the_client_is_refused() -> None:
    cursor = encode_list_cursor(CODEC, (3, ListId(UUID(SOME_ID))))
    payload, signature = cursor.split(".")
    with pytest.raises(ValidationFailed, match="cursor"):
        decode_list_cursor(CODEC, f"{payload}A.{signature}")
