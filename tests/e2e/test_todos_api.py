"""The todo routes as a client sees them: statuses, headers, JSON shapes, problem details."""

from __future__ import annotations

from uuid import uuid4

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Litestar]
PROBLEM_JSON = "application/problem+json"


async def _create(
    api: Client, headers: dict[str, str], title: str = "buy milk"
) -> dict[str, object]:
    response = await api.post("/api/v1/todos", json={"title": title}, headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def test_create_then_get_returns_the_same_todo(
    api: Client, user_headers: dict[str, str]
) -> None:
    response = await api.post(
        "/api/v1/todos", json={"title": "  buy milk  ", "notes": "2 litres"}, headers=user_headers
    )
    assert response.status_code == 201
    created = response.json()
    assert response.headers["location"] == f"/api/v1/todos/{created['id']}"
    assert response.headers["etag"] == '"1"'
    assert created["title"] == "buy milk"
    assert created["notes"] == "2 litres"
    assert created["status"] == "open"
    assert created["version"] == 1
    assert created["created_at"].endswith("Z")

    fetched = await api.get(response.headers["location"], headers=user_headers)
    assert fetched.status_code == 200
    assert fetched.json() == created


async def test_list_is_newest_first_and_pages_with_an_opaque_cursor(
    api: Client, user_headers: dict[str, str]
) -> None:
    titles = [f"todo {n}" for n in range(5)]
    for title in titles:
        await _create(api, user_headers, title)

    seen: list[str] = []
    cursor: str | None = None
    for _ in range(10):
        params: dict[str, str | int] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = await api.get("/api/v1/todos", params=params, headers=user_headers)
        assert response.status_code == 200
        page = response.json()
        seen += [item["title"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(titles))


async def test_users_never_see_each_others_todos(api: Client, user_headers: dict[str, str]) -> None:
    mine = await _create(api, user_headers, "private")
    stranger = {"X-User-Id": str(uuid4())}

    response = await api.get(f"/api/v1/todos/{mine['id']}", headers=stranger)
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_JSON
    listed = await api.get("/api/v1/todos", headers=stranger)
    assert listed.json() == {"items": [], "next_cursor": None}


async def test_an_unknown_todo_is_a_404_problem(api: Client, user_headers: dict[str, str]) -> None:
    response = await api.get(f"/api/v1/todos/{uuid4()}", headers=user_headers)
    assert response.status_code == 404
    assert response.json()["type"] == "urn:todo:problem:not-found"


@pytest.mark.parametrize(("method", "path"), [("GET", "/api/v1/todos"), ("POST", "/api/v1/todos")])
async def test_every_todo_route_requires_a_user(api: Client, method: str, path: str) -> None:
    response = await api.request(method, path, json={"title": "x"} if method == "POST" else None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"] == PROBLEM_JSON


async def test_a_malformed_user_is_refused(api: Client) -> None:
    response = await api.get("/api/v1/todos", headers={"X-User-Id": "admin"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "a\u0000b"}, "title"),
        ({"title": "x" * 501}, "title"),
    ],
)
async def test_invalid_todos_are_422_problems_naming_the_field(
    api: Client, user_headers: dict[str, str], body: dict[str, str], field: str
) -> None:
    response = await api.post("/api/v1/todos", json=body, headers=user_headers)
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["field"] == field
    listed = await api.get("/api/v1/todos", headers=user_headers)
    assert listed.json()["items"] == []


@pytest.mark.parametrize(
    "body", [{"title": "x", "unexpected": 1}, {"notes": "no title"}, {"title": 42}, "not json"]
)
async def test_malformed_bodies_are_400_problems(
    api: Client, user_headers: dict[str, str], body: object
) -> None:
    response = await api.post("/api/v1/todos", json=body, headers=user_headers)
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM_JSON


@pytest.mark.parametrize(
    ("params", "status"),
    [({"limit": 0}, 400), ({"limit": 201}, 400), ({"cursor": "forged"}, 422)],
)
async def test_bad_paging_parameters_are_refused(
    api: Client, user_headers: dict[str, str], params: dict[str, int | str], status: int
) -> None:
    response = await api.get("/api/v1/todos", params=params, headers=user_headers)
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_JSON


async def test_a_non_uuid_id_is_not_a_route(api: Client, user_headers: dict[str, str]) -> None:
    response = await api.get("/api/v1/todos/42", headers=user_headers)
    assert response.status_code == 404


async def test_health_live_and_ready(api: Client) -> None:
    live = await api.get("/health/live")
    ready = await api.get("/health/ready")
    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "up"}}


async def test_the_openapi_schema_names_every_operation(api: Client) -> None:
    response = await api.get("/schema/openapi.json")
    operations = {
        operation["operationId"]
        for path in response.json()["paths"].values()
        for operation in path.values()
    }
    assert {"createTodo", "getTodo", "listTodos", "live", "ready"} <= operations


async def test_malformed_body_problems_list_what_was_wrong(
    api: Client, user_headers: dict[str, str]
) -> None:
    response = await api.post(
        "/api/v1/todos", json={"title": "x", "unexpected": 1}, headers=user_headers
    )
    problem = response.json()
    assert problem["type"] == "urn:todo:problem:bad-request"
    assert problem["title"] == "Bad Request"
    assert "unexpected" in problem["errors"][0]["message"]


async def test_a_wrong_method_is_a_405_problem(api: Client, user_headers: dict[str, str]) -> None:
    response = await api.delete("/api/v1/todos", headers=user_headers)
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["type"] == "urn:todo:problem:method-not-allowed"
