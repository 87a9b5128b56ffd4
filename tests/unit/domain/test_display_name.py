from __future__ import annotations

import pytest

from todo_core.domain.display_name import MAX_DISPLAY_NAME_LENGTH, DisplayName
from todo_core.domain.email_address import EmailAddress
from todo_core.errors import ValidationFailed


def test_parse_trims_surrounding_whitespace() -> None:
    assert DisplayName.parse("  Ann Smith \t").value == "Ann Smith"


@pytest.mark.parametrize("raw", ["", "   ", "a\nb", "a\x00b", "x" * (MAX_DISPLAY_NAME_LENGTH + 1)])
def test_blank_multi_line_or_too_long_names_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        DisplayName.parse(raw)
    assert error.value.field == "display_name"


def test_the_longest_name_is_accepted() -> None:
    assert DisplayName("x" * MAX_DISPLAY_NAME_LENGTH).value == "x" * MAX_DISPLAY_NAME_LENGTH


def test_the_default_is_the_local_part_of_the_e_mail_address() -> None:
    assert DisplayName.default_for(EmailAddress("ann.smith+todo@example.org")).value == (
        "ann.smith+todo"
    )


def test_the_default_from_a_very_long_local_part_is_cut_to_the_limit() -> None:
    email = EmailAddress(f"{'b' * 200}@example.org")
    assert DisplayName.default_for(email).value == "b" * MAX_DISPLAY_NAME_LENGTH
