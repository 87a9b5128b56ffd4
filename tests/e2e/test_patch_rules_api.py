"""The rules every resource shares, on real databases: a PATCH is all or nothing and names at
least one field, an unknown query parameter is refused on every route, subtasks are listed by
parent and can be detached, and due bounds take a plain date in the caller's zone."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from entrypoints.http.export_openapi import EXPORT_PATH
from tests.e2e.auth_support import authorised, fresh_email, log_in, serving
from tests.e2e.todo_api_support import Client, create_todo, new_user, problem

ROOT = Path(__file__).resolve().parents[2]
TODOS = "/api/v1/todos"
LISTS = "/api/v1/lists"
LABELS = "/api/v1/labels"


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[Client]:
    async with serving(database_url) as served:
        yield served


async def _account(client: Client, **fields: str) -> dict[str, str]:
    email = fresh_email()
    body = {"email": email, "password": "correct horse battery"} | fields
    assert (await client.post("/auth/register", json=body)).status_code == 201
    return authorised(await log_in(client, email))


async def _post(client: Client, path: str, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def _get(client: Client, path: str, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def test_an_empty_patch_is_refused_alike_on_every_resource(client: Client) -> None:
    headers = await _account(client)
    work = await _post(client, LISTS, headers, name="Work")
    label = await _post(client, LABELS, headers, name="home")
    todo = await _post(client, TODOS, headers, title="milk")
    for url in (f"{LISTS}/{work['id']}", f"{LABELS}/{label['id']}", f"{TODOS}/{todo['id']}"):
        before = await _get(client, url, headers)
        refused = problem(await client.patch(url, json={}, headers=headers), 422)
        assert refused["detail"].startswith("give at least one of"), url
        assert await _get(client, url, headers) == before
        # Like any body off the schema, before the version is read: not 412 for a stale tag.
        stale = headers | {"If-Match": '"99", "98"'}
        problem(await client.patch(url, json={}, headers=stale), 422)
    me = await _get(client, "/auth/me", headers)
    refused = problem(await client.patch("/auth/me", json={}, headers=headers), 422)
    assert (
        refused["detail"]
        == "give at least one of display_name, timezone, digest_enabled, digest_time"
    )
    assert await _get(client, "/auth/me", headers) == me


def _operations() -> list[tuple[str, str]]:
    document = json.loads((ROOT / EXPORT_PATH).read_text(encoding="utf-8"))
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", str(uuid4()), path))
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


async def test_every_operation_refuses_a_query_parameter_it_does_not_take(
    client: Client,
) -> None:
    operations = _operations()
    assert len(operations) > 20
    for method, path in operations:
        response = await client.request(method, path, params={"stauts": "done"})
        body = problem(response, 400)
        assert body["errors"] == [
            {"message": "unknown query parameter", "field": "stauts", "source": "query"}
        ], (method, path)


async def test_only_the_unknown_parameters_are_named(client: Client) -> None:
    headers = await _account(client)
    response = await client.get(
        TODOS, params={"status": "open", "stauts": "done", "limt": "5"}, headers=headers
    )
    body = problem(response, 400)
    assert [error["field"] for error in body["errors"]] == ["limt", "stauts"]
    assert (await client.get(TODOS, params={"status": "open"}, headers=headers)).status_code == 200


async def test_a_list_patch_whose_unarchive_is_refused_keeps_no_rename(client: Client) -> None:
    headers = await _account(client)
    await _post(client, LISTS, headers, name="Home")
    old = await _post(client, LISTS, headers, name="Old")
    url = f"{LISTS}/{old['id']}"
    archived = (await client.patch(url, json={"archived": True}, headers=headers)).json()

    # The rename alone would be allowed (the list is archived); coming back as "home" is not.
    refused = await client.patch(url, json={"name": "home", "archived": False}, headers=headers)
    problem(refused, 409)

    assert await _get(client, url, headers) == archived


async def test_a_todo_patch_whose_move_is_refused_keeps_no_edit_and_no_detach(
    client: Client,
) -> None:
    headers = await _account(client)
    old = await _post(client, LISTS, headers, name="Old")
    await client.patch(f"{LISTS}/{old['id']}", json={"archived": True}, headers=headers)
    parent = await _post(client, TODOS, headers, title="trip")
    child = await _post(client, TODOS, headers, title="pack", parent_id=parent["id"])
    url = f"{TODOS}/{child['id']}"

    refused = await client.patch(
        url,
        json={"title": "lost", "priority": "high", "parent_id": None, "list_id": old["id"]},
        headers=headers,
    )

    assert problem(refused, 422)["field"] == "list_id"
    assert await _get(client, url, headers) == child


async def test_subtasks_are_listed_by_parent_and_can_be_detached(client: Client) -> None:
    headers = await _account(client)
    parent = await _post(client, TODOS, headers, title="trip")
    pack, book = [
        await _post(client, TODOS, headers, title=title, parent_id=parent["id"])
        for title in ("pack", "book")
    ]
    await _post(client, TODOS, headers, title="unrelated")

    listed = await client.get(TODOS, params={"parent_id": parent["id"]}, headers=headers)
    assert {item["id"] for item in listed.json()["items"]} == {pack["id"], book["id"]}

    detached = await client.patch(
        f"{TODOS}/{pack['id']}", json={"parent_id": None}, headers=headers
    )
    assert detached.status_code == 200, detached.text
    assert (detached.json()["parent_id"], detached.json()["list_id"]) == (None, pack["list_id"])
    assert detached.json()["version"] == pack["version"] + 1
    listed = await client.get(TODOS, params={"parent_id": parent["id"]}, headers=headers)
    assert [item["id"] for item in listed.json()["items"]] == [book["id"]]

    # Re-parenting is not offered: only null is a value of parent_id.
    moved = await client.patch(
        f"{TODOS}/{pack['id']}", json={"parent_id": parent["id"]}, headers=headers
    )
    assert [error["field"] for error in problem(moved, 422)["errors"]] == ["parent_id"]


async def test_listing_by_someone_elses_or_a_missing_parent_is_empty(client: Client) -> None:
    owner = await _account(client)
    parent = await _post(client, TODOS, owner, title="trip")
    await _post(client, TODOS, owner, title="pack", parent_id=parent["id"])
    stranger = new_user()

    # As for list_id and label_id: a filter tells nothing about what is not the caller's.
    for parent_id in (parent["id"], str(uuid4())):
        response = await client.get(TODOS, params={"parent_id": parent_id}, headers=stranger)
        assert response.json() == {"items": [], "next_cursor": None}


async def test_a_missing_parent_of_a_new_subtask_is_invalid_input(client: Client) -> None:
    headers = await _account(client)
    response = await client.post(
        TODOS, json={"title": "orphan", "parent_id": str(uuid4())}, headers=headers
    )
    assert problem(response, 422)["field"] == "parent_id"


async def test_a_plain_date_bound_is_the_start_of_that_day_in_the_callers_zone(
    client: Client,
) -> None:
    headers = await _account(client, timezone="Asia/Tokyo")
    titles = {
        "all day on the 1st": {"date": "2030-01-01"},
        # 16:00 UTC on the 1st is 01:00 on the 2nd in Tokyo.
        "the 2nd in Tokyo": {"datetime": "2030-01-01T16:00:00Z", "timezone": "UTC"},
        "all day on the 2nd": {"date": "2030-01-02"},
        "all day on the 3rd": {"date": "2030-01-03"},
    }
    for title, due in titles.items():
        await create_todo(client, headers, title=title, due=due)
    await create_todo(client, headers, title="no due")

    async def listed(**params: str) -> set[str]:
        response = await client.get(TODOS, params=params, headers=headers)
        assert response.status_code == 200, response.text
        return {item["title"] for item in response.json()["items"]}

    assert await listed(due_before="2030-01-02") == {"all day on the 1st"}
    assert await listed(due_after="2030-01-02") == {
        "the 2nd in Tokyo",
        "all day on the 2nd",
        "all day on the 3rd",
    }
    assert await listed(due_after="2030-01-02", due_before="2030-01-03") == {
        "the 2nd in Tokyo",
        "all day on the 2nd",
    }
