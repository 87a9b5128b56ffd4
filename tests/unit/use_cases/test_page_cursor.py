from __future__ import annotations

import base64
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from todo_core.errors import ValidationFailed
from todo_core.use_cases.page_cursor import decode_cursor, encode_cursor


@given(st.uuids())
def test_a_cursor_decodes_to_the_id_it_was_made_from(last_id: UUID) -> None:
    assert decode_cursor(encode_cursor(last_id)) == last_id


def test_a_cursor_is_url_safe_and_unpadded() -> None:
    cursor = encode_cursor(UUID(int=2**128 - 1))
    assert "=" not in cursor
    assert cursor.replace("-", "").replace("_", "").isalnum()


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "%%%",
        "\u00e9",
        base64.urlsafe_b64encode(b"v1:not-a-uuid").decode(),
        base64.urlsafe_b64encode(b"v9:00000000-0000-0000-0000-000000000000").decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    ],
)
def test_malformed_cursors_are_a_validation_error(cursor: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        decode_cursor(cursor)
    assert error.value.field == "cursor"
