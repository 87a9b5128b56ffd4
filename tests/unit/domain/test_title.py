from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from todo_core.domain import MAX_TITLE_LENGTH, Title
from todo_core.errors import ValidationFailed


def test_parse_trims_surrounding_whitespace() -> None:
    assert Title.parse("  buy milk \t").value == "buy milk"


@pytest.mark.parametrize("raw", ["", "   ", "\t\n"])
def test_blank_titles_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed, match="must not be empty") as error:
        Title.parse(raw)
    assert error.value.field == "title"


def test_the_longest_title_is_accepted_and_one_more_is_refused() -> None:
    assert len(Title("x" * MAX_TITLE_LENGTH).value) == MAX_TITLE_LENGTH
    with pytest.raises(ValidationFailed, match="at most 500"):
        Title("x" * (MAX_TITLE_LENGTH + 1))


def test_length_counts_characters_after_trimming() -> None:
    assert Title.parse("  " + "x" * MAX_TITLE_LENGTH + "  ").value == "x" * MAX_TITLE_LENGTH


@pytest.mark.parametrize("raw", ["a\nb", "a\tb", "a\x00b", "a\x1bb", "a\x7fb"])
def test_control_characters_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed, match="control characters"):
        Title.parse(raw)


def test_an_untrimmed_title_cannot_be_built_directly() -> None:
    with pytest.raises(ValidationFailed, match="trimmed"):
        Title(" padded ")


def test_unicode_letters_and_emoji_are_fine() -> None:
    assert Title.parse("Straße 🛒 café").value == "Straße 🛒 café"


@given(st.text(alphabet=st.characters(blacklist_categories=["Cc", "Cs"]), min_size=1))
def test_any_printable_text_either_parses_to_its_trimmed_self_or_is_refused(raw: str) -> None:
    try:
        title = Title.parse(raw)
    except ValidationFailed:
        assert not raw.strip() or len(raw.strip()) > MAX_TITLE_LENGTH
    else:
        assert title.value == raw.strip()
