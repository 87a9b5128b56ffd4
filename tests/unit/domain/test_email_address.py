from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from todo_core.domain.email_address import MAX_EMAIL_LENGTH, EmailAddress
from todo_core.errors import ValidationFailed


def test_parse_trims_and_lower_cases() -> None:
    assert EmailAddress.parse("  Ann.Smith@Example.ORG \n").value == "ann.smith@example.org"


def test_addresses_differing_only_in_case_are_equal() -> None:
    assert EmailAddress.parse("ANN@example.org") == EmailAddress.parse("ann@EXAMPLE.org")


def test_local_part_and_domain_split_at_the_last_at_sign() -> None:
    email = EmailAddress('"a@b"@example.org')
    assert (email.local_part, email.domain) == ('"a@b"', "example.org")


@pytest.mark.parametrize(
    "raw",
    ["", "ann", "@example.org", "ann@", "ann@localhost", "ann@.", "ann smith@example.org"],
)
def test_malformed_addresses_are_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed) as error:
        EmailAddress.parse(raw)
    assert error.value.field == "email"


def test_the_longest_address_is_accepted_and_one_more_is_refused() -> None:
    domain = "@example.org"
    longest = "a" * (MAX_EMAIL_LENGTH - len(domain)) + domain
    assert EmailAddress(longest).value == longest
    with pytest.raises(ValidationFailed, match="at most"):
        EmailAddress("a" + longest)


def test_an_unnormalised_address_cannot_be_built_directly() -> None:
    with pytest.raises(ValidationFailed, match="normalised"):
        EmailAddress("Ann@example.org")


_LOCAL = st.text(alphabet=st.characters(categories=["L", "N", "P", "S"]), min_size=1)
_PADDING = st.text(alphabet=" \t\n", max_size=3)
_RAW = st.one_of(
    st.builds(lambda pad, local, host: f"{pad}{local}@{host}.org{pad}", _PADDING, _LOCAL, _LOCAL),
    st.text(),
)
_ASCII_WORD = st.text(alphabet="abcXYZ019", min_size=1, max_size=20)


@settings(max_examples=40)
@given(raw=_RAW)
def test_parsing_a_parsed_address_gives_it_back_unchanged(raw: str) -> None:
    try:
        email = EmailAddress.parse(raw)
    except ValidationFailed:
        return
    assert EmailAddress.parse(email.value) == email
    assert EmailAddress(email.value) == email


@settings(max_examples=20)
@given(local=_ASCII_WORD, host=_ASCII_WORD)
def test_ascii_addresses_are_the_same_whatever_their_case(local: str, host: str) -> None:
    raw = f"{local}.+_-{local}@{host}.org"
    assert EmailAddress.parse(raw.swapcase()) == EmailAddress.parse(raw)
