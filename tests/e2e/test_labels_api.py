"""The label routes as a client sees them: statuses, headers, JSON shapes, problem details."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import uuid4

import httpx
import pytest
from litestar import Litestar

from entrypoints.container import build_container
from entrypoints.http import create_api_app
from tests.e2e.todo_api_support import e2e_settings, new_user
from tests.support.http_client import Client, http_client

Json = dict[str, object]
PROBLEM_JSON = "application/problem+json"
LABELS = "/api/v1/labels"
LABEL_FIELDS = {"id", "name", "colour", "version", "created_at", "updated_at"}


@pytest.fixture(scope="module")
def api_app(database_url: str) -> Litestar:
    """The real app from the real container, built once per database for this module's tests:
    building one costs more than most of them. Each test still starts it afresh (`api`), and
    every test acts as a fresh user, so none sees another's data."""
    return create_api_app(build_container(e2e_settings(database_url)))


@pytest.fixture
async def api(api_app: Litestar) -> AsyncIterator[Client]:
    async with http_client(api_app) as client:
        yield client


async def _create(api: Client, headers: dict[str, str], name: str = "work") -> Json:
    response = await api.post(LABELS, json={"name": name}, headers=headers)
    assert response.status_code == 201, response.text
    body: Json = response.json()
    return body


async def _get(api: Client, headers: dict[str, str], label_id: object) -> Json:
    response = await api.get(f"{LABELS}/{label_id}", headers=headers)
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


async def _names(api: Client, headers: dict[str, str]) -> list[str]:
    response = await api.get(LABELS, headers=headers)
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


def _problem(response: httpx.Response, status: int, slug: str) -> None:
    sent = response.request
    case = f"{sent.method} {sent.url} If-Match={sent.headers.get('if-match')} {sent.content!r}"
    assert response.status_code == status, f"{case}: {response.text}"
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["type"] == f"urn:todo:problem:{slug}", case


async def test_create_then_get_returns_the_same_label(
    api: Client, user_headers: dict[str, str]
) -> None:
    response = await api.post(
        LABELS, json={"name": "  urgent  ", "colour": " #FF0000 "}, headers=user_headers
    )

    assert response.status_code == 201
    created = response.json()
    assert set(created) == LABEL_FIELDS
    assert response.headers["location"] == f"{LABELS}/{created['id']}"
    assert response.headers["etag"] == '"1"'
    assert (created["name"], created["colour"], created["version"]) == ("urgent", "#ff0000", 1)
    assert created["created_at"].endswith("Z")

    fetched = await api.get(response.headers["location"], headers=user_headers)
    assert (fetched.status_code, fetched.headers["etag"]) == (200, '"1"')
    assert fetched.json() == created
    # Without a colour a label is grey.
    assert (await _create(api, user_headers))["colour"] == "#808080"


async def test_all_labels_come_at_once_by_name_ignoring_case(
    api: Client, user_headers: dict[str, str]
) -> None:
    for name in ("work", "Errands", "home", "Zzz"):
        await _create(api, user_headers, name)

    response = await api.get(LABELS, headers=user_headers)

    assert response.status_code == 200
    page = response.json()
    assert page["next_cursor"] is None
    assert [item["name"] for item in page["items"]] == ["Errands", "home", "work", "Zzz"]
    assert all(set(item) == LABEL_FIELDS for item in page["items"])


async def test_get_honours_if_none_match(api: Client, user_headers: dict[str, str]) -> None:
    created = await _create(api, user_headers)
    url = f"{LABELS}/{created['id']}"
    cases = [('"1"', 304), ('W/"1"', 304), ('"7", "1"', 304), ("*", 304), ('"2"', 200), ("x", 200)]
    for if_none_match, status in cases:
        response = await api.get(url, headers=user_headers | {"If-None-Match": if_none_match})
        assert response.status_code == status, if_none_match
        assert response.headers["etag"] == '"1"'
        assert (response.content == b"") == (status == 304), if_none_match


async def test_patch_changes_only_the_fields_given(api: Client) -> None:
    cases: list[tuple[Json, tuple[str, str, int]]] = [
        ({"name": "job"}, ("job", "#808080", 2)),
        ({"colour": "#00aa00"}, ("work", "#00aa00", 2)),
        # Both in one step, each change its own version.
        ({"name": "job", "colour": "#00AA00"}, ("job", "#00aa00", 3)),
        # The same values change nothing.
        ({"name": "work", "colour": "#808080"}, ("work", "#808080", 1)),
    ]
    for n, (body, expected) in enumerate(cases):
        headers = new_user()
        created = await _create(api, headers)
        response = await api.patch(f"{LABELS}/{created['id']}", json=body, headers=headers)

        assert response.status_code == 200, n
        updated = response.json()
        assert (updated["name"], updated["colour"], updated["version"]) == expected
        assert response.headers["etag"] == f'"{expected[2]}"'
        assert (updated["id"], updated["created_at"]) == (created["id"], created["created_at"])
        assert await _get(api, headers, created["id"]) == updated


