"""What the label and list routes answer alike: conditional requests, ownership, names unique
per user, deletion, authentication, malformed bodies."""

from __future__ import annotations

from uuid import uuid4

import pytest

from tests.e2e.resource_api_support import LABELS, LISTS, NamedResource, problem_of
from tests.e2e.todo_api_support import new_user
from tests.support.http_client import Client

pytestmark = pytest.mark.parametrize("resource", [LABELS, LISTS], ids=["labels", "lists"])


async def test_get_honours_if_none_match(
    resource: NamedResource, module_api: Client, user_headers: dict[str, str]
) -> None:
    created = await resource.create(module_api, user_headers)
    url = resource.url(created["id"])
    cases = [('"1"', 304), ('W/"1"', 304), ('"7", "1"', 304), ("*", 304), ('"2"', 200), ("x", 200)]
    for if_none_match, status in cases:
        headers = user_headers | {"If-None-Match": if_none_match}
        response = await module_api.get(url, headers=headers)
        assert response.status_code == status, if_none_match
        assert response.headers["etag"] == '"1"'
        assert (response.content == b"") == (status == 304), if_none_match


async def test_if_match_guards_patch_and_delete(
    resource: NamedResource, module_api: Client, user_headers: dict[str, str]
) -> None:
    api, headers = module_api, user_headers
    created = await resource.create(api, headers, "Work")
    url = resource.url(created["id"])
    await api.patch(url, json={"name": "Job"}, headers=headers)
    current = await resource.get(api, headers, created["id"])

    stale = await api.patch(url, json={"name": "Mine"}, headers=headers | {"If-Match": '"1"'})
    problem_of(stale, 412, "precondition-failed")
    stale_delete = await api.delete(url, headers=headers | {"If-Match": '"1"'})
    problem_of(stale_delete, 412, "precondition-failed")
    assert await resource.get(api, headers, created["id"]) == current

    fresh = await api.patch(url, json={"name": "Mine"}, headers=headers | {"If-Match": '"2"'})
    assert (fresh.status_code, fresh.headers["etag"]) == (200, '"3"')
    first, second = resource.other_changes
    anything = await api.patch(url, json=first, headers=headers | {"If-Match": "*"})
    assert (anything.status_code, anything.headers["etag"]) == (200, '"4"')
    several = await api.patch(url, json=second, headers=headers | {"If-Match": 'W/"5", "9", "4"'})
    assert (several.status_code, several.headers["etag"]) == (200, '"5"')
    deleted = await api.delete(url, headers=headers | {"If-Match": '"1", "5"'})
    assert deleted.status_code == 204


async def test_an_if_match_naming_no_current_version_is_412_and_changes_nothing(
    resource: NamedResource, module_api: Client, user_headers: dict[str, str]
) -> None:
    created = await resource.create(module_api, user_headers)
    url = resource.url(created["id"])
    # Weak tags never match (strong comparison); malformed ones name no version at all.
    for if_match in ("1", 'W/"1"', '"one"', '"01"', '""', '"2", "3"'):
        headers = user_headers | {"If-Match": if_match}
        patched = await module_api.patch(url, json={"name": "Other"}, headers=headers)
        problem_of(patched, 412, "precondition-failed")
        problem_of(await module_api.delete(url, headers=headers), 412, "precondition-failed")
    assert await resource.get(module_api, user_headers, created["id"]) == created


async def test_names_are_unique_per_user_ignoring_case(
    resource: NamedResource, module_api: Client, user_headers: dict[str, str]
) -> None:
    api, headers = module_api, user_headers
    await resource.create(api, headers, "Work")
    home = await resource.create(api, headers, "Home")

    taken = await api.post(resource.path, json={"name": "WORK"}, headers=headers)
    problem_of(taken, 409, "conflict")
    rename = await api.patch(resource.url(home["id"]), json={"name": "work"}, headers=headers)
    problem_of(rename, 409, "conflict")
    assert await resource.get(api, headers, home["id"]) == home
    # An object may change its own case; another user's names are no rivals.
    own = await api.patch(resource.url(home["id"]), json={"name": "HOME"}, headers=headers)
    assert own.status_code == 200
    await resource.create(api, new_user(), "Work")


async def test_malformed_json_is_a_400_problem(
    resource: NamedResource, module_api: Client, user_headers: dict[str, str]
) -> None:
    created = await resource.create(module_api, user_headers)
    json_headers = user_headers | {"Content-Type": "application/json"}
    for method, url in (("POST", resource.path), ("PATCH", resource.url(created["id"]))):
        response = await module_api.request(
            method, url, content=b'{"name": "Home"', headers=json_headers
        )
        problem_of(response, 400, "bad-request")
    assert await resource.get(module_api, user_headers, created["id"]) == created
    assert await resource.names(module_api, user_headers) == [resource.default_name]


