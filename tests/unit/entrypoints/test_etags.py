"""Conditional request headers: strong `If-Match`, weak `If-None-Match`, lists and `*`."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from entrypoints.http.etags import (
    entity_tag,
    expected_version,
    if_match_versions,
    none_match,
    not_modified,
    tagged,
    tagged_unless_current,
)
from todo_core.errors import PreconditionFailed


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


@dataclass(frozen=True)
class _View:
    version: int
    name: str = "errands"


async def _no_read(query: str) -> _View:
    raise AssertionError(f"read {query} although one tag names the version")


async def test_one_if_match_tag_is_expected_without_a_read() -> None:
    assert await expected_version('"4"', _no_read, "label") == 4
    assert await expected_version(None, _no_read, "label") is None
    assert await expected_version("*", _no_read, "label") is None


async def test_several_tags_expect_the_current_version_if_they_name_it() -> None:
    reads: list[str] = []

    async def read(query: str) -> _View:
        reads.append(query)
        return _View(version=5)

    assert await expected_version('"4", "5"', read, "label") == 5
    with pytest.raises(PreconditionFailed):
        await expected_version('"3", "4"', read, "label")
    with pytest.raises(PreconditionFailed):
        await expected_version('W/"5"', read, "label")
    assert reads == ["label", "label", "label"]


def test_a_tagged_answer_carries_the_version_and_where_it_lives() -> None:
    answer = tagged(lambda view: view.name, _View(version=3), status_code=201, location="/x/1")
    assert (answer.content, answer.status_code) == ("errands", 201)
    assert answer.headers["ETag"] == '"3"'
    assert answer.headers["Location"] == "/x/1"


def test_a_get_whose_tag_is_current_is_304_and_any_other_the_object() -> None:
    view = _View(version=3)
    assert tagged_unless_current(lambda v: v.name, view, 'W/"3"').status_code == 304
    fresh = tagged_unless_current(lambda v: v.name, view, '"2"')
    assert (fresh.status_code, fresh.content, fresh.headers["ETag"]) == (200, "errands", '"3"')
