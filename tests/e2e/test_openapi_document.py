"""The committed OpenAPI document: the one the API serves, written by `todo openapi`, and
documenting what every operation is and answers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from entrypoints.cli import main
from entrypoints.container import build_container
from entrypoints.http import create_api_app
from entrypoints.http.export_openapi import EXPORT_PATH, render_openapi
from entrypoints.http.openapi_docs import PROBLEM_MEDIA_TYPE as PROBLEM_JSON
from entrypoints.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
UPDATE = f"run `todo openapi --output {EXPORT_PATH}` and commit the result"


async def test_the_committed_document_is_the_served_one(tmp_path: Path) -> None:
    # The document needs no database: nothing connects until a request needs it.
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}")
    async with AsyncTestClient(app=create_api_app(build_container(settings))) as client:
        response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    served = render_openapi(response.json())
    committed = (ROOT / EXPORT_PATH).read_text(encoding="utf-8")
    assert committed == served, f"{EXPORT_PATH} differs from the API's schema: {UPDATE}"


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


def test_api_operations_need_the_acting_user_and_say_so() -> None:
    for method, path, operation in _operations():
        if path.startswith("/api/"):
            assert operation["security"] == [{"userId": []}], (method, path)
            assert {"401", "429", "503"} <= set(operation["responses"]), (method, path)
        else:
            assert "security" not in operation, (method, path)


def test_single_objects_carry_their_etag_and_new_ones_their_location() -> None:
    for method, path, operation in _operations():
        responses = operation["responses"]
        single = path.endswith("_id}") or "_id}/" in path or method == "post"
        if not path.startswith("/api/") or not single or method == "delete":
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
    assert set(links) == {"createTodo", "createList", "createLabel"}
    assert set(links["createTodo"]) >= {"getTodo", "updateTodo", "trashTodo", "completeTodo"}
    assert links["createList"]["getList"]["parameters"] == {"list_id": "$response.body#/id"}
