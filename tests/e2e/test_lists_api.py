"""The list routes as a client sees them: statuses, headers, JSON shapes, problem details."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import httpx
import pytest
from litestar import Litestar

from entrypoints.container import build_container
from entrypoints.http import create_api_app
from tests.e2e.todo_api_support import e2e_settings, new_user, user_id
from tests.support.http_client import Client, http_client
from todo_core import Application
from todo_core.domain.ids import ListId, TodoId, UserId
from todo_core.use_cases import CreateTodoCommand, TodoCommand

Json = dict[str, object]
PROBLEM_JSON = "application/problem+json"
LISTS = "/api/v1/lists"
LIST_FIELDS = {
    "id",
    "name",
    "position",
    "archived",
    "is_inbox",
    "version",
    "created_at",
    "updated_at",
}


@pytest.fixture
async def core(database_url: str) -> AsyncIterator[Application]:
    """The same database through the core, to seed what no route offers yet: a todo in a list."""
    container = build_container(e2e_settings(database_url))
    yield container.application()
    await container.engine().dispose()


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


async def _create(api: Client, headers: dict[str, str], name: str = "Work") -> Json:
    response = await api.post(LISTS, json={"name": name}, headers=headers)
    assert response.status_code == 201, response.text
    body: Json = response.json()
    return body


async def _get(api: Client, headers: dict[str, str], list_id: object) -> Json:
    response = await api.get(f"{LISTS}/{list_id}", headers=headers)
    assert response.status_code == 200, response.text
    body: Json = response.json()
    return body


async def _names(api: Client, headers: dict[str, str], **params: str | int) -> list[str]:
    response = await api.get(LISTS, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


async def _inbox_id(api: Client, headers: dict[str, str]) -> str:
    """A user's Inbox is made with their first todo outside any list."""
    response = await api.post("/api/v1/todos", json={"title": "x"}, headers=headers)
    assert response.status_code == 201, response.text
    list_id: str = response.json()["list_id"]
    return list_id


def _problem(response: httpx.Response, status: int, slug: str) -> None:
    sent = response.request
    case = f"{sent.method} {sent.url} If-Match={sent.headers.get('if-match')} {sent.content!r}"
    assert response.status_code == status, f"{case}: {response.text}"
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["type"] == f"urn:todo:problem:{slug}", case


async def test_create_then_get_returns_the_same_list(
    api: Client, user_headers: dict[str, str]
) -> None:
    response = await api.post(LISTS, json={"name": "  Work  "}, headers=user_headers)

    assert response.status_code == 201
    created = response.json()
    assert set(created) == LIST_FIELDS
    assert response.headers["location"] == f"{LISTS}/{created['id']}"
    assert response.headers["etag"] == '"1"'
    assert created["name"] == "Work"
    assert (created["position"], created["archived"], created["is_inbox"]) == (0, False, False)
    assert created["version"] == 1
    assert created["created_at"].endswith("Z")

    fetched = await api.get(response.headers["location"], headers=user_headers)
    assert fetched.status_code == 200
    assert fetched.headers["etag"] == '"1"'
    assert fetched.json() == created
    # Each new list goes after the others.
    assert (await _create(api, user_headers, "Home"))["position"] == 1


async def test_get_honours_if_none_match(api: Client, user_headers: dict[str, str]) -> None:
    created = await _create(api, user_headers)
    url = f"{LISTS}/{created['id']}"
    cases = [('"1"', 304), ('W/"1"', 304), ('"7", "1"', 304), ("*", 304), ('"2"', 200), ("x", 200)]
    for if_none_match, status in cases:
        response = await api.get(url, headers=user_headers | {"If-None-Match": if_none_match})
        assert response.status_code == status, if_none_match
        assert response.headers["etag"] == '"1"'
        assert (response.content == b"") == (status == 304), if_none_match


