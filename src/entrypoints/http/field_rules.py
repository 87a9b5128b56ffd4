"""The model's rules on request fields, stated in the OpenAPI document.

The domain enforces each rule (with a message saying which one a value breaks); this module
states the same rule as JSON Schema, from the domain's own limits, so that a client or a
schema-driven fuzzer knows it. `tests/unit/entrypoints/test_field_rules.py` checks that each
pattern accepts exactly what the domain accepts.

A pattern is written for the text as sent: the domain trims surrounding white space (what
Python's `str.strip()` removes) before it checks a name, so the patterns allow it around the
value. They use only escapes and classes that ECMA-262 and Python's `re` read alike.

The rules go in `msgspec.Meta(extra_json_schema=...)`, msgspec's way of adding to a field's
JSON Schema what it does not check itself; `StrictStructSchemaPlugin` writes them into the
document. A field's `max_length` in `msgspec.Meta` stays what msgspec checks: a cap on what is
read at all.
"""

from __future__ import annotations

from typing import Any, Final

from todo_core.domain.notes import MAX_NOTES_LENGTH
from todo_core.domain.password import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from todo_core.domain.time_zone import iana_time_zone_names

__all__ = [
    "COLOUR",
    "EMAIL",
    "NEW_PASSWORD",
    "NOTES",
    "TIME_ZONE",
    "one_line",
]

# What `str.strip()` removes (`str.isspace()`), and what may start or end a value: neither
# that nor a control character (Unicode's Cc, U+0000-U+001F and U+007F-U+009F).
_SPACE: Final = r"\x09-\x0d\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_NOT_EDGE: Final = r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_PADDING: Final = f"[{_SPACE}]*"
_EDGE: Final = f"[^{_NOT_EDGE}]"
# A character that may stand inside a value: anything but a control character.
_INNER: Final = r"[^\x00-\x1f\x7f-\x9f]"


def one_line(max_length: int) -> dict[str, Any]:
    """A name or title: 1 to `max_length` characters once trimmed, no control characters."""
    core = f"{_EDGE}(?:{_INNER}{{0,{max_length - 2}}}{_EDGE})?"
    return {"pattern": f"^{_PADDING}{core}{_PADDING}$"}


# An address of the form name@example.org, no white space or control characters inside: the
# local part is everything before the last `@`; the domain has a dot other than at its ends.
# Its length (254) is checked as sent, by the field's `max_length`.
_DOMAIN_CHAR: Final = f"[^{_NOT_EDGE}@]"
_DOMAIN_EDGE: Final = f"[^{_NOT_EDGE}@.]"
_DOMAIN: Final = rf"\.*{_DOMAIN_EDGE}{_DOMAIN_CHAR}*\.{_DOMAIN_CHAR}*{_DOMAIN_EDGE}\.*"
EMAIL: Final = {"pattern": f"^{_PADDING}{_EDGE}+@{_DOMAIN}{_PADDING}$"}


# A new password: 8 to 128 characters (as sent and once NFKC-normalised), not only white space
# or control characters. Not equal to the e-mail address, and not a common password: the 422's
# `rule` says which (no schema can state those two).
NEW_PASSWORD: Final = {
    "description": (
        "8 to 128 characters, as sent and once NFKC-normalised; not only white space. Refused "
        "with a 422 naming its `rule` when it is the e-mail address (or its part before the @), "
        "one of the common passwords attackers try first, or prints nothing."
    ),
    "minLength": MIN_PASSWORD_LENGTH,
    "maxLength": MAX_PASSWORD_LENGTH,
    "pattern": _EDGE,
}

# `#rrggbb`, any letter case (stored lower-case).
COLOUR: Final = {"pattern": f"^{_PADDING}#[0-9A-Fa-f]{{6}}{_PADDING}$"}

# Any text but NUL, at most 20 000 characters.
NOTES: Final = {"maxLength": MAX_NOTES_LENGTH, "pattern": r"^[^\x00]*$"}


def _time_zone() -> dict[str, Any]:
    """The zone names this process's database has (the `tzdata` package's at least), less the
    host files the domain refuses, with white space around them, which the domain forgives.

    A pattern rather than an enum: the same rule, and a fuzzer does not try all 600 names on
    every operation that takes one."""
    by_area: dict[str, list[str]] = {}
    for name in sorted(iana_time_zone_names()):
        area, _, rest = name.partition("/")
        by_area.setdefault(area if rest else "", []).append(rest or area)
    alternatives = [
        f"{area}/(?:{'|'.join(map(_literal, names))})" if area else "|".join(map(_literal, names))
        for area, names in sorted(by_area.items())
    ]
    return {
        "description": "An IANA time zone name, such as `Europe/Berlin`.",
        "pattern": f"^{_PADDING}(?:{'|'.join(alternatives)}){_PADDING}$",
    }


def _literal(name: str) -> str:
    # Zone names hold letters, digits, `_`, `-`, `+` and `/`: only `+` means something in a
    # pattern (and `\-` is no escape in every dialect).
    return name.replace("+", r"\+")


TIME_ZONE: Final = _time_zone()
