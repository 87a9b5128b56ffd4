from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from todo_core.domain.list_name import INBOX_NAME, MAX_LIST_NAME_LENGTH, ListName
from todo_core.errors import ValidationFailed


def test_parse_trims_and_keeps_case() -> None:
    assert ListName.parse("  Work Stuff ").value == "Work Stuff"


def test_the_inbox_is_called_inbox() -> None:
    assert INBOX_NAME.value == "Inbox"


@pytest.mark.parametrize("raw", ["", "  ", "a\tb", "x" * (MAX_LIST_NAME_LENGTH + 1)])
def test_blank_multi_line_or_too_long_names_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        ListName.parse(raw)
    assert error.value.field == "name"


def test_names_differing_only_in_case_share_a_key_but_are_not_equal() -> None:
    assert ListName("Straße").key == ListName("STRASSE").key
    assert ListName("Work") != ListName("work")


@settings(max_examples=30)
@given(raw=st.text(alphabet="abcdefXYZ 0123", min_size=1, max_size=MAX_LIST_NAME_LENGTH))
def test_the_key_ignores_case_and_is_stable(raw: str) -> None:
    try:
        name = ListName.parse(raw)
    except ValidationFailed:
        assert not raw.strip()
        return
    assert ListName.parse(raw.swapcase()).key == name.key
    assert ListName.parse(name.key).key == name.key
