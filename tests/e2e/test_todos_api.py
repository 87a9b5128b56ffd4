"""The todo routes as a client sees them: the JSON shape, headers, and every refusal."""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

from tests.e2e.todo_api_support import (
    TODO_FIELDS,
    Client,
    core_app,
    create_todo,
    new_user,
    problem,
    user_id,
)
from todo_core.domain.ids import UserId
from todo_core.use_cases import CreateLabelCommand, CreateListCommand

TODOS = "/api/v1/todos"


async def test_create_then_get_returns_the_same_todo(
    api: Client, user_headers: dict[str, str]
) -> None:
    response = await api.post(
        TODOS, json={"title": "  buy milk  ", "notes": "2 litres"}, headers=user_headers
    )
    assert response.status_code == 201
    created = response.json()
    assert list(created) == TODO_FIELDS
    assert response.headers["location"] == f"{TODOS}/{created['id']}"
    assert response.headers["etag"] == '"1"'
    assert created["title"] == "buy milk"
    assert created["notes"] == "2 litres"
    assert created["status"] == "open"
    assert created["priority"] == "none"
    assert (created["due"], created["recurrence"], created["completed_at"]) == (None, None, None)
    assert (created["labels"], created["reminders"]) == ([], [])
    assert created["list_id"] is not None  # the Inbox, made on first use
    assert created["version"] == 1
    assert created["created_at"].endswith("Z")

    fetched = await api.get(response.headers["location"], headers=user_headers)
    assert fetched.status_code == 200
    assert fetched.headers["etag"] == '"1"'
    assert fetched.json() == created


async def test_create_with_every_writable_field(
    api: Client, user_headers: dict[str, str], database_url: str
) -> None:
    owner = UserId(user_id(user_headers))
    async with core_app(database_url) as core:
        work = await core.create_list(CreateListCommand(actor=owner, name="Work"))
        label = await core.create_label(CreateLabelCommand(actor=owner, name="errand"))
    body = {
        "title": "call the bank",
        "notes": "about the card",
        "list_id": str(work.id),
        "priority": "high",
        "due": {"datetime": "2030-03-04T15:00:00+00:00", "timezone": "Europe/Berlin"},
        "labels": [str(label.id), str(label.id)],
        "reminders": [{"at": "2030-03-04T10:00:00+01:00"}, {"before_due": "PT90M"}],
        "recurrence": {"rrule": "FREQ=WEEKLY", "mode": "completion"},
    }
    response = await api.post(TODOS, json=body, headers=user_headers)
    assert response.status_code == 201, response.text
    created = response.json()

    assert created["list_id"] == str(work.id)
    assert created["priority"] == "high"
    # Shown in its own zone: the same instant, the clock time as it reads in Berlin.
    assert created["due"] == {"datetime": "2030-03-04T16:00:00+01:00", "timezone": "Europe/Berlin"}
    assert created["labels"] == [str(label.id)]
    assert created["reminders"] == [
        {"at": "2030-03-04T09:00:00Z", "fire_at": "2030-03-04T09:00:00Z"},
        # A canonical duration; fired 90 minutes before the due.
        {"before_due": "PT1H30M", "fire_at": "2030-03-04T13:30:00Z"},
    ]
    assert created["recurrence"] == {"rrule": "FREQ=WEEKLY", "mode": "completion"}
    fetched = await api.get(f"{TODOS}/{created['id']}", headers=user_headers)
    assert fetched.json() == created


async def test_a_whole_day_due_and_a_reminder_before_it(
    api: Client, user_headers: dict[str, str]
) -> None:
    created = await create_todo(
        api,
        user_headers,
        due={"date": "2030-01-10"},
        reminders=[{"before_due": "P1W"}, {"before_due": "PT0S"}],
        recurrence={"rrule": "FREQ=DAILY"},
    )
    assert created["due"] == {"date": "2030-01-10"}
    # A whole-day due is reminded of from 09:00 on that day (the owner's zone, UTC here).
    assert created["reminders"] == [
        {"before_due": "P7D", "fire_at": "2030-01-03T09:00:00Z"},
        {"before_due": "PT0S", "fire_at": "2030-01-10T09:00:00Z"},
    ]
    assert created["recurrence"] == {"rrule": "FREQ=DAILY", "mode": "due"}


