"""The rules the OpenAPI document states accept exactly what the domain accepts: a client that
checks a value against the document is never surprised by the server, either way."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from entrypoints.http import field_rules
from todo_core.domain.colour import Colour
from todo_core.domain.display_name import MAX_DISPLAY_NAME_LENGTH, DisplayName
from todo_core.domain.email_address import MAX_EMAIL_LENGTH, EmailAddress
from todo_core.domain.label_name import MAX_LABEL_NAME_LENGTH, LabelName
from todo_core.domain.list_name import MAX_LIST_NAME_LENGTH, ListName
from todo_core.domain.notes import MAX_NOTES_LENGTH, Notes
from todo_core.domain.password import NewPassword
from todo_core.domain.time_zone import TimeZoneName, iana_time_zone_names
from todo_core.domain.title import MAX_TITLE_LENGTH, Title
from todo_core.errors import ValidationFailed

pytestmark = pytest.mark.unit

_SPACES = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
_CONTROLS = "".join(
    c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.category(c) == "Cc"
)
# Characters where the rules draw their lines, and some that are none of those.
_EDGY = st.sampled_from(_SPACES + _CONTROLS + "\u200b\ufeff\u00ad@.#aZ9é\u0130\ufb01 ")
_TEXT = st.text(st.one_of(_EDGY, st.characters(codec="utf-8")), max_size=12)


def _padded(core: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    pad = st.text(st.sampled_from(_SPACES + "\x00\x7f"), max_size=2)
    return st.tuples(pad, core, pad).map("".join)


def _long(length: int) -> st.SearchStrategy[str]:
    """About `length` characters: the lengths either side of a limit."""
    return st.tuples(st.integers(length - 2, length + 1), st.sampled_from("x é"), _TEXT).map(
        lambda t: (t[1] * t[0])[: t[0] - len(t[2])] + t[2]
    )


def _accepts(rule: dict[str, Any], value: str) -> bool:
    if not rule.get("minLength", 0) <= len(value) <= rule.get("maxLength", len(value)):
        return False
    return re.search(rule["pattern"], value) is not None


def _domain_accepts(parse: Callable[[str], object], value: str) -> bool:
    try:
        parse(value)
    except ValidationFailed:
        return False
    return True


@pytest.mark.parametrize(
    ("parse", "max_length"),
    [
        (Title.parse, MAX_TITLE_LENGTH),
        (ListName.parse, MAX_LIST_NAME_LENGTH),
        (LabelName.parse, MAX_LABEL_NAME_LENGTH),
        (DisplayName.parse, MAX_DISPLAY_NAME_LENGTH),
    ],
    ids=["title", "list name", "label name", "display name"],
)
@given(data=st.data())
def test_a_one_line_rule_accepts_what_the_domain_accepts(
    parse: Callable[[str], object], max_length: int, data: st.DataObject
) -> None:
    value = data.draw(_padded(st.one_of(_TEXT, _long(max_length))))

    assert _accepts(field_rules.one_line(max_length), value) == _domain_accepts(parse, value)


_ADDRESS = st.tuples(_TEXT, st.sampled_from(["@", "@@", ""]), _TEXT, st.sampled_from([".", ""]))


@given(
    value=_padded(
        st.one_of(
            _ADDRESS.map("".join),
            st.emails(),
            _long(254).map(lambda s: s.replace(" ", "x") + "@a.b"),
        )
    )
)
@example(value="ann@example.org")
@example(value=" Ann@Example.ORG\t")
@example(value="a@b@c.d")
@example(value="a@.b.")
@example(value="a@..b.c..")
def test_the_email_rule_accepts_what_the_domain_accepts(value: str) -> None:
    """Registering caps the address at 254 characters as sent (`max_length`)."""
    stated = field_rules.EMAIL | {"maxLength": MAX_EMAIL_LENGTH}
    enforced = len(value) <= MAX_EMAIL_LENGTH and _domain_accepts(EmailAddress.parse, value)

    assert _accepts(stated, value) == enforced


@given(value=_padded(st.one_of(_TEXT, st.from_regex(r"#[0-9a-fA-F]{5,7}", fullmatch=True))))
@example(value="#A0b1C2")
def test_the_colour_rule_accepts_what_the_domain_accepts(value: str) -> None:
    assert _accepts(field_rules.COLOUR, value) == _domain_accepts(Colour.parse, value)


@given(value=st.one_of(_TEXT, _long(MAX_NOTES_LENGTH)))
def test_the_notes_rule_accepts_what_the_domain_accepts(value: str) -> None:
    assert _accepts(field_rules.NOTES, value) == _domain_accepts(Notes, value)


_ZONE_NAMES = sorted(iana_time_zone_names())
_ZONE_LIKE = st.one_of(
    st.sampled_from(_ZONE_NAMES),
    st.sampled_from(["localtime", "posixrules", "Factory", "posix/Europe/Berlin", "Europe"]),
    st.tuples(st.sampled_from(_ZONE_NAMES), _TEXT).map("".join),
    st.tuples(_TEXT, st.sampled_from(_ZONE_NAMES)).map("".join),
    st.sampled_from(_ZONE_NAMES).map(str.lower),
)


@given(value=_padded(_ZONE_LIKE))
def test_the_time_zone_rule_accepts_what_the_domain_accepts(value: str) -> None:
    assert _accepts(field_rules.TIME_ZONE, value) == _domain_accepts(TimeZoneName.parse, value)


def test_the_time_zone_rule_accepts_every_name_the_domain_accepts() -> None:
    pattern = re.compile(field_rules.TIME_ZONE["pattern"])

    assert "Europe/Berlin" in _ZONE_NAMES
    assert all(pattern.search(name) for name in _ZONE_NAMES)


def _new_password(value: str) -> NewPassword:
    return NewPassword.choose(
        value, email=EmailAddress("ann@example.org"), is_common=lambda _: False
    )


@given(value=st.one_of(_TEXT, _long(8), _long(128), st.text(_EDGY, min_size=7, max_size=9)))
@example(value="\ufb01\ufb02xyzw!")
def test_what_the_password_rule_refuses_the_domain_refuses(value: str) -> None:
    """One way only: the domain also refuses the e-mail address, common passwords and text
    that prints nothing (zero-width spaces), which the 422's `rule` names."""
    if not _accepts(field_rules.NEW_PASSWORD, value):
        assert not _domain_accepts(_new_password, value)


def test_the_rules_know_every_white_space_and_control_character() -> None:
    space = re.compile(f"^[{field_rules._SPACE}]+$")
    edge = re.compile(f"^{field_rules._EDGE}+$")

    assert space.match(_SPACES)
    assert not [
        c for c in map(chr, range(sys.maxunicode + 1)) if space.match(c) and not c.isspace()
    ]
    assert not [c for c in _SPACES + _CONTROLS if edge.match(c)]
