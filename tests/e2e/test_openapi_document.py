"""The committed OpenAPI document: the one `todo serve` serves (Auth and API), written by
`todo openapi`, and documenting what every operation is and answers; `todo auth` and `todo api`
serve their own share of it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from entrypoints.cli import main
from entrypoints.container import build_container
from entrypoints.http import create_api_app, create_app, create_auth_app
from entrypoints.http.export_openapi import EXPORT_PATH, openapi_document, render_openapi
from entrypoints.http.idempotency_request import parse_idempotency_key
from entrypoints.http.openapi_docs import PROBLEM_MEDIA_TYPE as PROBLEM_JSON
from tests.e2e.todo_api_support import e2e_settings
from tests.support.http_client import http_client
from todo_core.errors import ValidationFailed

ROOT = Path(__file__).resolve().parents[2]
UPDATE = f"run `todo openapi --output {EXPORT_PATH}` and commit the result"


# The document needs no database: nothing connects until a request needs it.
_UNUSED_DATABASE = "sqlite+aiosqlite:///:memory:"


async def test_the_committed_document_is_the_one_todo_serve_serves() -> None:
    app = create_app(build_container(e2e_settings(_UNUSED_DATABASE)))
    async with http_client(app) as client:
        response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    served = render_openapi(response.json())
    committed = (ROOT / EXPORT_PATH).read_text(encoding="utf-8")
    assert committed == served, f"{EXPORT_PATH} differs from the served schema: {UPDATE}"


@pytest.mark.parametrize(
    ("factory", "prefixes"),
    [
        (create_auth_app, ("/auth/", "/.well-known/", "/health/")),
        (create_api_app, ("/api/", "/health/")),
    ],
)
def test_each_service_serves_its_share_of_the_document(
    factory: Any, prefixes: tuple[str, ...]
) -> None:
    committed = json.loads((ROOT / EXPORT_PATH).read_text(encoding="utf-8"))
    document = openapi_document(factory(build_container(e2e_settings(_UNUSED_DATABASE))))
    share = {path: item for path, item in committed["paths"].items() if path.startswith(prefixes)}
    assert document["paths"] == share
    schemas = document["components"]["schemas"]
    assert schemas == {name: committed["components"]["schemas"][name] for name in schemas}
    assert document["components"]["securitySchemes"] == committed["components"]["securitySchemes"]


def test_the_openapi_command_writes_the_committed_document(tmp_path: Path) -> None:
    output = tmp_path / "openapi.json"
    assert main(["openapi", "--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == (ROOT / EXPORT_PATH).read_text(encoding="utf-8")


def test_the_openapi_command_prints_the_document_without_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["openapi"]) == 0
    assert capsys.readouterr().out == (ROOT / EXPORT_PATH).read_text(encoding="utf-8")


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    document = json.loads((ROOT / EXPORT_PATH).read_text(encoding="utf-8"))
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_every_operation_has_a_stable_id_a_summary_and_tags() -> None:
    ids = [operation["operationId"] for _, _, operation in _operations()]
    assert len(ids) == len(set(ids))
    for method, path, operation in _operations():
        assert re.fullmatch(r"[a-z]+[A-Za-z]*", operation["operationId"]), (method, path)
        assert operation.get("summary"), (method, path)
        assert operation.get("tags"), (method, path)


def test_every_error_answer_is_a_problem_document() -> None:
    for method, path, operation in _operations():
        for status, response in operation["responses"].items():
            if int(status) < 400 or path.startswith("/health"):
                continue
            schema = response["content"][PROBLEM_JSON]["schema"]
            assert schema == {"$ref": "#/components/schemas/Problem"}, (method, path, status)


# The one API operation without a login: a signed token in its query is the authority, it
# answers 204 without a body, and a mail provider's one-click post sends no Idempotency-Key.
_TOKEN_AUTHORISED = {"unsubscribe"}


def test_every_operation_with_a_body_documents_400_and_415() -> None:
    with_body = [(m, p, o) for m, p, o in _operations() if "requestBody" in o]
    assert len(with_body) >= 9
    for method, path, operation in with_body:
        assert set(operation["requestBody"]["content"]) == {"application/json"}, (method, path)
        assert {"400", "415"} <= set(operation["responses"]), (method, path)


def test_operations_of_a_user_need_a_bearer_token_and_say_so() -> None:
    for method, path, operation in _operations():
        if operation["operationId"] in _TOKEN_AUTHORISED:
            assert "security" not in operation, (method, path)
            assert "401" not in operation["responses"], (method, path)
        elif path.startswith("/api/") or path == "/auth/me":
            assert operation["security"] == [{"bearerAuth": []}], (method, path)
            assert {"401", "503"} <= set(operation["responses"]), (method, path)
            assert "WWW-Authenticate" in operation["responses"]["401"]["headers"], (method, path)
        else:
            assert "security" not in operation, (method, path)


# Rate-limited (ADR 0009): every API operation, and the credential routes.
_RATE_LIMITED = {"register", "logIn", "refreshSession", "logOut"}


def test_rate_limited_operations_document_429_and_their_headers() -> None:
    for method, path, operation in _operations():
        responses = operation["responses"]
        if not (path.startswith("/api/") or operation["operationId"] in _RATE_LIMITED):
            assert "429" not in responses, (method, path)
            continue
        headers = responses["429"]["headers"]
        assert headers["Retry-After"]["required"] is True, (method, path)
        assert {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(headers)
        success = next(code for code in responses if code.startswith("2"))
        assert "RateLimit-Remaining" in responses[success]["headers"], (method, path)


def test_api_posts_take_an_idempotency_key_and_document_its_answers() -> None:
    for method, path, operation in _operations():
        names = [parameter["name"] for parameter in operation.get("parameters", [])]
        api_post = method == "post" and path.startswith("/api/v1/")
        if not api_post or operation["operationId"] in _TOKEN_AUTHORISED:
            assert "Idempotency-Key" not in names, (method, path)
            continue
        (key,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert (key["in"], key["required"]) == ("header", False), path
        responses = operation["responses"]
        assert {"400", "409", "413", "422"} <= set(responses), path
        assert "Idempotency-Key" in responses["409"]["description"], path
        assert "Retry-After" in responses["409"]["headers"], path
        success = next(code for code in responses if code.startswith("2"))
        assert "Idempotent-Replayed" in responses[success]["headers"], path


@pytest.mark.parametrize(
    ("key", "valid"),
    [
        ("8e03978e-40d5-43e8-bc93-6894a57f9324", True),
        ('"8e03978e-40d5-43e8-bc93-6894a57f9324"', True),
        ('"a \\"quoted\\" key"', True),
        ("a" * 255, True),
        ("a" * 256, False),
        ("", False),
        ('""', False),
        ("a,b", False),
        ('"unterminated', False),
        ("caf\u00e9", False),
    ],
)
def test_the_documented_key_syntax_is_what_the_api_accepts(key: str, *, valid: bool) -> None:
    document = json.loads((ROOT / EXPORT_PATH).read_text(encoding="utf-8"))
    operation = document["paths"]["/api/v1/todos"]["post"]
    (parameter,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
    assert (re.fullmatch(parameter["schema"]["pattern"], key) is not None) is valid
    try:
        parse_idempotency_key([key])
    except ValidationFailed:
        accepted = False
    else:
        accepted = True
    assert accepted is valid


def test_token_answers_may_not_be_cached() -> None:
    for method, path, operation in _operations():
        if operation["operationId"] in {"logIn", "refreshSession"}:
            headers = operation["responses"]["200"]["headers"]
            assert headers["Cache-Control"]["schema"]["const"] == "no-store", (method, path)


def test_single_objects_carry_their_etag_and_new_ones_their_location() -> None:
    for method, path, operation in _operations():
        responses = operation["responses"]
        single = path.endswith("_id}") or "_id}/" in path or method == "post"
        if path == "/auth/me" or operation["operationId"] == "register":
            single = True
        elif not path.startswith("/api/") or not single or method == "delete":
            continue
        if operation["operationId"] in _TOKEN_AUTHORISED:
            continue
        success = next(code for code in responses if code.startswith("2"))
        assert responses[success]["headers"]["ETag"]["required"] is True, (method, path)
        if success == "201":
            assert "Location" in responses[success]["headers"], (method, path)
        if method == "get":
            assert "ETag" in responses["304"]["headers"], (method, path)


def test_created_objects_link_to_the_operations_on_them() -> None:
    links = {
        operation["operationId"]: operation["responses"]["201"]["links"]
        for method, _, operation in _operations()
        if method == "post" and "201" in operation["responses"]
    }
    assert set(links) == {"createTodo", "createList", "createLabel", "register"}
    assert links["register"]["logIn"]["requestBody"] == {
        "email": "$request.body#/email",
        "password": "$request.body#/password",
    }
    assert set(links["createTodo"]) >= {"getTodo", "updateTodo", "trashTodo", "completeTodo"}
    assert links["createList"]["getList"]["parameters"] == {"list_id": "$response.body#/id"}
