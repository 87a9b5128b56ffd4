from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from todo_core.domain.label_name import MAX_LABEL_NAME_LENGTH, LabelName
from todo_core.errors import ValidationFailed


def test_parse_trims_and_keeps_case() -> None:
    assert LabelName.parse(" Urgent ").value == "Urgent"


@pytest.mark.parametrize("raw", ["", "  ", "a\nb", "x" * (MAX_LABEL_NAME_LENGTH + 1)])
def test_blank_multi_line_or_too_long_names_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        LabelName.parse(raw)
    assert error.value.field == "name"


def test_the_longest_name_is_accepted() -> None:
    assert LabelName("x" * MAX_LABEL_NAME_LENGTH).value == "x" * MAX_LABEL_NAME_LENGTH


@settings(max_examples=30)
@given(raw=st.text(alphabet="abcdefXYZ 0123", min_size=1, max_size=MAX_LABEL_NAME_LENGTH))
def test_the_key_ignores_case_and_is_stable(raw: str) -> None:
    try:
        name = LabelName.parse(raw)
    except ValidationFailed:
        assert not raw.strip()
        return
    assert LabelName.parse(raw.swapcase()).key == name.key
    assert LabelName.parse(name.key).key == name.key