async def test_lists_come_in_position_order_one_page_at_a_time(
    api: Client, user_headers: dict[str, str]
) -> None:
    names = [f"list {n}" for n in range(5)]
    for name in names:
        await _create(api, user_headers, name)

    seen: list[str] = []
    pages = 0
    cursor: str | None = None
    while pages < 10:
        params: dict[str, str | int] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = await api.get(LISTS, params=params, headers=user_headers)
        assert response.status_code == 200
        page = response.json()
        assert set(page) == {"items", "next_cursor"}
        seen += [item["name"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert (seen, pages) == (names, 3)
    assert await _names(api, user_headers) == names


async def test_bad_paging_parameters_are_422_problems(
    api: Client, user_headers: dict[str, str]
) -> None:
    for params in ({"limit": 0}, {"limit": 201}, {"limit": "ten"}, {"cursor": "forged"}):
        response = await api.get(LISTS, params=params, headers=user_headers)
        _problem(response, 422, "validation-failed")


async def test_patch_changes_only_the_fields_given(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await _create(api, user_headers, "Work")
    url = f"{LISTS}/{created['id']}"

    renamed = await api.patch(url, json={"name": " Job "}, headers=user_headers)
    assert renamed.status_code == 200
    assert renamed.headers["etag"] == '"2"'
    assert renamed.json() | {"updated_at": None} == created | {
        "name": "Job",
        "version": 2,
        "updated_at": None,
    }

    moved = (await api.patch(url, json={"position": 9}, headers=user_headers)).json()
    assert (moved["name"], moved["position"], moved["version"]) == ("Job", 9, 3)
    assert await _get(api, user_headers, created["id"]) == moved


async def test_archived_lists_leave_the_listing_until_unarchived(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await _create(api, user_headers, "Old")
    await _create(api, user_headers, "Current")
    url = f"{LISTS}/{created['id']}"

    archived = await api.patch(url, json={"archived": True}, headers=user_headers)
    assert (archived.status_code, archived.json()["archived"]) == (200, True)
    assert await _names(api, user_headers) == ["Current"]
    assert await _names(api, user_headers, include_archived="true") == ["Old", "Current"]

    restored = await api.patch(url, json={"archived": False}, headers=user_headers)
    assert (restored.status_code, restored.json()["archived"]) == (200, False)
    assert await _names(api, user_headers) == ["Old", "Current"]


async def test_each_change_of_one_patch_is_its_own_version_step(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await _create(api, user_headers, "Work")
    response = await api.patch(
        f"{LISTS}/{created['id']}",
        json={"name": "Done", "position": 5, "archived": True},
        headers=user_headers | {"If-Match": '"1"'},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["position"], body["archived"]) == ("Done", 5, True)
    # Archived, renamed and moved: three steps.
    assert (body["version"], response.headers["etag"]) == (4, '"4"')


async def test_an_archived_list_may_take_a_name_and_come_back_only_without_a_clash(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await _create(api, user_headers, "Work")
    await _create(api, user_headers, "Home")
    url = f"{LISTS}/{created['id']}"
    # Archived first, then renamed: the name of an active list is free for an archived one.
    both = await api.patch(url, json={"archived": True, "name": "home"}, headers=user_headers)
    assert (both.status_code, both.json()["name"]) == (200, "home")

    clash = await api.patch(url, json={"archived": False}, headers=user_headers)
    _problem(clash, 409, "conflict")
    # Renamed first, then unarchived: one PATCH brings it back under a free name.
    back = await api.patch(url, json={"archived": False, "name": "Work"}, headers=user_headers)
    assert back.status_code == 200
    assert (back.json()["name"], back.json()["archived"]) == ("Work", False)


async def test_if_match_guards_patch_and_delete(api: Client, user_headers: dict[str, str]) -> None:
    created = await _create(api, user_headers, "Work")
    url = f"{LISTS}/{created['id']}"
    await api.patch(url, json={"name": "Job"}, headers=user_headers)
    current = await _get(api, user_headers, created["id"])

    stale = await api.patch(url, json={"name": "Mine"}, headers=user_headers | {"If-Match": '"1"'})
    _problem(stale, 412, "precondition-failed")
    stale_delete = await api.delete(url, headers=user_headers | {"If-Match": '"1"'})
    _problem(stale_delete, 412, "precondition-failed")
    assert await _get(api, user_headers, created["id"]) == current

    fresh = await api.patch(url, json={"name": "Mine"}, headers=user_headers | {"If-Match": '"2"'})
    assert (fresh.status_code, fresh.headers["etag"]) == (200, '"3"')
    anything = await api.patch(url, json={"position": 4}, headers=user_headers | {"If-Match": "*"})
    assert anything.status_code == 200
    several = await api.patch(
        url, json={"position": 5}, headers=user_headers | {"If-Match": 'W/"5", "9", "4"'}
    )
    assert (several.status_code, several.headers["etag"]) == (200, '"5"')
    deleted = await api.delete(url, headers=user_headers | {"If-Match": '"1", "5"'})
    assert deleted.status_code == 204


async def test_an_if_match_naming_no_current_version_is_412_and_changes_nothing(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await _create(api, user_headers)
    url = f"{LISTS}/{created['id']}"
    # Weak tags never match (strong comparison); malformed ones name no version at all.
    for if_match in ("1", 'W/"1"', '"one"', '"01"', '""', '"2", "3"'):
        headers = user_headers | {"If-Match": if_match}
        patched = await api.patch(url, json={"name": "Other"}, headers=headers)
        _problem(patched, 412, "precondition-failed")
        _problem(await api.delete(url, headers=headers), 412, "precondition-failed")
    assert await _get(api, user_headers, created["id"]) == created


async def test_invalid_names_are_422_problems_naming_the_field(
    api: Client, user_headers: dict[str, str]
) -> None:
    for name in ("   ", "a\u0000b", "x" * 101):
        response = await api.post(LISTS, json={"name": name}, headers=user_headers)
        _problem(response, 422, "validation-failed")
        assert response.json()["field"] == "name"
    assert await _names(api, user_headers) == []


async def test_invalid_patches_are_422_problems_and_change_nothing(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await _create(api, user_headers)
    cases: list[tuple[Json, str | None]] = [
        ({}, None),
        ({"name": ""}, "name"),
        ({"position": -1}, "position"),
        ({"position": 2**31}, "position"),
        # One transaction: the valid changes must not happen either.
        ({"name": "Renamed", "position": -1}, "position"),
        ({"archived": True, "name": "\t"}, "name"),
    ]
    for body, field in cases:
        response = await api.patch(f"{LISTS}/{created['id']}", json=body, headers=user_headers)
        _problem(response, 422, "validation-failed")
        assert response.json().get("field") == field, body
    assert await _get(api, user_headers, created["id"]) == created


async def test_names_are_unique_per_user_ignoring_case(
    api: Client, user_headers: dict[str, str]
) -> None:
    await _create(api, user_headers, "Work")
    home = await _create(api, user_headers, "Home")

    _problem(await api.post(LISTS, json={"name": "WORK"}, headers=user_headers), 409, "conflict")
    rename = await api.patch(f"{LISTS}/{home['id']}", json={"name": "work"}, headers=user_headers)
    _problem(rename, 409, "conflict")
    assert await _get(api, user_headers, home["id"]) == home
    # A list may change its own case; another user's names are no rivals.
    own = await api.patch(f"{LISTS}/{home['id']}", json={"name": "HOME"}, headers=user_headers)
    assert own.status_code == 200
    await _create(api, new_user(), "Work")


async def test_bodies_off_the_schema_are_422_problems(
    api: Client, user_headers: dict[str, str]
) -> None:
    bodies: list[object] = [
        {"name": "x", "unexpected": 1},
        # No mass assignment: what the server owns is never read from input.
        {"name": "x", "id": "01a215ac-9279-77c4-a403-30d4015d326e"},
        {"name": "x", "version": 7},
        {"name": "x", "is_inbox": True},
        {"name": None},
        {"name": 42},
        {},
        "not an object",
    ]
    for body in bodies:
        response = await api.post(LISTS, json=body, headers=user_headers)
        _problem(response, 422, "validation-failed")
        assert response.json()["errors"], body
    assert await _names(api, user_headers) == []


async def test_patches_off_the_schema_are_422_problems_and_change_nothing(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await _create(api, user_headers)
    bodies: list[Json] = [
        {"archived": True, "owner_id": "01a215ac-9279-77c4-a403-30d4015d326e"},
        {"name": None},
        {"position": 1.5},
        {"archived": "yes"},
    ]
    for body in bodies:
        response = await api.patch(f"{LISTS}/{created['id']}", json=body, headers=user_headers)
        _problem(response, 422, "validation-failed")
    assert await _get(api, user_headers, created["id"]) == created


async def test_malformed_json_is_a_400_problem(api: Client, user_headers: dict[str, str]) -> None:
    created = await _create(api, user_headers)
    json_headers = user_headers | {"Content-Type": "application/json"}
    for method, url in (("POST", LISTS), ("PATCH", f"{LISTS}/{created['id']}")):
        response = await api.request(method, url, content=b'{"name": "Home"', headers=json_headers)
        _problem(response, 400, "bad-request")
    assert await _names(api, user_headers) == ["Work"]


async def test_delete_answers_204_and_the_list_is_gone(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await _create(api, user_headers)
    url = f"{LISTS}/{created['id']}"

    response = await api.delete(url, headers=user_headers)
    assert (response.status_code, response.content) == (204, b"")
    _problem(await api.get(url, headers=user_headers), 404, "not-found")
    _problem(await api.delete(url, headers=user_headers), 404, "not-found")
    assert await _names(api, user_headers) == []
    # The name is free again.
    await _create(api, user_headers, str(created["name"]))


async def test_deleting_a_list_sends_its_todos_to_the_trash(
    api: Client, user_headers: dict[str, str], core: Application
) -> None:
    doomed = await _create(api, user_headers, "Doomed")
    kept = await _create(api, user_headers, "Kept")
    user = UserId(user_id(user_headers))
    todos = [
        await core.create_todo(
            CreateTodoCommand(actor=user, title=title, list_id=ListId(UUID(str(list_id))))
        )
        for title, list_id in (("a", doomed["id"]), ("b", doomed["id"]), ("c", kept["id"]))
    ]
    for todo in todos:
        assert (await api.get(f"/api/v1/todos/{todo.id}", headers=user_headers)).status_code == 200

    response = await api.delete(f"{LISTS}/{doomed['id']}", headers=user_headers)

    assert response.status_code == 204
    statuses = [
        (await api.get(f"/api/v1/todos/{todo.id}", headers=user_headers)).status_code
        for todo in todos
    ]
    assert statuses == [404, 404, 200]
    # In the trash, not gone: restored, it comes back in the Inbox.
    restored = await core.restore_todo(TodoCommand(actor=user, todo_id=TodoId(todos[0].id)))
    fetched = await api.get(f"/api/v1/todos/{todos[0].id}", headers=user_headers)
    assert fetched.status_code == 200
    assert fetched.json()["list_id"] == str(restored.list_id)
    assert (await _get(api, user_headers, restored.list_id))["is_inbox"] is True


async def test_the_inbox_can_be_renamed_but_not_archived_or_deleted(
    api: Client, user_headers: dict[str, str]
) -> None:
    inbox_id = await _inbox_id(api, user_headers)
    inbox = await _get(api, user_headers, inbox_id)
    assert (inbox["name"], inbox["is_inbox"]) == ("Inbox", True)
    url = f"{LISTS}/{inbox_id}"

    _problem(await api.delete(url, headers=user_headers), 409, "conflict")
    archive = await api.patch(url, json={"archived": True, "name": "x"}, headers=user_headers)
    _problem(archive, 409, "conflict")
    assert await _get(api, user_headers, inbox_id) == inbox

    renamed = await api.patch(url, json={"name": "Unsorted"}, headers=user_headers)
    assert (renamed.status_code, renamed.json()["is_inbox"]) == (200, True)


async def test_every_list_route_requires_a_user(api: Client, user_headers: dict[str, str]) -> None:
    created = await _create(api, user_headers)
    item = f"{LISTS}/{created['id']}"
    for method, url in (("GET", LISTS), ("POST", LISTS), ("GET", item), ("PATCH", item)):
        body = {"name": "x"} if method in {"POST", "PATCH"} else None
        for headers in ({}, {"Authorization": "Bearer admin"}):
            response = await api.request(method, url, json=body, headers=headers)
            _problem(response, 401, "unauthorized")
            assert response.headers["www-authenticate"] == "Bearer"
    _problem(await api.delete(item), 401, "unauthorized")
    assert await _get(api, user_headers, created["id"]) == created


async def test_another_users_list_is_404_everywhere_and_stays_unchanged(
    api: Client, user_headers: dict[str, str]
) -> None:
    mine = await _create(api, user_headers, "Private")
    url = f"{LISTS}/{mine['id']}"
    stranger = new_user()

    # A matching If-Match changes nothing: ownership is checked before any precondition.
    for headers in (stranger, stranger | {"If-Match": '"1"'}, stranger | {"If-Match": '"1", "2"'}):
        _problem(await api.get(url, headers=headers), 404, "not-found")
        for body in ({"name": "Mine now"}, {"position": 3}, {"archived": True}):
            _problem(await api.patch(url, json=body, headers=headers), 404, "not-found")
        _problem(await api.delete(url, headers=headers), 404, "not-found")

    assert (await api.get(LISTS, headers=stranger)).json() == {"items": [], "next_cursor": None}
    assert await _get(api, user_headers, mine["id"]) == mine


async def test_an_unknown_list_is_a_404_problem(api: Client, user_headers: dict[str, str]) -> None:
    url = f"{LISTS}/{uuid4()}"
    _problem(await api.get(url, headers=user_headers), 404, "not-found")
    _problem(await api.patch(url, json={"name": "x"}, headers=user_headers), 404, "not-found")
    _problem(await api.delete(url, headers=user_headers), 404, "not-found")
    _problem(await api.get(f"{LISTS}/42", headers=user_headers), 404, "not-found")


async def test_the_openapi_schema_names_every_list_operation(api: Client) -> None:
    response = await api.get("/schema/openapi.json")
    paths = response.json()["paths"]
    operations = {
        operation["operationId"] for path in paths.values() for operation in path.values()
    }
    assert {"listLists", "createList", "getList", "updateList", "deleteList"} <= operations
    assert "304" in paths[f"{LISTS}/{{list_id}}"]["get"]["responses"]
