"""The list routes as a client sees them: statuses, headers, JSON shapes, problem details."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

import pytest

from entrypoints.container import build_container
from tests.e2e.resource_api_support import LISTS, Json, problem_of
from tests.e2e.todo_api_support import e2e_settings, user_id
from tests.support.http_client import Client
from todo_core import Application
from todo_core.domain.ids import ListId, TodoId, UserId
from todo_core.use_cases import CreateTodoCommand, TodoCommand

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


async def _inbox_id(module_api: Client, headers: dict[str, str]) -> str:
    """A user's Inbox is made with their first todo outside any list."""
    response = await module_api.post("/api/v1/todos", json={"title": "x"}, headers=headers)
    assert response.status_code == 201, response.text
    list_id: str = response.json()["list_id"]
    return list_id


async def test_create_then_get_returns_the_same_list(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    response = await module_api.post(LISTS.path, json={"name": "  Work  "}, headers=user_headers)

    assert response.status_code == 201
    created = response.json()
    assert set(created) == LIST_FIELDS
    assert response.headers["location"] == LISTS.url(created["id"])
    assert response.headers["etag"] == '"1"'
    assert created["name"] == "Work"
    assert (created["position"], created["archived"], created["is_inbox"]) == (0, False, False)
    assert created["version"] == 1
    assert created["created_at"].endswith("Z")

    fetched = await module_api.get(response.headers["location"], headers=user_headers)
    assert fetched.status_code == 200
    assert fetched.headers["etag"] == '"1"'
    assert fetched.json() == created
    # Each new list goes after the others.
    assert (await LISTS.create(module_api, user_headers, "Home"))["position"] == 1


async def test_lists_come_in_position_order_one_page_at_a_time(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    names = [f"list {n}" for n in range(5)]
    for name in names:
        await LISTS.create(module_api, user_headers, name)

    seen: list[str] = []
    pages = 0
    cursor: str | None = None
    while pages < 10:
        params: dict[str, str | int] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = await module_api.get(LISTS.path, params=params, headers=user_headers)
        assert response.status_code == 200
        page = response.json()
        assert set(page) == {"items", "next_cursor"}
        seen += [item["name"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert (seen, pages) == (names, 3)
    assert await LISTS.names(module_api, user_headers) == names


async def test_bad_paging_parameters_are_422_problems(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    for params in ({"limit": 0}, {"limit": 201}, {"limit": "ten"}, {"cursor": "forged"}):
        response = await module_api.get(LISTS.path, params=params, headers=user_headers)
        problem_of(response, 422, "validation-failed")


async def test_patch_changes_only_the_fields_given(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    created = await LISTS.create(module_api, user_headers, "Work")
    url = LISTS.url(created["id"])

    renamed = await module_api.patch(url, json={"name": " Job "}, headers=user_headers)
    assert renamed.status_code == 200
    assert renamed.headers["etag"] == '"2"'
    assert renamed.json() | {"updated_at": None} == created | {
        "name": "Job",
        "version": 2,
        "updated_at": None,
    }

    moved = (await module_api.patch(url, json={"position": 9}, headers=user_headers)).json()
    assert (moved["name"], moved["position"], moved["version"]) == ("Job", 9, 3)
    assert await LISTS.get(module_api, user_headers, created["id"]) == moved


async def test_archived_lists_leave_the_listing_until_unarchived(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    created = await LISTS.create(module_api, user_headers, "Old")
    await LISTS.create(module_api, user_headers, "Current")
    url = LISTS.url(created["id"])

    archived = await module_api.patch(url, json={"archived": True}, headers=user_headers)
    assert (archived.status_code, archived.json()["archived"]) == (200, True)
    assert await LISTS.names(module_api, user_headers) == ["Current"]
    assert await LISTS.names(module_api, user_headers, include_archived="true") == [
        "Old",
        "Current",
    ]

    restored = await module_api.patch(url, json={"archived": False}, headers=user_headers)
    assert (restored.status_code, restored.json()["archived"]) == (200, False)
    assert await LISTS.names(module_api, user_headers) == ["Old", "Current"]


async def test_each_change_of_one_patch_is_its_own_version_step(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    created = await LISTS.create(module_api, user_headers, "Work")
    response = await module_api.patch(
        LISTS.url(created["id"]),
        json={"name": "Done", "position": 5, "archived": True},
        headers=user_headers | {"If-Match": '"1"'},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["position"], body["archived"]) == ("Done", 5, True)
    # Archived, renamed and moved: three steps.
    assert (body["version"], response.headers["etag"]) == (4, '"4"')


async def test_an_archived_list_may_take_a_name_and_come_back_only_without_a_clash(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    created = await LISTS.create(module_api, user_headers, "Work")
    await LISTS.create(module_api, user_headers, "Home")
    url = LISTS.url(created["id"])
    # Archived first, then renamed: the name of an active list is free for an archived one.
    both = await module_api.patch(
        url, json={"archived": True, "name": "home"}, headers=user_headers
    )
    assert (both.status_code, both.json()["name"]) == (200, "home")

    clash = await module_api.patch(url, json={"archived": False}, headers=user_headers)
    problem_of(clash, 409, "conflict")
    # Renamed first, then unarchived: one PATCH brings it back under a free name.
    back = await module_api.patch(
        url, json={"archived": False, "name": "Work"}, headers=user_headers
    )
    assert back.status_code == 200
    assert (back.json()["name"], back.json()["archived"]) == ("Work", False)


async def test_invalid_names_are_422_problems_naming_the_field(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    for name in ("   ", "a\u0000b", "x" * 101):
        response = await module_api.post(LISTS.path, json={"name": name}, headers=user_headers)
        problem_of(response, 422, "validation-failed")
        assert response.json()["field"] == "name"
    assert await LISTS.names(module_api, user_headers) == []


async def test_invalid_patches_are_422_problems_and_change_nothing(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    created = await LISTS.create(module_api, user_headers)
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
        response = await module_api.patch(LISTS.url(created["id"]), json=body, headers=user_headers)
        problem_of(response, 422, "validation-failed")
        assert response.json().get("field") == field, body
    assert await LISTS.get(module_api, user_headers, created["id"]) == created


async def test_deleting_a_list_sends_its_todos_to_the_trash(
    module_api: Client, user_headers: dict[str, str], core: Application
) -> None:
    doomed = await LISTS.create(module_api, user_headers, "Doomed")
    kept = await LISTS.create(module_api, user_headers, "Kept")
    user = UserId(user_id(user_headers))
    todos = [
        await core.create_todo(
            CreateTodoCommand(actor=user, title=title, list_id=ListId(UUID(str(list_id))))
        )
        for title, list_id in (("a", doomed["id"]), ("b", doomed["id"]), ("c", kept["id"]))
    ]
    for todo in todos:
        assert (
            await module_api.get(f"/api/v1/todos/{todo.id}", headers=user_headers)
        ).status_code == 200

    response = await module_api.delete(f"{LISTS.path}/{doomed['id']}", headers=user_headers)

    assert response.status_code == 204
    statuses = [
        (await module_api.get(f"/api/v1/todos/{todo.id}", headers=user_headers)).status_code
        for todo in todos
    ]
    assert statuses == [404, 404, 200]
    # In the trash, not gone: restored, it comes back in the Inbox.
    restored = await core.restore_todo(TodoCommand(actor=user, todo_id=TodoId(todos[0].id)))
    fetched = await module_api.get(f"/api/v1/todos/{todos[0].id}", headers=user_headers)
    assert fetched.status_code == 200
    assert fetched.json()["list_id"] == str(restored.list_id)
    assert (await LISTS.get(module_api, user_headers, restored.list_id))["is_inbox"] is True


async def test_the_inbox_can_be_renamed_but_not_archived_or_deleted(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    inbox_id = await _inbox_id(module_api, user_headers)
    inbox = await LISTS.get(module_api, user_headers, inbox_id)
    assert (inbox["name"], inbox["is_inbox"]) == ("Inbox", True)
    url = f"{LISTS.path}/{inbox_id}"

    problem_of(await module_api.delete(url, headers=user_headers), 409, "conflict")
    archive = await module_api.patch(
        url, json={"archived": True, "name": "x"}, headers=user_headers
    )
    problem_of(archive, 409, "conflict")
    assert await LISTS.get(module_api, user_headers, inbox_id) == inbox

    renamed = await module_api.patch(url, json={"name": "Unsorted"}, headers=user_headers)
    assert (renamed.status_code, renamed.json()["is_inbox"]) == (200, True)
