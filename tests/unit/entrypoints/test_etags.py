"""Conditional request headers: strong `If-Match`, weak `If-None-Match`, lists and `*`."""

from __future__ import annotations

import pytest

from entrypoints.http.etags import entity_tag, if_match_versions, none_match, not_modified


def test_the_entity_tag_is_the_quoted_version() -> None:
    assert entity_tag(7) == '"7"'


@pytest.mark.parametrize(
    ("header", "versions"),
    [
        (None, None),
        ("*", None),
        (" * ", None),
        ('"3"', frozenset({3})),
        ('"3", "5"', frozenset({3, 5})),
        ('"3","5"', frozenset({3, 5})),
        # Weak tags never match strongly; tags we never issue match nothing.
        ('W/"3"', frozenset()),
        ('W/"3", "4"', frozenset({4})),
        ('"01"', frozenset()),
        ('"0"', frozenset()),
        ('"abc"', frozenset()),
        ("3", frozenset()),
        ("", frozenset()),
        ('"' + "9" * 30 + '"', frozenset()),
    ],
)
def test_if_match_names_the_versions_it_accepts(
    header: str | None, versions: frozenset[int] | None
) -> None:
    assert if_match_versions(header) == versions


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        (None, False),
        ("*", True),
        ('"3"', True),
        ('W/"3"', True),
        ('"2", "3"', True),
        ('"2"', False),
        ('"03"', False),
        ("3", False),
    ],
)
def test_if_none_match_compares_weakly(header: str | None, matches: bool) -> None:
    assert none_match(header, 3) is matches


def test_not_modified_has_no_body_but_the_entity_tag() -> None:
    response = not_modified(4)
    assert response.status_code == 304
    assert response.content is None
    assert response.headers["ETag"] == '"4"'