async def test_if_match_guards_patch_and_delete(api: Client, user_headers: dict[str, str]) -> None:
    created = await _create(api, user_headers)
    url = f"{LABELS}/{created['id']}"
    await api.patch(url, json={"name": "job"}, headers=user_headers)
    current = await _get(api, user_headers, created["id"])

    stale = await api.patch(
        url, json={"colour": "#000000"}, headers=user_headers | {"If-Match": '"1"'}
    )
    _problem(stale, 412, "precondition-failed")
    stale_delete = await api.delete(url, headers=user_headers | {"If-Match": '"1"'})
    _problem(stale_delete, 412, "precondition-failed")
    assert await _get(api, user_headers, created["id"]) == current

    fresh = await api.patch(
        url, json={"colour": "#000000"}, headers=user_headers | {"If-Match": '"2"'}
    )
    assert (fresh.status_code, fresh.headers["etag"]) == (200, '"3"')
    anything = await api.patch(url, json={"name": "w"}, headers=user_headers | {"If-Match": "*"})
    assert anything.status_code == 200
    several = await api.patch(
        url, json={"name": "v"}, headers=user_headers | {"If-Match": 'W/"4", "9", "4"'}
    )
    assert (several.status_code, several.headers["etag"]) == (200, '"5"')
    deleted = await api.delete(url, headers=user_headers | {"If-Match": '"1", "5"'})
    assert deleted.status_code == 204


