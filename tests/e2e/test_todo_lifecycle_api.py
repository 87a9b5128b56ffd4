"""A todo's life over HTTP: edit, move, complete, reopen, trash, restore; versions; BOLA."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from tests.e2e.todo_api_support import Client, core_app, create_todo, new_user, problem, user_id
from todo_core.domain.ids import UserId
from todo_core.use_cases import CreateLabelCommand, CreateListCommand, PatchListCommand

TODOS = "/api/v1/todos"
TRASH = "/api/v1/trash"


def _ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


async def test_the_whole_life_of_a_recurring_todo(
    api: Client, user_headers: dict[str, str], database_url: str
) -> None:
    async with core_app(database_url) as core:
        label = await core.create_label(
            CreateLabelCommand(actor=UserId(user_id(user_headers)), name="home")
        )
    todo = await create_todo(
        api,
        user_headers,
        title="water the plants",
        due={"date": "2030-01-07"},
        reminders=[{"before_due": "PT1H"}],
        recurrence={"rrule": "FREQ=WEEKLY", "mode": "due"},
        labels=[str(label.id)],
    )
    url = f"{TODOS}/{todo['id']}"

    patched = await api.patch(
        url,
        json={"title": "water the plants", "notes": "the fern too", "priority": "low"},
        headers=user_headers | {"If-Match": '"1"'},
    )
    assert patched.status_code == 200, patched.text
    assert patched.headers["etag"] == '"2"'
    assert patched.json()["notes"] == "the fern too"
    assert patched.json()["labels"] == [str(label.id)]

    # Recurring: this occurrence is done, the todo stays open a week later, its reminder too.
    completed = await api.post(f"{url}/complete", headers=user_headers | {"If-Match": '"2"'})
    assert completed.status_code == 200, completed.text
    assert completed.headers["etag"] == '"3"'
    occurrence = completed.json()
    assert occurrence["status"] == "open"
    assert occurrence["completed_at"] is None
    assert occurrence["due"] == {"date": "2030-01-14"}
    assert occurrence["reminders"] == [{"before_due": "PT1H", "fire_at": "2030-01-14T08:00:00Z"}]

    # Without its rule it completes for good, and reopens.
    stopped = await api.patch(url, json={"recurrence": None}, headers=user_headers)
    assert stopped.json()["recurrence"] is None
    assert stopped.json()["due"] == {"date": "2030-01-14"}
    done = (await api.post(f"{url}/complete", headers=user_headers)).json()
    assert done["status"] == "done"
    assert done["completed_at"] is not None
    reopened = await api.post(f"{url}/reopen", headers=user_headers | {"If-Match": '"5"'})
    assert reopened.status_code == 200, reopened.text
    assert (reopened.json()["status"], reopened.json()["completed_at"]) == ("open", None)
    assert reopened.headers["etag"] == '"6"'

    deleted = await api.delete(url, headers=user_headers | {"If-Match": '"6"'})
    assert deleted.status_code == 204
    assert deleted.content == b""
    problem(await api.get(url, headers=user_headers), 404)
    assert _ids((await api.get(TODOS, headers=user_headers)).json()) == []
    trash = (await api.get(TRASH, headers=user_headers)).json()
    assert _ids(trash) == [todo["id"]]
    assert trash["items"][0]["version"] == 7
    problem(await api.post(f"{url}/complete", headers=user_headers), 404)
    problem(await api.patch(url, json={"title": "x"}, headers=user_headers), 404)
    problem(await api.delete(url, headers=user_headers), 404)

    restored = await api.post(f"{url}/restore", headers=user_headers)
    assert restored.status_code == 200, restored.text
    assert restored.headers["etag"] == '"8"'
    assert restored.json()["status"] == "open"
    assert (await api.get(url, headers=user_headers)).json() == restored.json()
    assert _ids((await api.get(TRASH, headers=user_headers)).json()) == []
    # Restoring what is not in the trash changes nothing.
    again = await api.post(f"{url}/restore", headers=user_headers)
    assert again.json() == restored.json()


async def test_complete_and_reopen_are_idempotent(
    api: Client, user_headers: dict[str, str]
) -> None:
    url = f"{TODOS}/{(await create_todo(api, user_headers))['id']}"
    first = (await api.post(f"{url}/complete", headers=user_headers)).json()
    second = (await api.post(f"{url}/complete", headers=user_headers)).json()
    assert second == first
    await api.post(f"{url}/reopen", headers=user_headers)
    reopened = (await api.post(f"{url}/reopen", headers=user_headers)).json()
    assert (reopened["status"], reopened["version"]) == ("open", 3)


async def test_patch_changes_only_what_is_sent_and_null_clears(
    api: Client, user_headers: dict[str, str]
) -> None:
    todo = await create_todo(
        api,
        user_headers,
        notes="keep me",
        priority="medium",
        due={"datetime": "2030-05-01T12:00:00Z", "timezone": "UTC"},
        reminders=[{"at": "2030-05-01T08:00:00Z"}],
        recurrence={"rrule": "FREQ=MONTHLY"},
    )
    url = f"{TODOS}/{todo['id']}"

    # As on every resource: a PATCH that names no field is a mistake, not a no-op.
    nothing = await api.patch(url, json={}, headers=user_headers)
    assert "at least one" in problem(nothing, 422)["detail"]

    titled = (await api.patch(url, json={"title": "renamed"}, headers=user_headers)).json()
    assert titled["title"] == "renamed"
    unchanged = {k: v for k, v in todo.items() if k not in ("title", "version", "updated_at")}
    assert {k: titled[k] for k in unchanged} == unchanged

    cleared = (
        await api.patch(url, json={"recurrence": None, "due": None}, headers=user_headers)
    ).json()
    assert (cleared["due"], cleared["recurrence"]) == (None, None)
    assert cleared["reminders"] == todo["reminders"]
    assert cleared["notes"] == "keep me"

    emptied = (
        await api.patch(
            url, json={"reminders": [], "labels": [], "notes": ""}, headers=user_headers
        )
    ).json()
    assert (emptied["reminders"], emptied["labels"], emptied["notes"]) == ([], [], "")


UNWRITABLE: list[tuple[dict[str, Any], str]] = [
    ({"title": None}, "title"),
    ({"priority": None}, "priority"),
    ({"labels": None}, "labels"),
    ({"list_id": None}, "list_id"),
    ({"position": -1}, "position"),
    ({"position": 2**31}, "position"),
    ({"parent_id": str(uuid4())}, "parent_id"),
    ({"version": 9}, "version"),
    ({"status": "done"}, "status"),
    ({"completed_at": "2030-01-01T00:00:00Z"}, "completed_at"),
]


async def test_patch_refuses_what_cannot_be_written(
    api: Client, user_headers: dict[str, str]
) -> None:
    todo = await create_todo(api, user_headers)
    url = f"{TODOS}/{todo['id']}"
    for body, field in UNWRITABLE:
        response = await api.patch(url, json=body, headers=user_headers)
        assert [error.get("field") for error in problem(response, 422)["errors"]] == [field]
    assert (await api.get(url, headers=user_headers)).json() == todo


async def test_clearing_the_due_of_a_todo_with_a_relative_reminder_is_refused(
    api: Client, user_headers: dict[str, str]
) -> None:
    todo = await create_todo(
        api, user_headers, due={"date": "2030-01-01"}, reminders=[{"before_due": "P1D"}]
    )
    url = f"{TODOS}/{todo['id']}"
    response = await api.patch(url, json={"due": None}, headers=user_headers)
    assert problem(response, 422)["field"] == "reminders"
    assert (await api.get(url, headers=user_headers)).json() == todo


async def test_patch_moves_between_lists_and_reorders(
    api: Client, user_headers: dict[str, str], database_url: str
) -> None:
    owner = UserId(user_id(user_headers))
    async with core_app(database_url) as core:
        work = await core.create_list(CreateListCommand(actor=owner, name="Work"))
        old = await core.create_list(CreateListCommand(actor=owner, name="Old"))
        await core.patch_list(PatchListCommand(actor=owner, list_id=old.id, archived=True))
    todo = await create_todo(api, user_headers, title="report")
    child = await create_todo(api, user_headers, title="draft", parent_id=todo["id"])
    url = f"{TODOS}/{todo['id']}"

    moved = (await api.patch(url, json={"list_id": str(work.id)}, headers=user_headers)).json()
    assert moved["list_id"] == str(work.id)
    assert moved["position"] == 0  # last of an empty list
    child_now = (await api.get(f"{TODOS}/{child['id']}", headers=user_headers)).json()
    assert child_now["list_id"] == str(work.id)  # subtasks follow

    reordered = (await api.patch(url, json={"position": 7}, headers=user_headers)).json()
    assert (reordered["list_id"], reordered["position"]) == (str(work.id), 7)
    # Naming the list it is in already moves nothing.
    same = await api.patch(url, json={"list_id": str(work.id)}, headers=user_headers)
    assert same.json() == reordered

    both = await api.patch(
        url,
        json={"title": "final report", "position": 2, "list_id": str(work.id)},
        headers=user_headers | {"If-Match": f'"{reordered["version"]}"'},
    )
    assert both.status_code == 200, both.text
    assert (both.json()["title"], both.json()["position"]) == ("final report", 2)
    assert both.headers["etag"] == f'"{both.json()["version"]}"'

    # One transaction: a refused move leaves the edit unwritten too.
    for target in (str(old.id), str(uuid4())):
        refused = await api.patch(
            url, json={"title": "lost edit", "list_id": target}, headers=user_headers
        )
        assert problem(refused, 422)["field"] == "list_id"
    subtask = await api.patch(
        f"{TODOS}/{child['id']}",
        json={"title": "lost edit", "list_id": todo["list_id"]},
        headers=user_headers,
    )
    assert problem(subtask, 422)["field"] == "list_id"
    assert (await api.get(url, headers=user_headers)).json() == both.json()
    assert (await api.get(f"{TODOS}/{child['id']}", headers=user_headers)).json()["title"] == (
        "draft"
    )


async def test_if_match_guards_every_change(api: Client, user_headers: dict[str, str]) -> None:
    todo = await create_todo(api, user_headers)
    url = f"{TODOS}/{todo['id']}"
    stale_requests = [
        ("PATCH", url, {"title": "lost update"}),
        ("DELETE", url, None),
        ("POST", f"{url}/complete", None),
        ("POST", f"{url}/reopen", None),
    ]
    for header in ('"2"', 'W/"1"', '"0", "2"', "1", '"abc"'):
        for method, path, body in stale_requests:
            response = await api.request(
                method, path, json=body, headers=user_headers | {"If-Match": header}
            )
            assert problem(response, 412)["type"] == "urn:todo:problem:precondition-failed"
    assert (await api.get(url, headers=user_headers)).json() == todo

    for header, version in (('"1"', 2), ("*", 3), ('"9", "3"', 4)):
        response = await api.patch(
            url, json={"notes": str(version)}, headers=user_headers | {"If-Match": header}
        )
        assert response.status_code == 200, (header, response.text)
        assert response.headers["etag"] == f'"{version}"'


async def test_a_subtask_waits_for_its_trashed_parent(
    api: Client, user_headers: dict[str, str]
) -> None:
    parent = await create_todo(api, user_headers, title="parent")
    child = await create_todo(api, user_headers, title="child", parent_id=parent["id"])
    await api.delete(f"{TODOS}/{parent['id']}", headers=user_headers)
    trash = (await api.get(TRASH, headers=user_headers)).json()
    assert sorted(_ids(trash)) == sorted([parent["id"], child["id"]])

    early = await api.post(f"{TODOS}/{child['id']}/restore", headers=user_headers)
    assert problem(early, 409)["type"] == "urn:todo:problem:conflict"
    await api.post(f"{TODOS}/{parent['id']}/restore", headers=user_headers)
    assert (await api.get(f"{TODOS}/{child['id']}", headers=user_headers)).status_code == 200


async def test_completing_a_parent_completes_its_subtasks(
    api: Client, user_headers: dict[str, str]
) -> None:
    parent = await create_todo(api, user_headers, title="parent")
    child = await create_todo(api, user_headers, title="child", parent_id=parent["id"])
    await api.post(f"{TODOS}/{parent['id']}/complete", headers=user_headers)
    fetched = (await api.get(f"{TODOS}/{child['id']}", headers=user_headers)).json()
    assert fetched["status"] == "done"


async def _trashed(api: Client, headers: dict[str, str]) -> dict[str, Any]:
    todo = await create_todo(api, headers)
    await api.delete(f"{TODOS}/{todo['id']}", headers=headers)
    page = (await api.get(TRASH, headers=headers)).json()
    trashed: dict[str, Any] = page["items"][0]
    return trashed


BOLA_ROUTES = [
    ("GET", "", None),
    ("PATCH", "", {"title": "hijacked"}),
    ("PATCH", "", {"position": 0}),
    ("DELETE", "", None),
    ("POST", "/complete", None),
    ("POST", "/reopen", None),
    ("POST", "/restore", None),
]


@pytest.mark.parametrize("in_trash", [False, True], ids=["live", "trashed"])
async def test_another_user_gets_404_on_every_route_and_changes_nothing(
    api: Client, user_headers: dict[str, str], in_trash: bool
) -> None:
    if in_trash:
        todo = await _trashed(api, user_headers)
    else:
        todo = await create_todo(api, user_headers, due={"date": "2030-01-01"})
        await api.post(f"{TODOS}/{todo['id']}/complete", headers=user_headers)
        todo = (await api.get(f"{TODOS}/{todo['id']}", headers=user_headers)).json()
    intruder = new_user()

    for method, suffix, body in BOLA_ROUTES:
        for headers in (intruder, intruder | {"If-Match": f'"{todo["version"]}"'}):
            response = await api.request(
                method, f"{TODOS}/{todo['id']}{suffix}", json=body, headers=headers
            )
            assert problem(response, 404)["type"] == "urn:todo:problem:not-found", (method, suffix)

    view = TRASH if in_trash else TODOS
    assert (await api.get(view, headers=user_headers)).json()["items"] == [todo]
    assert (await api.get(view, headers=intruder)).json()["items"] == []


async def test_another_users_list_and_labels_cannot_be_used_in_a_patch(
    api: Client, user_headers: dict[str, str], database_url: str
) -> None:
    stranger = UserId(uuid4())
    async with core_app(database_url) as core:
        their_list = await core.create_list(CreateListCommand(actor=stranger, name="Theirs"))
        their_label = await core.create_label(CreateLabelCommand(actor=stranger, name="theirs"))
    todo = await create_todo(api, user_headers)
    url = f"{TODOS}/{todo['id']}"
    for body, field in (
        ({"list_id": str(their_list.id)}, "list_id"),
        ({"labels": [str(their_label.id)]}, "labels"),
    ):
        response = await api.patch(url, json=body, headers=user_headers)
        assert problem(response, 422)["field"] == field
    assert (await api.get(url, headers=user_headers)).json() == todo
