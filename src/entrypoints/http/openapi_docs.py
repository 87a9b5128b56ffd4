"""What the OpenAPI document says beyond the handlers' signatures: problem responses, response
headers and links, shared by every route (and by any app built later).

A route is declared through its controller's `Routes` (`@ROUTES.patch(path, operation_id,
summary, 409, one=True)`), which knows the problems every route of the controller may answer
(`ROUTES.problems`, e.g. 429 and 503 for the API) and the links of the object its routes answer
with. What a route's signature already says is documented from the signature, by the
`documented` operation class: a path parameter may be 404, a query parameter 422, a body 400,
413, 415 and 422, `If-Match` 412, `If-None-Match` 304, a bearer requirement 401. So a route
names only the problems its signature cannot show (a 409 for a taken name, say).
`idempotent` adds what `entrypoints.http.idempotency` does to an API POST: the
`Idempotency-Key` parameter, its answers and the `Idempotent-Replayed` header. An operation that
documents 429 is rate-limited, so its answers may carry `RateLimit-*` headers.

Litestar would document every invalid request as its own 400 body: these entries replace it
with what `problem_details` actually sends, 400 for a body that is not JSON and 422 for one that
does not fit. Every operation documents 400 for a query parameter it does not take.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Annotated, Any, ClassVar, Final

import msgspec
from litestar.enums import ParamType
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import (
    Link,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    Parameter,
    Reference,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIType

from entrypoints.http.idempotency import REPLAYED_HEADER
from entrypoints.http.idempotency_request import IDEMPOTENCY_KEY_HEADER

__all__ = [
    "CACHE_CONTROL",
    "ETAG",
    "IDEMPOTENCY_KEY",
    "IDEMPOTENCY_KEY_PATTERN",
    "IDEMPOTENCY_PROBLEMS",
    "LOCATION",
    "PROBLEM_MEDIA_TYPE",
    "FieldError",
    "Problem",
    "constant_header",
    "documented",
    "link_by_id",
    "link_with_body",
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
    rule: (
        Annotated[
            str,
            msgspec.Meta(
                description=(
                    "Which of several rules on `field` the value breaks, where a client may tell "
                    "its user what to change: `password-length`, `password-blank`, "
                    "`password-is-email`, `password-common`."
                )
            ),
        ]
        | msgspec.UnsetType
    ) = msgspec.UNSET


_PROBLEMS: Final[Mapping[int, str]] = {
    400: "The body is not JSON (malformed, not UTF-8, nested deeper than 64 levels), or is empty",
    401: "No valid credentials",
    403: "Not allowed",
    404: "No such object, or it is not the caller's",
    409: "Conflicts with the current state (a name taken, the Inbox, a lost race)",
    412: "`If-Match` does not name the current version",
    413: "The body is over 64 KiB",
    415: "The body is not `application/json` (or has no `Content-Type`)",
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


# A listing's 422, besides what `problem_responses(422)` says.
_FOREIGN_CURSOR: Final = "`cursor` is not a `next_cursor` this server gave (cursors are signed)"
# Any operation's 400, besides what its own `problem_responses(400)` says.
_UNKNOWN_QUERY_PARAMETER: Final = "the query string names a parameter the operation does not take"
_PROBLEM_SCHEMA: Final = Reference(ref="#/components/schemas/Problem")


# The 304 of a GET that honours If-None-Match (its ETag is added by `documented`).
_NOT_MODIFIED: Final = "Not modified: the client's copy is current"


def _problem_response(status: int) -> OpenAPIResponse:
    """What `problem_responses(status)` documents, for a status a signature implies."""
    return OpenAPIResponse(
        description=_PROBLEMS[status],
        content={PROBLEM_MEDIA_TYPE: OpenAPIMediaType(schema=_PROBLEM_SCHEMA)},
    )


def _header(description: str, *, required: bool, schema: Schema) -> OpenAPIHeader:
    return OpenAPIHeader(description=description, required=required, schema=schema)


def constant_header(description: str, value: str) -> OpenAPIHeader:
    """A header every success answer carries with the same value."""
    return _header(description, required=True, schema=Schema(type=OpenAPIType.STRING, const=value))


_STRING = Schema(type=OpenAPIType.STRING)
_COUNT = Schema(type=OpenAPIType.STRING, pattern="^[0-9]+$")
ETAG: Final = _header(
    'The version of the object, quoted: `"3"`. Send it back in `If-Match` or `If-None-Match`.',
    required=True,
    schema=Schema(type=OpenAPIType.STRING, pattern='^"[1-9][0-9]*"$'),
)
LOCATION: Final = _header("The new object's URL path.", required=True, schema=_STRING)
CACHE_CONTROL: Final = _header("How long the answer may be kept.", required=True, schema=_STRING)
_RETRY_AFTER = _header("Seconds to wait before trying again.", required=False, schema=_COUNT)
_WWW_AUTHENTICATE = _header("The scheme to authenticate with.", required=False, schema=_STRING)
# Litestar's RateLimitMiddleware (draft-ietf-httpapi-ratelimit-headers) on every answer of a
# rate-limited operation, when limits are configured (ADR 0009).
_RATE_LIMIT: Final = {
    "RateLimit-Policy": _header(
        "The limit and its window: `10; w=60`.",
        required=False,
        schema=Schema(type=OpenAPIType.STRING, pattern="^[0-9]+; w=[0-9]+$"),
    ),
    "RateLimit-Limit": _header("Requests allowed per window.", required=False, schema=_COUNT),
    "RateLimit-Remaining": _header("Requests left in this window.", required=False, schema=_COUNT),
    "RateLimit-Reset": _header("Seconds until the window resets.", required=False, schema=_COUNT),
}
# Headers every answer of a status carries, whichever operation gave it.
_HEADERS_BY_STATUS: Final[Mapping[str, Mapping[str, OpenAPIHeader]]] = {
    "304": {"ETag": ETAG},
    "401": {"WWW-Authenticate": _WWW_AUTHENTICATE},
    # Every 429 says when to come back (rate_limits.py); the readiness probe's 503 does not.
    "429": {
        "Retry-After": _header(_RETRY_AFTER.description or "", required=True, schema=_COUNT),
        **_RATE_LIMIT,
    },
    "503": {"Retry-After": _RETRY_AFTER},
}

# What `entrypoints.http.idempotency` reads and answers. The key: 1 to 255 printable ASCII
# characters, bare (no comma, no surrounding space, not starting with `"`) or as an RFC 8941
# sf-string (`"..."`, with `\"` and `\\` escaped); spaces and tabs around it are ignored.
_BARE_KEY = r"[\x21\x23-\x2b\x2d-\x7e](?:[\x20-\x2b\x2d-\x7e]{0,253}[\x21-\x2b\x2d-\x7e])?"
_QUOTED_KEY = r'"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\]){1,255}"'
IDEMPOTENCY_KEY_PATTERN: Final = rf"^[ \t]*(?:{_BARE_KEY}|{_QUOTED_KEY})[ \t]*$"
IDEMPOTENCY_KEY: Final = Parameter(
    name=IDEMPOTENCY_KEY_HEADER,
    param_in=ParamType.HEADER,
    required=False,
    description=(
        "A fresh random key (a UUID, say) per request, the same on its retries: within 24 hours "
        "the same request with the same key gets the first answer again, with "
        "`Idempotent-Replayed: true`, and has no second effect."
    ),
    schema=Schema(type=OpenAPIType.STRING, pattern=IDEMPOTENCY_KEY_PATTERN),
)
_REPLAYED = _header(
    "`true`: this is the stored answer of an earlier request with the same Idempotency-Key.",
    required=False,
    schema=Schema(type=OpenAPIType.STRING, const="true"),
)
# The answers the middleware itself gives, by status: why each may come.
_IDEMPOTENCY_PROBLEMS: Final[Mapping[str, str]] = {
    "400": "the Idempotency-Key is malformed",
    "409": "a request with this Idempotency-Key is still being served (retry after `Retry-After`)",
    "422": "this Idempotency-Key was used for another request",
}
# What an idempotent POST may answer besides its own: the above, and 413 for a body over the
# limit (the middleware reads the body of every POST with a key, even one the route ignores).
IDEMPOTENCY_PROBLEMS: Final = (400, 409, 413, 422)
# Answers that are never stored, so never replayed: the caller is unknown, the body was not
# read, or the request was not let in.
_NEVER_REPLAYED: Final = frozenset({"401", "413", "429"})


@dataclass
class _DocumentedOperation(Operation):
    """Adds to Litestar's responses what `ResponseSpec` cannot say: headers and links."""

    success_headers: ClassVar[Mapping[str, OpenAPIHeader]] = {}
    success_links: ClassVar[Mapping[str, Link]] = {}
    idempotent: ClassVar[bool] = False

    def __post_init__(self) -> None:
        if self.responses is not None:
            _drop_litestar_errors(self.responses)
        responses = self.responses = self.responses or {}
        self._document_signature(responses)
        _document_unknown_query_parameters(responses)
        self._document_signed_cursor(responses)
        rate_limited = "429" in responses
        if self.request_body is not None:
            self._document_unsupported_media_type(responses)
        if self.idempotent:
            self._document_idempotency_key(responses)
        for status, response in responses.items():
            if isinstance(response, Reference):  # pragma: no cover - Litestar inlines them
                continue
            headers = dict(_HEADERS_BY_STATUS.get(status, {}))
            if status.startswith("2"):
                headers.update(self.success_headers)
                if rate_limited:
                    headers.update(_RATE_LIMIT)
                if self.success_links:
                    response.links = dict(self.success_links)
            if self.idempotent and int(status) < 500 and status not in _NEVER_REPLAYED:
                headers[REPLAYED_HEADER] = _REPLAYED
            if self.idempotent and status == "409":
                headers["Retry-After"] = _RETRY_AFTER
            if headers:
                response.headers = {**(response.headers or {}), **headers}
            _drop_empty_headers(response)

    def _document_signature(self, responses: dict[str, OpenAPIResponse | Reference]) -> None:
        """The answers the operation's own signature implies, unless the route listed them."""
        parameters = [p for p in self.parameters or [] if isinstance(p, Parameter)]
        sources = {parameter.param_in for parameter in parameters}
        headers = {p.name.lower() for p in parameters if p.param_in is ParamType.HEADER}
        has_body = self.request_body is not None
        implied = {
            401: bool(self.security),
            404: ParamType.PATH in sources,
            400: has_body,
            413: has_body,
            422: has_body or ParamType.QUERY in sources,
            412: "if-match" in headers,
        }
        statuses = [status for status, applies in implied.items() if applies]
        if self.idempotent:
            statuses.extend(IDEMPOTENCY_PROBLEMS)
        for status in statuses:
            responses.setdefault(str(status), _problem_response(status))
        if "if-none-match" in headers:
            responses.setdefault("304", OpenAPIResponse(description=_NOT_MODIFIED))

    def _document_unsupported_media_type(
        self, responses: dict[str, OpenAPIResponse | Reference]
    ) -> None:
        """Every JSON body is refused with 415 when it is not JSON (`json_body`): said here once,
        in the shape of the operation's 400."""
        bad_request = responses.get("400")
        if not isinstance(bad_request, OpenAPIResponse):
            msg = f"{self.operation_id}: an operation with a body must document 400"
            raise TypeError(msg)
        responses["415"] = replace(bad_request, description=_PROBLEMS[415])

    def _document_signed_cursor(self, responses: dict[str, OpenAPIResponse | Reference]) -> None:
        """A page's `cursor` is signed (`todo_core.use_cases.signed_cursor`): no schema can tell
        a cursor the server issued from any other string of its shape."""
        takes_cursor = any(
            isinstance(parameter, Parameter)
            and parameter.name == "cursor"
            and parameter.param_in == ParamType.QUERY
            for parameter in self.parameters or ()
        )
        response = responses.get("422")
        if takes_cursor and isinstance(response, OpenAPIResponse):
            response.description = f"{response.description}; or {_FOREIGN_CURSOR}"

    def _document_idempotency_key(self, responses: dict[str, OpenAPIResponse | Reference]) -> None:
        self.parameters = [*(self.parameters or []), IDEMPOTENCY_KEY]
        for status, why in _IDEMPOTENCY_PROBLEMS.items():
            response = responses.get(status)
            if not isinstance(response, OpenAPIResponse):
                # A mistake in a handler's declaration: fail when the document is built.
                msg = f"{self.operation_id}: an idempotent POST must document {status}"
                raise TypeError(msg)
            response.description = f"{response.description}; or {why}"