async def test_a_subtask_lives_in_its_parents_list(
    api: Client, user_headers: dict[str, str]
) -> None:
    parent = await create_todo(api, user_headers, title="parent")
    child = await create_todo(api, user_headers, title="child", parent_id=parent["id"])
    assert child["parent_id"] == parent["id"]
    assert child["list_id"] == parent["list_id"]

    grandchild = await api.post(
        TODOS, json={"title": "too deep", "parent_id": child["id"]}, headers=user_headers
    )
    assert problem(grandchild, 422)["field"] == "parent_id"


async def test_someone_elses_or_a_missing_parent_is_an_invalid_reference(
    api: Client, user_headers: dict[str, str]
) -> None:
    theirs = await create_todo(api, new_user(), title="not yours")
    for parent_id in (theirs["id"], str(uuid4())):
        response = await api.post(
            TODOS, json={"title": "child", "parent_id": parent_id}, headers=user_headers
        )
        assert problem(response, 422)["field"] == "parent_id"


async def test_someone_elses_list_or_label_is_an_invalid_reference(
    api: Client, user_headers: dict[str, str], database_url: str
) -> None:
    stranger = UserId(uuid4())
    async with core_app(database_url) as core:
        their_list = await core.create_list(CreateListCommand(actor=stranger, name="Secret"))
        their_label = await core.create_label(CreateLabelCommand(actor=stranger, name="secret"))
    for body, field in (
        ({"title": "x", "list_id": str(their_list.id)}, "list_id"),
        ({"title": "x", "labels": [str(their_label.id)]}, "labels"),
    ):
        response = await api.post(TODOS, json=body, headers=user_headers)
        assert problem(response, 422)["field"] == field
    assert (await api.get(TODOS, headers=user_headers)).json()["items"] == []


async def test_get_honours_if_none_match(api: Client, user_headers: dict[str, str]) -> None:
    todo = await create_todo(api, user_headers)
    url = f"{TODOS}/{todo['id']}"
    for header in ('"1"', 'W/"1"', '"7", "1"', "*"):
        response = await api.get(url, headers=user_headers | {"If-None-Match": header})
        assert response.status_code == 304, header
        assert response.headers["etag"] == '"1"'
        assert response.content == b""
    stale = await api.get(url, headers=user_headers | {"If-None-Match": '"0", "2"'})
    assert stale.status_code == 200
    assert stale.json() == todo


async def test_users_never_see_each_others_todos(api: Client, user_headers: dict[str, str]) -> None:
    mine = await create_todo(api, user_headers, title="private")
    stranger = new_user()

    response = await api.get(f"{TODOS}/{mine['id']}", headers=stranger)
    assert problem(response, 404)["type"] == "urn:todo:problem:not-found"
    listed = await api.get(TODOS, headers=stranger)
    assert listed.json() == {"items": [], "next_cursor": None}


_SOME_ID = uuid4()
EVERY_TODO_ROUTE = [
    ("GET", TODOS),
    ("POST", TODOS),
    ("GET", f"{TODOS}/{_SOME_ID}"),
    ("PATCH", f"{TODOS}/{_SOME_ID}"),
    ("DELETE", f"{TODOS}/{_SOME_ID}"),
    ("POST", f"{TODOS}/{_SOME_ID}/complete"),
    ("POST", f"{TODOS}/{_SOME_ID}/reopen"),
    ("POST", f"{TODOS}/{_SOME_ID}/restore"),
    ("GET", "/api/v1/trash"),
]


