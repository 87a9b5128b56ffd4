"""What the OpenAPI document says beyond the handlers' signatures: problem responses, response
headers and links, shared by every route (and by any app built later).

A handler declares its failures with `responses=problem_responses(401, 404, ...)` and its
headers and links with `operation_class=documented(...)`; Litestar writes the rest from the
signature. Litestar would document every invalid request as its own 400 body: these entries
replace it with what `problem_details` actually sends, 400 for a body that is not JSON and 422
for one that does not fit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Final

import msgspec
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import (
    Link,
    OpenAPIHeader,
    OpenAPIResponse,
    Operation,
    Reference,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIType

__all__ = [
    "ETAG",
    "LOCATION",
    "NOT_MODIFIED",
    "PROBLEM_MEDIA_TYPE",
    "FieldError",
    "Problem",
    "documented",
    "link_by_id",
    "problem_responses",
]

PROBLEM_MEDIA_TYPE: Final = "application/problem+json"


class FieldError(msgspec.Struct, kw_only=True):
    """One way the request does not fit the schema."""

    message: str
    # A dotted path into the body (`due.timezone`) or a parameter's name; absent when the
    # whole body is at fault.
    field: str | msgspec.UnsetType = msgspec.UNSET
    # Where a parameter was read from: `query`, `header`, `path`.
    source: str | msgspec.UnsetType = msgspec.UNSET


class Problem(msgspec.Struct, kw_only=True):
    """RFC 9457 problem details: the body of every error answer."""

    type: str
    title: str
    status: int
    detail: str
    # A request that does not fit the schema: what is wrong, item by item.
    errors: list[FieldError] | msgspec.UnsetType = msgspec.UNSET
    # A rule of the model that one field breaks.
    field: str | msgspec.UnsetType = msgspec.UNSET


_PROBLEMS: Final[Mapping[int, str]] = {
    400: "The body is not JSON, or is empty",
    401: "No valid credentials",
    403: "Not allowed",
    404: "No such object, or it is not the caller's",
    409: "Conflicts with the current state (a name taken, the Inbox, a lost race)",
    412: "`If-Match` does not name the current version",
    413: "The body is over 64 KiB",
    422: "Invalid input: the request does not fit the schema, or breaks a rule of the model",
    428: "The request must be conditional (`If-Match`)",
    429: "Too many requests: retry after `Retry-After` seconds",
    503: "The service cannot reach what it needs: retry after `Retry-After` seconds",
}


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """The problem answers an operation can give, for `responses=`."""
    return {
        status: ResponseSpec(
            Problem,
            description=_PROBLEMS[status],
            media_type=PROBLEM_MEDIA_TYPE,
            generate_examples=False,
        )
        for status in statuses
    }


# The 304 of a GET that honours If-None-Match (its ETag is added by `documented`).
NOT_MODIFIED: Final = {
    304: ResponseSpec(None, description="Not modified: the client's copy is current")
}


def _header(description: str, *, required: bool, schema: Schema) -> OpenAPIHeader:
    return OpenAPIHeader(description=description, required=required, schema=schema)


_STRING = Schema(type=OpenAPIType.STRING)
ETAG: Final = _header(
    'The version of the object, quoted: `"3"`. Send it back in `If-Match` or `If-None-Match`.',
    required=True,
    schema=Schema(type=OpenAPIType.STRING, pattern='^"[1-9][0-9]*"$'),
)
LOCATION: Final = _header("The new object's URL path.", required=True, schema=_STRING)
_RETRY_AFTER = _header(
    "Seconds to wait before trying again.",
    required=False,
    schema=Schema(type=OpenAPIType.STRING, pattern="^[0-9]+$"),
)
_WWW_AUTHENTICATE = _header("The scheme to authenticate with.", required=False, schema=_STRING)
# Headers every answer of a status carries, whichever operation gave it.
_HEADERS_BY_STATUS: Final[Mapping[str, Mapping[str, OpenAPIHeader]]] = {
    "304": {"ETag": ETAG},
    "401": {"WWW-Authenticate": _WWW_AUTHENTICATE},
    "429": {"Retry-After": _RETRY_AFTER},
    "503": {"Retry-After": _RETRY_AFTER},
}


@dataclass
class _DocumentedOperation(Operation):
    """Adds to Litestar's responses what `ResponseSpec` cannot say: headers and links."""

    success_headers: ClassVar[Mapping[str, OpenAPIHeader]] = {}
    success_links: ClassVar[Mapping[str, Link]] = {}

    def __post_init__(self) -> None:
        if self.responses is not None:
            _drop_litestar_errors(self.responses)
        for status, response in (self.responses or {}).items():
            if isinstance(response, Reference):  # pragma: no cover - Litestar inlines them
                continue
            headers = dict(_HEADERS_BY_STATUS.get(status, {}))
            if status.startswith("2"):
                headers.update(self.success_headers)
                if self.success_links:
                    response.links = dict(self.success_links)
            if headers:
                response.headers = {**(response.headers or {}), **headers}
            _drop_empty_headers(response)


def _drop_litestar_errors(responses: dict[str, OpenAPIResponse | Reference]) -> None:
    """Litestar documents a `{status_code, detail, extra}` 400 for any operation with
    parameters; our errors are problem details, and only a body that is not JSON is 400.
    Every error answer an operation really gives is listed with `problem_responses`."""
    for status in [s for s, r in responses.items() if _is_litestar_error(s, r)]:
        del responses[status]


def _is_litestar_error(status: str, response: OpenAPIResponse | Reference) -> bool:
    return (
        status.startswith("4")
        and isinstance(response, OpenAPIResponse)
        and PROBLEM_MEDIA_TYPE not in (response.content or {})
    )


def _drop_empty_headers(response: OpenAPIResponse) -> None:
    if not response.headers:
        response.headers = None


def documented(
    *,
    headers: Mapping[str, OpenAPIHeader] | None = None,
    links: Mapping[str, Link] | None = None,
) -> type[Operation]:
    """An `operation_class` documenting the success answer's headers and its links (how its
    fields feed other operations), besides the headers of 304, 401, 429 and 503."""
    attributes: dict[str, Any] = {
        "success_headers": dict(headers or {}),
        "success_links": dict(links or {}),
    }
    return type("DocumentedOperation", (_DocumentedOperation,), attributes)


def link_by_id(operation_id: str, parameter: str, description: str) -> Link:
    """A link passing the answer's `id` as `parameter` of `operation_id`."""
    return Link(
        operation_id=operation_id,
        parameters={parameter: "$response.body#/id"},
        description=description,
    )
