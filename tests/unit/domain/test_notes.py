from __future__ import annotations

import pytest

from todo_core.domain import MAX_NOTES_LENGTH, Notes
from todo_core.errors import ValidationFailed


def test_notes_default_to_empty() -> None:
    assert Notes().value == ""


def test_notes_keep_newlines_and_whitespace() -> None:
    assert Notes("  line one\n\tline two\n").value == "  line one\n\tline two\n"


def test_notes_are_capped() -> None:
    Notes("x" * MAX_NOTES_LENGTH)
    with pytest.raises(ValidationFailed, match="at most 20000") as error:
        Notes("x" * (MAX_NOTES_LENGTH + 1))
    assert error.value.field == "notes"


def test_nul_is_refused_because_no_store_could_keep_it() -> None:
    with pytest.raises(ValidationFailed, match="NUL"):
        Notes("a\x00b")
