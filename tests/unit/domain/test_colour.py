from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from todo_core.domain.colour import Colour
from todo_core.errors import ValidationFailed


def test_parse_trims_and_lower_cases() -> None:
    assert Colour.parse(" #FFAA00 ").value == "#ffaa00"


@pytest.mark.parametrize("raw", ["", "red", "#fff", "ffaa00", "#ffaa0", "#ffaa000", "#gggggg"])
def test_anything_but_six_hex_digits_after_a_hash_is_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed, match="#rrggbb") as error:
        Colour.parse(raw)
    assert error.value.field == "colour"


def test_an_upper_case_colour_cannot_be_built_directly() -> None:
    with pytest.raises(ValidationFailed):
        Colour("#FFAA00")


@settings(max_examples=30)
@given(value=st.integers(min_value=0, max_value=0xFFFFFF))
def test_every_rgb_value_round_trips_in_either_case(value: int) -> None:
    upper = f"#{value:06X}"
    assert Colour.parse(upper) == Colour.parse(upper.lower()) == Colour(upper.lower())