async def test_bodies_off_the_schema_are_422_problems(
    resource: NamedResource, module_api: Client, user_headers: dict[str, str]
) -> None:
    bodies: list[object] = [
        {"name": "x", "unexpected": 1},
        # No mass assignment: what the server owns is never read from input.
        {"name": "x", "id": "01a215ac-9279-77c4-a403-30d4015d326e"},
        {"name": "x", "version": 7},
        {"name": None},
        "not an object",
        *resource.off_schema,
    ]
    for body in bodies:
        response = await module_api.post(resource.path, json=body, headers=user_headers)
        problem_of(response, 422, "validation-failed")
        assert response.json()["errors"], body
    assert await resource.names(module_api, user_headers) == []


async def test_patches_off_the_schema_are_422_problems_and_change_nothing(
    resource: NamedResource, module_api: Client, user_headers: dict[str, str]
) -> None:
    created = await resource.create(module_api, user_headers)
    for body in resource.off_schema_patches:
        response = await module_api.patch(
            resource.url(created["id"]), json=body, headers=user_headers
        )
        problem_of(response, 422, "validation-failed")
    assert await resource.get(module_api, user_headers, created["id"]) == created


async def test_delete_answers_204_and_the_object_is_gone(
    resource: NamedResource, module_api: Client, user_headers: dict[str, str]
) -> None:
    created = await resource.create(module_api, user_headers)
    url = resource.url(created["id"])

    response = await module_api.delete(url, headers=user_headers)
    assert (response.status_code, response.content) == (204, b"")
    problem_of(await module_api.get(url, headers=user_headers), 404, "not-found")
    problem_of(await module_api.delete(url, headers=user_headers), 404, "not-found")
    assert await resource.names(module_api, user_headers) == []
    # The name is free again.
    await resource.create(module_api, user_headers, str(created["name"]))


async def test_every_route_requires_a_user(
    resource: NamedResource, module_api: Client, user_headers: dict[str, str]
) -> None:
    created = await resource.create(module_api, user_headers)
    item = resource.url(created["id"])
    routes = (("GET", resource.path), ("POST", resource.path), ("GET", item), ("PATCH", item))
    for method, url in routes:
        body = {"name": "x"} if method in {"POST", "PATCH"} else None
        for headers in ({}, {"Authorization": "Bearer admin"}):
            response = await module_api.request(method, url, json=body, headers=headers)
            problem_of(response, 401, "unauthorized")
            assert response.headers["www-authenticate"] == "Bearer"
    problem_of(await module_api.delete(item), 401, "unauthorized")
    assert await resource.get(module_api, user_headers, created["id"]) == created


async def test_another_users_object_is_404_everywhere_and_stays_unchanged(
    resource: NamedResource, module_api: Client, user_headers: dict[str, str]
) -> None:
    mine = await resource.create(module_api, user_headers, "Private")
    url = resource.url(mine["id"])
    stranger = new_user()

    # A matching If-Match changes nothing: ownership is checked before any precondition.
    for headers in (stranger, stranger | {"If-Match": '"1"'}, stranger | {"If-Match": '"1", "2"'}):
        problem_of(await module_api.get(url, headers=headers), 404, "not-found")
        for body in ({"name": "Mine now"}, *resource.other_changes):
            response = await module_api.patch(url, json=body, headers=headers)
            problem_of(response, 404, "not-found")
        problem_of(await module_api.delete(url, headers=headers), 404, "not-found")

    listing = await module_api.get(resource.path, headers=stranger)
    assert listing.json() == {"items": [], "next_cursor": None}
    assert await resource.get(module_api, user_headers, mine["id"]) == mine


async def test_an_unknown_object_is_a_404_problem(
    resource: NamedResource, module_api: Client, user_headers: dict[str, str]
) -> None:
    url = f"{resource.path}/{uuid4()}"
    problem_of(await module_api.get(url, headers=user_headers), 404, "not-found")
    patched = await module_api.patch(url, json={"name": "x"}, headers=user_headers)
    problem_of(patched, 404, "not-found")
    problem_of(await module_api.delete(url, headers=user_headers), 404, "not-found")
    problem_of(await module_api.get(f"{resource.path}/42", headers=user_headers), 404, "not-found")


async def test_the_openapi_schema_names_every_operation(
    resource: NamedResource, module_api: Client
) -> None:
    paths = (await module_api.get("/schema/openapi.json")).json()["paths"]
    operations = {
        operation["operationId"] for path in paths.values() for operation in path.values()
    }
    assert set(resource.operations) <= operations
    one = next(path for path in paths if path.startswith(f"{resource.path}/"))
    assert "304" in paths[one]["get"]["responses"]
