"""Conditional requests (RFC 9110 section 13): the one way every route of a single object,
todos, lists, labels and the profile alike, tags its answers and honours the headers.

The `ETag` of an object is its version, quoted (`"3"`); `tagged` answers with it.

- `If-None-Match` (GET) compares weakly (`W/"3"` matches `"3"`); `*` or a tag naming the current
  version is 304 with the `ETag` and no body (`tagged_unless_current`). Anything else,
  malformed included, gets the full 200: a read is safe.
- `If-Match` (PATCH, DELETE, the todo actions) compares strongly and takes `*` or a list of
  tags. A stale tag is 412. So is a value that names no version of ours (a weak tag, an
  unquoted or non-numeric one): it cannot match, and it is never ignored, which would turn the
  client's guarded write into an unguarded one (a lost update). 412 rather than 400 keeps one
  rule for every route. `*` only asks that the object exist, which every write requires anyway.
- Ownership comes first: someone else's object is 404 whatever the headers say (section
  13.2.1: preconditions count only when the answer would otherwise be 2xx or 412).

The core compares one expected version atomically with the write; `expected_version` turns the
`If-Match` header into that one version.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Final, Protocol, TypeVar

from litestar import Response
from litestar.params import HeaderParameter

from todo_core.errors import PreconditionFailed

__all__ = [
    "IfMatch",
    "IfNoneMatch",
    "Versioned",
    "entity_tag",
    "expected_version",
    "if_match_versions",
    "none_match",
    "not_modified",
    "tagged",
    "tagged_unless_current",
]


class Versioned(Protocol):
    """A view of one object: what its answers are tagged with."""

    @property
    def version(self) -> int: ...


V = TypeVar("V", bound=Versioned)
Q = TypeVar("Q")
T = TypeVar("T")

IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        description='The ETag last seen, e.g. "3" (or `*`): the change is refused (412) if stale.',
    ),
]
IfNoneMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-None-Match", description="The ETag last seen: 304 if it is still current."
    ),
]

_ENTITY_TAG: Final = re.compile(r'(W/)?"([\x21\x23-\x7e]*)"')
# Our tags are decimal versions without leading zeros: `"01"` is another tag than `"1"`.
_VERSION: Final = re.compile(r"[1-9][0-9]{0,17}")


def entity_tag(version: int) -> str:
    return f'"{version}"'


def if_match_versions(header: str | None) -> frozenset[int] | None:
    """None when there is no precondition (no header, or `*`); otherwise the versions the
    header names with strong tags, possibly none: then no version of ours can match."""
    if header is None or header.strip() == "*":
        return None
    return frozenset(
        int(tag) for weak, tag in _ENTITY_TAG.findall(header) if not weak and _is_version(tag)
    )


def none_match(header: str | None, version: int) -> bool:
    """Whether `If-None-Match` lists this version (or is `*`): a GET then answers 304."""
    if header is None:
        return False
    if header.strip() == "*":
        return True
    return any(tag == str(version) for _, tag in _ENTITY_TAG.findall(header))


def not_modified(version: int) -> Response[Any]:
    """The 304 to a GET whose `If-None-Match` matched: no body, the same ETag."""
    return Response(None, status_code=304, headers={"ETag": entity_tag(version)})


def _is_version(tag: str) -> bool:
    return _VERSION.fullmatch(tag) is not None


def tagged(
    resource: Callable[[V], T], view: V, *, status_code: int = 200, location: str | None = None
) -> Response[T]:
    """The answer with one object: `resource(view)` and its `ETag` (and `Location`, if given)."""
    headers = {"ETag": entity_tag(view.version)}
    if location is not None:
        headers["Location"] = location
    return Response(resource(view), status_code=status_code, headers=headers)


def tagged_unless_current(
    resource: Callable[[V], T], view: V, if_none_match: str | None
) -> Response[T] | Response[Any]:
    """The answer to a GET of one object: 304 if `If-None-Match` names its version."""
    if none_match(if_none_match, view.version):
        return not_modified(view.version)
    return tagged(resource, view)


async def expected_version(
    if_match: str | None, read: Callable[[Q], Awaitable[Versioned]], query: Q
) -> int | None:
    """The one version a write may expect under `If-Match`; None when it is unconditional.

    One tag (the usual case) is passed on for the use case to compare inside its transaction.
    For several tags, or none of ours, the current version is read first (`read(query)`: the
    object's GET use case), so a missing or someone else's object is still 404; the write then
    expects it if the header names it, and it is 412 otherwise.
    """
    versions = if_match_versions(if_match)
    if versions is None:
        return None
    if len(versions) == 1:
        return next(iter(versions))
    version = (await read(query)).version
    if version not in versions:
        raise PreconditionFailed(f"If-Match does not name the current version, {version}")
    return version