def _document_unknown_query_parameters(responses: dict[str, OpenAPIResponse | Reference]) -> None:
    """Every operation refuses a query parameter it does not take
    (`entrypoints.http.query_parameters`)."""
    response = responses.get("400")
    if isinstance(response, OpenAPIResponse):
        response.description = f"{response.description}; or {_UNKNOWN_QUERY_PARAMETER}"
        return
    responses["400"] = OpenAPIResponse(
        description=f"The {_UNKNOWN_QUERY_PARAMETER.removeprefix('the ')}",
        content={PROBLEM_MEDIA_TYPE: OpenAPIMediaType(schema=_PROBLEM_SCHEMA)},
    )


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
    idempotent: bool = False,
) -> type[Operation]:
    """An `operation_class` documenting the success answer's headers and its links (how its
    fields feed other operations), the answers the signature implies, and the headers of 304,
    401, 429 and 503; with `idempotent`, the `Idempotency-Key` of an API POST and its answers."""
    attributes: dict[str, Any] = {
        "success_headers": dict(headers or {}),
        "success_links": dict(links or {}),
        "idempotent": idempotent,
    }
    return type("DocumentedOperation", (_DocumentedOperation,), attributes)


def link_by_id(operation_id: str, parameter: str, description: str) -> Link:
    """A link passing the answer's `id` as `parameter` of `operation_id`."""
    return Link(
        operation_id=operation_id,
        parameters={parameter: "$response.body#/id"},
        description=description,
    )


def link_with_body(operation_id: str, body: Mapping[str, str], description: str) -> Link:
    """A link building the request body of `operation_id` from this exchange: each value is a
    runtime expression (`$response.body#/refresh_token`, `$request.body#/email`)."""
    return Link(operation_id=operation_id, request_body=dict(body), description=description)
