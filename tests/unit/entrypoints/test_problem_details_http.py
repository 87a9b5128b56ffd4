"""Litestar's own errors and unexpected ones, as problem details."""

from __future__ import annotations

import logging

import pytest
from litestar.enums import ParamType
from litestar.exceptions import (
    ClientException,
    InternalServerException,
    MethodNotAllowedException,
    NotFoundException,
    ValidationException,
)
from litestar.exceptions.http_exceptions import RequestEntityTooLarge

from entrypoints.http.problem_details import (
    http_exception_to_problem,
    unexpected_error_to_problem,
)


def test_body_and_parameter_validation_failures_are_422_listing_each_field() -> None:
    problem = http_exception_to_problem(
        ValidationException(
            "Validation failed for POST /api/v1/todos?secret=1",
            extra=[
                {"message": "Expected `str`, got `int`", "key": "title", "source": "body"},
                {"message": "Expected `int` <= 200", "key": "limit", "source": ParamType.QUERY},
            ],
        )
    )
    assert problem.status_code == 422
    assert problem.type_ == "urn:todo:problem:validation-failed"
    assert "secret" not in problem.detail
    assert problem.extra == {
        "errors": [
            {"message": "Expected `str`, got `int`", "field": "title", "source": "body"},
            {"message": "Expected `int` <= 200", "field": "limit", "source": "query"},
        ]
    }


@pytest.mark.parametrize(
    ("key", "field"),
    [("data", "extra"), ("due", "due.extra"), ("reminders[0]", "reminders[0].extra")],
)
def test_an_unknown_field_is_named_with_its_path(key: str, field: str) -> None:
    problem = http_exception_to_problem(
        ValidationException(
            extra=[
                {"message": "Object contains unknown field `extra`", "key": key, "source": "body"}
            ]
        )
    )
    assert problem.status_code == 422
    assert isinstance(problem.extra, dict)
    assert problem.extra["errors"][0]["field"] == field


def test_a_whole_body_of_the_wrong_type_names_no_field() -> None:
    problem = http_exception_to_problem(
        ValidationException(
            extra=[{"message": "Expected `object`, got `str`", "key": "data", "source": "body"}]
        )
    )
    assert problem.extra == {
        "errors": [{"message": "Expected `object`, got `str`", "source": "body"}]
    }


def test_a_validation_failure_without_details_keeps_litestars_words() -> None:
    problem = http_exception_to_problem(ValidationException("Missing required header 'x'"))
    assert problem.status_code == 422
    assert problem.extra == {"errors": [{"message": "Missing required header 'x'"}]}


def test_a_missing_body_is_a_400_not_a_validation_failure() -> None:
    problem = http_exception_to_problem(
        ValidationException(extra=[{"message": "'data'", "key": "data", "source": "body"}])
    )
    assert problem.status_code == 400
    assert problem.type_ == "urn:todo:problem:bad-request"


@pytest.mark.parametrize(
    ("error", "status", "slug"),
    [
        (ClientException("JSON is malformed: invalid character"), 400, "bad-request"),
        (NotFoundException(), 404, "not-found"),
        (MethodNotAllowedException(), 405, "method-not-allowed"),
        (RequestEntityTooLarge(), 413, "request-entity-too-large"),
        (InternalServerException(), 500, "internal-server-error"),
    ],
)
def test_other_http_errors_keep_their_status(
    error: ClientException, status: int, slug: str
) -> None:
    problem = http_exception_to_problem(error)
    assert problem.status_code == status
    assert problem.type_ == f"urn:todo:problem:{slug}"


def test_an_unexpected_error_is_a_bare_500_and_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="entrypoints.http.problem_details"):
        problem = unexpected_error_to_problem(KeyError("secret-table-name"))
    assert problem.status_code == 500
    assert problem.type_ == "urn:todo:problem:internal-error"
    assert "secret" not in problem.detail
    assert problem.extra is None
    assert caplog.records[0].exc_info is not None
