"""Core errors -> RFC 9457 problem details: the single mapping for every HTTP app."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from litestar.exceptions import HTTPException
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

__all__ = ["problem_details_plugin", "to_problem"]

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
    if isinstance(error, ValidationFailed) and error.field is not None:
        extra["field"] = error.field
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
    """Litestar's own answers (malformed body, unknown route, wrong method) in the same shape."""
    status = HTTPStatus(error.status_code)
    extra: dict[str, Any] | None = None
    if isinstance(error.extra, list) and error.extra:
        # Litestar lists what was wrong with the request, e.g. an unknown body field.
        extra = {"errors": error.extra}
    elif isinstance(error.extra, dict) and error.extra:
        extra = dict(error.extra)
    slug = status.phrase.lower().replace(" ", "-").replace("'", "")
    return ProblemDetailsException(
        status_code=status.value,
        type_=f"urn:todo:problem:{slug}",
        title=status.phrase,
        detail=error.detail,
        headers=error.headers,
        extra=extra,
    )


def problem_details_plugin() -> ProblemDetailsPlugin:
    mapping: dict[type[Exception], Callable[[Any], ProblemDetailsException]] = {
        TodoError: to_problem,
        HTTPException: http_exception_to_problem,
    }
    return ProblemDetailsPlugin(ProblemDetailsConfig(exception_to_problem_detail_map=mapping))
