"""Core errors -> RFC 9457 problem details: the single mapping for every HTTP app."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

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


def problem_details_plugin() -> ProblemDetailsPlugin:
    mapping: dict[type[Exception], Callable[[Any], ProblemDetailsException]] = {
        TodoError: to_problem
    }
    return ProblemDetailsPlugin(
        ProblemDetailsConfig(
            # Litestar's own 400/404/405 answers get the same media type as ours.
            enable_for_all_http_exceptions=True,
            exception_to_problem_detail_map=mapping,
        )
    )