async def test_an_if_match_naming_no_current_version_is_412_and_changes_nothing(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await _create(api, user_headers)
    url = f"{LABELS}/{created['id']}"
    # Weak tags never match (strong comparison); malformed ones name no version at all.
    for if_match in ("1", 'W/"1"', '"one"', '"01"', '""', '"2", "3"'):
        headers = user_headers | {"If-Match": if_match}
        patched = await api.patch(url, json={"name": "other"}, headers=headers)
        _problem(patched, 412, "precondition-failed")
        _problem(await api.delete(url, headers=headers), 412, "precondition-failed")
    assert await _get(api, user_headers, created["id"]) == created


async def test_invalid_labels_are_422_problems_naming_the_field(
    api: Client, user_headers: dict[str, str]
) -> None:
    cases: list[tuple[Json, str]] = [
        ({"name": "   "}, "name"),
        ({"name": "a\nb"}, "name"),
        ({"name": "x" * 51}, "name"),
        ({"name": "ok", "colour": "red"}, "colour"),
        ({"name": "ok", "colour": "#12345"}, "colour"),
        ({"name": "ok", "colour": "#gggggg"}, "colour"),
    ]
    for body, field in cases:
        response = await api.post(LABELS, json=body, headers=user_headers)
        _problem(response, 422, "validation-failed")
        assert response.json()["field"] == field, body
    assert await _names(api, user_headers) == []


async def test_invalid_patches_are_422_problems_and_change_nothing(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await _create(api, user_headers)
    cases: list[tuple[Json, str | None]] = [
        ({}, None),
        ({"name": ""}, "name"),
        ({"colour": "#fff"}, "colour"),
        # Checked before anything changes: the valid rename must not happen either.
        ({"name": "fine", "colour": "blue"}, "colour"),
    ]
    for body, field in cases:
        response = await api.patch(f"{LABELS}/{created['id']}", json=body, headers=user_headers)
        _problem(response, 422, "validation-failed")
        assert response.json().get("field") == field, body
    assert await _get(api, user_headers, created["id"]) == created


async def test_names_are_unique_per_user_ignoring_case(
    api: Client, user_headers: dict[str, str]
) -> None:
    await _create(api, user_headers, "work")
    home = await _create(api, user_headers, "home")

    _problem(await api.post(LABELS, json={"name": "WORK"}, headers=user_headers), 409, "conflict")
    rename = await api.patch(f"{LABELS}/{home['id']}", json={"name": "Work"}, headers=user_headers)
    _problem(rename, 409, "conflict")
    assert await _get(api, user_headers, home["id"]) == home
    # A label may change its own case; another user's names are no rivals.
    own = await api.patch(f"{LABELS}/{home['id']}", json={"name": "Home"}, headers=user_headers)
    assert own.status_code == 200
    await _create(api, new_user(), "work")


async def test_bodies_off_the_schema_are_422_problems(
    api: Client, user_headers: dict[str, str]
) -> None:
    bodies: list[object] = [
        {"name": "x", "unexpected": 1},
        # No mass assignment: what the server owns is never read from input.
        {"name": "x", "id": "01a215ac-9279-77c4-a403-30d4015d326e"},
        {"name": "x", "version": 7},
        {"name": "x", "colour": None},
        {"name": None},
        {"colour": "#000000"},
        "not an object",
    ]
    for body in bodies:
        response = await api.post(LABELS, json=body, headers=user_headers)
        _problem(response, 422, "validation-failed")
        assert response.json()["errors"], body
    assert await _names(api, user_headers) == []


async def test_patches_off_the_schema_are_422_problems_and_change_nothing(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await _create(api, user_headers)
    bodies: list[Json] = [
        {"name": "x", "created_at": "2026-01-01T00:00:00Z"},
        {"colour": None},
        {"name": 7},
    ]
    for body in bodies:
        response = await api.patch(f"{LABELS}/{created['id']}", json=body, headers=user_headers)
        _problem(response, 422, "validation-failed")
    assert await _get(api, user_headers, created["id"]) == created


async def test_malformed_json_is_a_400_problem(api: Client, user_headers: dict[str, str]) -> None:
    created = await _create(api, user_headers)
    json_headers = user_headers | {"Content-Type": "application/json"}
    for method, url in (("POST", LABELS), ("PATCH", f"{LABELS}/{created['id']}")):
        response = await api.request(method, url, content=b'{"name": "home"', headers=json_headers)
        _problem(response, 400, "bad-request")
    assert await _get(api, user_headers, created["id"]) == created
    assert await _names(api, user_headers) == ["work"]


async def test_delete_answers_204_and_the_label_is_gone(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await _create(api, user_headers)
    url = f"{LABELS}/{created['id']}"

    response = await api.delete(url, headers=user_headers)
    assert (response.status_code, response.content) == (204, b"")
    _problem(await api.get(url, headers=user_headers), 404, "not-found")
    _problem(await api.delete(url, headers=user_headers), 404, "not-found")
    assert await _names(api, user_headers) == []
    # The name is free again.
    await _create(api, user_headers, str(created["name"]))


async def test_every_label_route_requires_a_user(api: Client, user_headers: dict[str, str]) -> None:
    created = await _create(api, user_headers)
    item = f"{LABELS}/{created['id']}"
    for method, url in (("GET", LABELS), ("POST", LABELS), ("GET", item), ("PATCH", item)):
        body = {"name": "x"} if method in {"POST", "PATCH"} else None
        for headers in ({}, {"Authorization": "Bearer admin"}):
            response = await api.request(method, url, json=body, headers=headers)
            _problem(response, 401, "unauthorized")
            assert response.headers["www-authenticate"] == "Bearer"
    _problem(await api.delete(item), 401, "unauthorized")
    assert await _get(api, user_headers, created["id"]) == created


async def test_another_users_label_is_404_everywhere_and_stays_unchanged(
    api: Client, user_headers: dict[str, str]
) -> None:
    mine = await _create(api, user_headers, "private")
    url = f"{LABELS}/{mine['id']}"
    stranger = new_user()

    # A matching If-Match changes nothing: ownership is checked before any precondition.
    for headers in (stranger, stranger | {"If-Match": '"1"'}, stranger | {"If-Match": '"1", "2"'}):
        _problem(await api.get(url, headers=headers), 404, "not-found")
        for body in ({"name": "mine now"}, {"colour": "#000000"}):
            _problem(await api.patch(url, json=body, headers=headers), 404, "not-found")
        _problem(await api.delete(url, headers=headers), 404, "not-found")

    assert (await api.get(LABELS, headers=stranger)).json() == {"items": [], "next_cursor": None}
    assert await _get(api, user_headers, mine["id"]) == mine


async def test_an_unknown_label_is_a_404_problem(api: Client, user_headers: dict[str, str]) -> None:
    url = f"{LABELS}/{uuid4()}"
    _problem(await api.get(url, headers=user_headers), 404, "not-found")
    _problem(await api.patch(url, json={"name": "x"}, headers=user_headers), 404, "not-found")
    _problem(await api.delete(url, headers=user_headers), 404, "not-found")
    _problem(await api.get(f"{LABELS}/42", headers=user_headers), 404, "not-found")


async def test_the_openapi_schema_names_every_label_operation(api: Client) -> None:
    response = await api.get("/schema/openapi.json")
    paths = response.json()["paths"]
    operations = {
        operation["operationId"] for path in paths.values() for operation in path.values()
    }
    assert {"listLabels", "createLabel", "getLabel", "updateLabel", "deleteLabel"} <= operations
    assert "304" in paths[f"{LABELS}/{{label_id}}"]["get"]["responses"]
