from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from todo_core.errors import ValidationFailed
from todo_core.use_cases.shared.signed_cursor import CursorCodec

CODEC = CursorCodec(b"k" * 32)

json_values = st.lists(
    st.one_of(st.integers(), st.text(max_size=20), st.none(), st.booleans()), max_size=4
)


@given(json_values)
def test_a_cursor_decodes_to_the_values_it_was_made_from(values: list[object]) -> None:
    assert CODEC.decode("todos", CODEC.encode("todos", values)) == values


def test_a_cursor_is_url_safe_and_unpadded() -> None:
    cursor = CODEC.encode("todos", [1, "x", None])
    assert "=" not in cursor
    assert cursor.replace("-", "").replace("_", "").replace(".", "").isalnum()


def test_a_cursor_of_another_listing_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="another listing"):
        CODEC.decode("trash", CODEC.encode("todos", [1]))


def test_a_cursor_signed_with_another_secret_is_refused() -> None:
    other = CursorCodec(b"o" * 32)
    with pytest.raises(ValidationFailed, match="not valid"):
        CODEC.decode("todos", other.encode("todos", [1]))


def test_an_edited_payload_is_refused_even_when_well_formed() -> None:
    payload, signature = CODEC.encode("todos", [1, "a"]).split(".")
    forged = base64.urlsafe_b64encode(b'["todos",[2,"a"]]').decode().rstrip("=")
    with pytest.raises(ValidationFailed) as error:
        CODEC.decode("todos", f"{forged}.{signature}")
    assert error.value.field == "cursor"
    assert payload != forged


@pytest.mark.parametrize("cursor", ["", "%%%", "\u00e9", "abc", "a.b.c", "e30.e30"])
def test_malformed_cursors_are_a_validation_error(cursor: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        CODEC.decode("todos", cursor)
    assert error.value.field == "cursor"


def test_a_short_secret_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        CursorCodec(b"short")