async def test_every_todo_route_requires_a_valid_user(api: Client) -> None:
    for method, path in EVERY_TODO_ROUTE:
        body = {"title": "x"} if method in ("POST", "PATCH") else None
        response = await api.request(method, path, json=body)
        problem(response, 401)
        assert response.headers["www-authenticate"] == "Bearer", (method, path)
    problem(await api.get(TODOS, headers={"Authorization": "Bearer admin"}), 401)


INVALID_TODOS: list[tuple[dict[str, Any], str]] = [
    ({"title": "   "}, "title"),
    ({"title": "a\u0000b"}, "title"),
    ({"title": "x" * 501}, "title"),
    ({"title": "x", "due": {}}, "due"),
    ({"title": "x", "due": {"date": "2030-01-01", "timezone": "UTC"}}, "due"),
    ({"title": "x", "due": {"datetime": "2030-01-01T09:00:00Z"}}, "due"),
    (
        {"title": "x", "due": {"datetime": "2030-01-01T09:00:00Z", "timezone": "Mars/Base"}},
        "due.timezone",
    ),
    ({"title": "x", "reminders": [{}]}, "reminders[0]"),
    (
        {"title": "x", "reminders": [{"at": "2030-01-01T09:00:00Z", "before_due": "PT1M"}]},
        "reminders[0]",
    ),
    (
        {"title": "x", "due": {"date": "2030-01-01"}, "reminders": [{"before_due": "P1M"}]},
        "reminders[0].before_due",
    ),
    (
        {
            "title": "x",
            "due": {"date": "2030-01-01"},
            "reminders": [{"before_due": "PT1M"}, {"before_due": "-PT1M"}],
        },
        "reminders[1].before_due",
    ),
    (
        {"title": "x", "due": {"date": "2030-01-01"}, "reminders": [{"before_due": "P400D"}]},
        "reminders",
    ),
    ({"title": "x", "reminders": [{"before_due": "PT1M"}]}, "reminders"),
    ({"title": "x", "recurrence": {"rrule": "FREQ=DAILY"}}, "recurrence"),
    (
        {"title": "x", "due": {"date": "2030-01-01"}, "recurrence": {"rrule": "FREQ=HOURLY"}},
        "recurrence",
    ),
]


async def test_invalid_todos_are_422_problems_naming_the_field(
    api: Client, user_headers: dict[str, str]
) -> None:
    for body, field in INVALID_TODOS:
        response = await api.post(TODOS, json=body, headers=user_headers)
        assert problem(response, 422)["field"] == field, body
    listed = await api.get(TODOS, headers=user_headers)
    assert listed.json()["items"] == []


MISFIT_BODIES: list[tuple[object, list[str | None]]] = [
    # No mass assignment: what the server owns is no field of the request.
    ({"title": "x", "id": str(uuid4())}, ["id"]),
    ({"title": "x", "version": 9}, ["version"]),
    ({"title": "x", "owner_id": str(uuid4())}, ["owner_id"]),
    ({"title": "x", "created_at": "2020-01-01T00:00:00Z"}, ["created_at"]),
    ({"title": "x", "status": "done"}, ["status"]),
    ({"title": "x", "unexpected": 1}, ["unexpected"]),
    ({"title": "x", "due": {"date": "2030-01-01", "hour": 9}}, ["due.hour"]),
    ({"notes": "no title"}, ["title"]),
    ({"title": 42}, ["title"]),
    ({"title": None}, ["title"]),
    ({"title": "x", "priority": "critical"}, ["priority"]),
    ({"title": "x", "labels": ["not-a-uuid"]}, ["labels[0]"]),
    (
        {"title": "x", "due": {"datetime": "2030-01-01T09:00:00", "timezone": "UTC"}},
        ["due.datetime"],
    ),
    (
        {"title": "x", "recurrence": {"rrule": "FREQ=DAILY", "mode": "whenever"}},
        ["recurrence.mode"],
    ),
    # The whole body is at fault: no field.
    ("not an object", [None]),
    (["title"], [None]),
    (None, [None]),
    ({"title": "x", "reminders": [{"fire_at": "2030-01-01T00:00:00Z"}]}, ["reminders[0].fire_at"]),
    ({"title": "x", "recurrence": {"mode": "due"}}, ["recurrence.rrule"]),
]


