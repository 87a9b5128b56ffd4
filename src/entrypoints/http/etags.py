"""Entity tags from versions, and the conditional request headers (RFC 9110 section 13).

A todo's ETag is its version, quoted: `"7"`. `If-Match` compares strongly (a weak tag never
matches) and `If-None-Match` weakly (`W/"7"` matches `"7"`); both accept `*` and lists.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Final

from litestar import Response
from litestar.params import HeaderParameter

from todo_core.errors import PreconditionFailed

__all__ = [
    "IfMatch",
    "IfNoneMatch",
    "entity_tag",
    "expected_version",
    "if_match_versions",
    "none_match",
    "not_modified",
]

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


async def expected_version(
    if_match: str | None, current_version: Callable[[], Awaitable[int]]
) -> int | None:
    """The one version a write may expect under `If-Match`; None when it is unconditional.

    One tag (the usual case) is passed on for the use case to compare inside its transaction.
    For several tags, or none of ours, the current version is read first, so a missing or
    someone else's object is still 404; the write then expects it if the header names it, and
    it is 412 otherwise.
    """
    versions = if_match_versions(if_match)
    if versions is None:
        return None
    if len(versions) == 1:
        return next(iter(versions))
    version = await current_version()
    if version not in versions:
        raise PreconditionFailed(f"If-Match does not name the current version, {version}")
    return version
