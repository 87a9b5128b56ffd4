"""A request's access token is verified once, however many layers ask who the caller is (a
refusal too), and never answered from another token's or another verifier's result."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

import pytest
from litestar import Request

from entrypoints.http.authentication import verified_user
from todo_core.domain.ids import UserId
from todo_core.errors import Unauthorized

ALICE = UserId(UUID("01900000-0000-7000-8000-00000000000a"))


GOOD = "good"


class CountingVerifier:
    def __init__(self) -> None:
        self.calls = 0

    def verify_access_token(self, token: str) -> UserId:
        self.calls += 1
        if token != GOOD:
            raise Unauthorized("invalid access token") from ValueError("bad signature")
        return ALICE


class _Request:
    def __init__(self) -> None:
        self.scope: dict[str, Any] = {}


def _request() -> Request[Any, Any, Any]:
    return cast("Request[Any, Any, Any]", _Request())


def test_the_second_question_in_a_request_does_not_verify_again() -> None:
    verifier = CountingVerifier()
    request = _request()
    assert verified_user(request, "good", verifier) == ALICE
    assert verified_user(request, "good", verifier) == ALICE
    assert verifier.calls == 1


def test_another_request_another_token_or_another_verifier_verifies_afresh() -> None:
    verifier, other = CountingVerifier(), CountingVerifier()
    request = _request()
    verified_user(request, "good", verifier)
    verified_user(_request(), "good", verifier)
    verified_user(request, "good", other)
    with pytest.raises(Unauthorized):
        verified_user(request, "forged", other)
    assert (verifier.calls, other.calls) == (2, 2)


def test_a_refusal_is_remembered_and_raised_afresh_with_its_message_and_cause() -> None:
    verifier = CountingVerifier()
    request = _request()
    raised = []
    for _ in range(2):
        with pytest.raises(Unauthorized, match=r"^invalid access token$") as refusal:
            verified_user(request, "forged", verifier)
        assert isinstance(refusal.value.__cause__, ValueError)
        raised.append(refusal.value)
    assert verifier.calls == 1
    assert raised[0] is not raised[1]


def test_a_refusal_is_not_the_answer_for_another_token() -> None:
    verifier = CountingVerifier()
    request = _request()
    with pytest.raises(Unauthorized):
        verified_user(request, "forged", verifier)
    assert verified_user(request, GOOD, verifier) == ALICE
    assert verifier.calls == 2