async def test_bodies_that_do_not_fit_the_schema_are_422_listing_the_errors(
    api: Client, user_headers: dict[str, str]
) -> None:
    headers = user_headers | {"Content-Type": "application/json"}
    for body, fields in MISFIT_BODIES:
        response = await api.post(TODOS, content=json.dumps(body), headers=headers)
        errors = problem(response, 422)["errors"]
        assert errors, body
        assert all(error["message"] for error in errors), body
        assert [error.get("field") for error in errors] == fields, body
    assert (await api.get(TODOS, headers=user_headers)).json()["items"] == []


async def test_bodies_that_are_not_json_are_400_problems(
    api: Client, user_headers: dict[str, str]
) -> None:
    headers = user_headers | {"Content-Type": "application/json"}
    todo_url = f"{TODOS}/{(await create_todo(api, user_headers))['id']}"
    for url, content in [
        (TODOS, b"{not json"),
        (TODOS, b'{"title": "x"'),
        (TODOS, b""),
        (TODOS, b"\xff\xfe"),
        (todo_url, b"{'title': 'x'}"),
        (todo_url, b""),
    ]:
        method = "POST" if url == TODOS else "PATCH"
        response = await api.request(method, url, content=content, headers=headers)
        assert problem(response, 400)["type"] == "urn:todo:problem:bad-request", content


async def test_a_body_over_64_kib_is_a_413_problem(
    api: Client, user_headers: dict[str, str]
) -> None:
    response = await api.post(
        TODOS, json={"title": "x", "notes": "n" * 65_536}, headers=user_headers
    )
    problem(response, 413)
    assert (await api.get(TODOS, headers=user_headers)).json()["items"] == []
    # Just under the limit is read, and judged on its merits (notes are capped far below).
    near = await api.post(TODOS, json={"title": "x", "notes": "n" * 65_000}, headers=user_headers)
    assert problem(near, 422)["field"] == "notes"


async def test_health_live_and_ready(api: Client, user_headers: dict[str, str]) -> None:
    # No relay runs here: the new todo's event waits in the outbox, and readiness says so.
    assert (await api.post(TODOS, json={"title": "x"}, headers=user_headers)).status_code == 201
    live = await api.get("/health/live")
    ready = await api.get("/health/ready")
    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ready"
    assert body["checks"] == {"database": "up"}
    assert body["outbox"]["unpublished"] >= 1
    assert body["outbox"]["oldest_age_seconds"] >= 0
    # Jobs by status; no sender runs in this app, so no counts of its own.
    assert set(body["mail"]) == {"pending", "sent", "failed"}


async def test_the_openapi_schema_names_every_operation(api: Client) -> None:
    response = await api.get("/schema/openapi.json")
    operations = {
        operation["operationId"]
        for path in response.json()["paths"].values()
        for operation in path.values()
    }
    assert {
        "createTodo",
        "getTodo",
        "listTodos",
        "updateTodo",
        "trashTodo",
        "completeTodo",
        "reopenTodo",
        "restoreTodo",
        "listTrash",
        "checkLiveness",
        "checkReadiness",
    } <= operations


async def test_routing_errors_are_problems_too(api: Client, user_headers: dict[str, str]) -> None:
    unknown = await api.get(f"{TODOS}/{uuid4()}", headers=user_headers)
    assert problem(unknown, 404)["type"] == "urn:todo:problem:not-found"
    problem(await api.get(f"{TODOS}/42", headers=user_headers), 404)  # not a UUID: no route
    wrong_method = await api.delete(TODOS, headers=user_headers)
    assert problem(wrong_method, 405)["type"] == "urn:todo:problem:method-not-allowed"
