"""Errors -> RFC 9457 problem details: the single mapping for every HTTP app.

Three sources, one shape (`application/problem+json`, never a stack trace):

- core errors (`TodoError`), each class with its status;
- Litestar's own: a body or parameter that does not fit its declared type (unknown, missing or
  mistyped fields, `limit` out of range) is 422 with the list of `errors` (a parameter with a
  closed set of values names them), while a body that is not JSON at all (or is empty) is 400
  (see `json_body`); other HTTP errors (404, 405, 413, 415) keep their status;
- anything else is a bug: a bare 500, its details left to the logs.
"""

from __future__ import annotations

import logging
import math
import re
import types
from collections.abc import Callable, Mapping
from enum import Enum
from http import HTTPStatus
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.plugins.problem_details import (
    ProblemDetailsConfig,
    ProblemDetailsException,
    ProblemDetailsPlugin,
)

from todo_core.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    RateLimited,
    StorageUnavailable,
    TodoError,
    Unauthorized,
    ValidationFailed,
)

__all__ = [
    "http_exception_to_problem",
    "problem_details_plugin",
    "to_problem",
    "unexpected_error_to_problem",
]

# (status, slug, title) per error; the most specific class in an error's MRO wins.
_PROBLEMS: Mapping[type[TodoError], tuple[int, str, str]] = {
    NotFound: (404, "not-found", "Not found"),
    Conflict: (409, "conflict", "Conflict"),
    PreconditionFailed: (412, "precondition-failed", "Version mismatch"),
    ValidationFailed: (422, "validation-failed", "Invalid input"),
    Unauthorized: (401, "unauthorized", "Authentication required"),
    Forbidden: (403, "forbidden", "Forbidden"),
    RateLimited: (429, "rate-limited", "Too many requests"),
    StorageUnavailable: (503, "storage-unavailable", "Service unavailable"),
}
_UNKNOWN = (500, "internal-error", "Internal error")
_LOG = logging.getLogger(__name__)
_STORAGE_RETRY_AFTER_SECONDS = 5


def to_problem(error: TodoError) -> ProblemDetailsException:
    status, slug, title = next(
        (_PROBLEMS[kind] for kind in type(error).__mro__ if kind in _PROBLEMS), _UNKNOWN
    )
    headers: dict[str, str] = {}
    extra: dict[str, Any] = {}
    if isinstance(error, Unauthorized):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(max(1, math.ceil(error.retry_after)))
    if isinstance(error, StorageUnavailable):
        headers["Retry-After"] = str(_STORAGE_RETRY_AFTER_SECONDS)
    if isinstance(error, ValidationFailed):
        if error.field is not None:
            extra["field"] = error.field
        if error.rule is not None:
            extra["rule"] = error.rule
    # Storage details stay in the logs: they describe our infrastructure, not the request.
    detail = title if status >= 500 else str(error)
    return ProblemDetailsException(
        status_code=status,
        type_=f"urn:todo:problem:{slug}",
        title=title,
        detail=detail,
        headers=headers or None,
        extra=extra or None,
    )


def http_exception_to_problem(error: HTTPException) -> ProblemDetailsException:
    """Litestar's own answers (invalid input, unknown route, wrong method) in the same shape."""
    if isinstance(error, ValidationException):
        return _validation_problem(error)
    status = HTTPStatus(error.status_code)
    extra: dict[str, Any] | None = None
    if isinstance(error.extra, list) and error.extra:
        extra = {"errors": error.extra}
    elif isinstance(error.extra, dict) and error.extra:
        extra = dict(error.extra)
    return _http_problem(status, error.detail, headers=error.headers, extra=extra)


def unexpected_error_to_problem(error: Exception) -> ProblemDetailsException:
    """A bug: the client learns nothing of it but that it happened; the log has the rest
    (Litestar itself logs unhandled errors only in debug mode)."""
    _LOG.error("unhandled error while serving a request", exc_info=error)
    status, slug, title = _UNKNOWN
    return ProblemDetailsException(
        status_code=status, type_=f"urn:todo:problem:{slug}", title=title, detail=title
    )


