from __future__ import annotations

import pytest

from entrypoints.http.problem_details import to_problem
from todo_core.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    RateLimited,
    StorageUnavailable,
    TodoError,
    TransientConflict,
    Unauthorized,
    ValidationFailed,
)


@pytest.mark.parametrize(
    ("error", "status", "slug"),
    [
        (NotFound("todo 1 not found"), 404, "not-found"),
        (Conflict("taken"), 409, "conflict"),
        (TransientConflict("lost a race"), 409, "conflict"),
        (PreconditionFailed("stale"), 412, "precondition-failed"),
        (ValidationFailed("bad", field="title"), 422, "validation-failed"),
        (Unauthorized("who?"), 401, "unauthorized"),
        (Forbidden("no"), 403, "forbidden"),
        (RateLimited("slow down", retry_after=1.2), 429, "rate-limited"),
        (StorageUnavailable("db down"), 503, "storage-unavailable"),
        (TodoError("unexpected"), 500, "internal-error"),
    ],
)
def test_each_core_error_has_one_status_and_problem_type(
    error: TodoError, status: int, slug: str
) -> None:
    problem = to_problem(error)
    assert problem.status_code == status
    assert problem.type_ == f"urn:todo:problem:{slug}"


def test_subclasses_map_like_their_parent() -> None:
    class TitleTaken(Conflict):
        pass

    assert to_problem(TitleTaken("x")).status_code == 409


def test_a_race_lost_after_every_retry_is_a_plain_409_conflict() -> None:
    # The facade retries TransientConflict; what escapes it reaches clients as any Conflict.
    problem = to_problem(TransientConflict("the transaction lost a race with another"))

    assert problem.status_code == 409
    assert problem.type_ == "urn:todo:problem:conflict"
    assert problem.detail == "the transaction lost a race with another"
    assert problem.headers is None


def test_validation_problems_name_the_field() -> None:
    assert to_problem(ValidationFailed("bad", field="title")).extra == {"field": "title"}


def test_client_errors_explain_themselves_but_server_errors_do_not_leak_details() -> None:
    assert to_problem(NotFound("todo 1 not found")).detail == "todo 1 not found"
    assert to_problem(StorageUnavailable("host db-7 refused")).detail == "Service unavailable"


def test_retry_hints_and_challenges_are_sent() -> None:
    assert to_problem(RateLimited("x", retry_after=1.2)).headers == {"Retry-After": "2"}
    assert to_problem(StorageUnavailable("x")).headers == {"Retry-After": "5"}
    assert to_problem(Unauthorized("x")).headers == {"WWW-Authenticate": "Bearer"}