# Litestar reports a request without a body as the `data` argument missing, in these words.
_MISSING_BODY_MESSAGE = "'data'"
_BODY_ARGUMENT = "data"
# msgspec names an unknown or missing field in its message, and its object in the key.
# msgspec's words for a value outside a closed set, which name the value but not the set.
_NOT_ALLOWED = "Invalid enum value"
_NAMED_FIELD = re.compile(r"(?:unknown|missing required) field `(?P<name>[^`]*)`")


def _validation_problem(error: ValidationException) -> ProblemDetailsException:
    raw = error.extra if isinstance(error.extra, list) else []
    messages = [item for item in raw if isinstance(item, dict)]
    if any(
        m.get("key") == _BODY_ARGUMENT and m.get("message") == _MISSING_BODY_MESSAGE
        for m in messages
    ):
        # No body at all is no JSON at all: the client's request is malformed, not invalid.
        return _http_problem(HTTPStatus.BAD_REQUEST, "The request needs a JSON body")
    errors = [_field_error(message) for message in messages]
    if not errors:
        # Litestar's own words (e.g. a missing required parameter) are the only description.
        errors = [{"message": error.detail}]
    return _ValidationProblem(
        status_code=422,
        type_="urn:todo:problem:validation-failed",
        title="Invalid input",
        # Not Litestar's detail, which repeats the URL, query string included.
        detail="The request does not match the API's schema: see errors",
        extra={"errors": errors},
    )


def _field_error(message: dict[str, Any]) -> dict[str, str]:
    """`{field?, source?, message}`; `field` is a dotted path into the body or a parameter's
    name, absent when the whole body is at fault."""
    text = str(message.get("message", "invalid value"))
    key = message.get("key")
    field = None if key in (None, _BODY_ARGUMENT) else str(key)
    if named := _NAMED_FIELD.search(text):
        field = named["name"] if field is None else f"{field}.{named['name']}"
    item = {"message": text}
    if field is not None:
        item["field"] = field
    if (source := message.get("source")) is not None:
        # Litestar's ParamType is a str Enum: its value is the OpenAPI location ("query").
        item["source"] = str(source.value if isinstance(source, Enum) else source)
    return item


def _http_problem(
    status: HTTPStatus,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> ProblemDetailsException:
    slug = status.phrase.lower().replace(" ", "-").replace("'", "")
    return ProblemDetailsException(
        status_code=status.value,
        type_=f"urn:todo:problem:{slug}",
        title=status.phrase,
        detail=detail,
        headers=headers,
        extra=extra,
    )


class _ValidationProblem(ProblemDetailsException):
    """A 422 listing `errors`; a query parameter's value outside its closed set gets the set
    named, which only the route (known when answering, not when mapping) can tell."""

    def to_response(self, request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
        errors = self.extra.get("errors") if isinstance(self.extra, dict) else None
        for error in errors or ():
            if error.get("source") == "query" and error["message"].startswith(_NOT_ALLOWED):
                parameters = request.route_handler.parsed_fn_signature.parameters
                parameter = parameters.get(error.get("field", ""))
                if allowed := _allowed_values(None if parameter is None else parameter.raw):
                    error["message"] += f": expected one of {', '.join(allowed)}"
        return super().to_response(request)


def _allowed_values(annotation: Any) -> list[str]:
    """The values of a `Literal` or `Enum` type, through `Annotated` and `| None`."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _allowed_values(get_args(annotation)[0])
    if origin is Literal:
        return [str(value) for value in get_args(annotation)]
    if origin in (Union, types.UnionType):
        return [value for member in get_args(annotation) for value in _allowed_values(member)]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [str(member.value) for member in annotation]
    return []


def problem_details_plugin() -> ProblemDetailsPlugin:
    mapping: dict[type[Exception], Callable[[Any], ProblemDetailsException]] = {
        TodoError: to_problem,
        HTTPException: http_exception_to_problem,
        # The most specific handler wins, so this catches only what nothing else maps.
        Exception: unexpected_error_to_problem,
    }
    return ProblemDetailsPlugin(ProblemDetailsConfig(exception_to_problem_detail_map=mapping))
