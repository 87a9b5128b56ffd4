"""GET /todos and GET /trash: every filter, every sort in both orders, and signed cursors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.e2e.todo_api_support import Client, core_app, create_todo, problem, user_id
from todo_core.domain.ids import UserId
from todo_core.use_cases import CreateLabelCommand, CreateListCommand

TODOS = "/api/v1/todos"
TRASH = "/api/v1/trash"
PRIORITIES = ["none", "low", "medium", "high", "urgent"]


async def _all_pages(
    api: Client, path: str, headers: dict[str, str], params: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every item, page after page of 2; each page's items in order."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(20):
        query = params | {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = await api.get(path, params=query, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= 2
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("the pages never ended")


def _titles(items: list[dict[str, Any]]) -> list[str]:
    return [item["title"] for item in items]


async def _seed_for_sorting(api: Client, headers: dict[str, str]) -> list[dict[str, Any]]:
    """Five todos, created in title order, each with its own priority and position; one without a
    due (sorted last by due, whichever the order) and two with the same due (ties by id)."""
    dues = ["2030-01-03", None, "2030-01-01", "2030-01-02", "2030-01-01"]
    created = []
    for index, (priority, due) in enumerate(zip(PRIORITIES[::-1], dues, strict=True)):
        todo = await create_todo(
            api,
            headers,
            title=f"todo {index}",
            priority=priority,
            due=None if due is None else {"date": due},
        )
        position = [30, 10, 50, 20, 40][index]
        moved = await api.patch(
            f"{TODOS}/{todo['id']}", json={"position": position}, headers=headers
        )
        created.append(moved.json())
    return created


def _expected(todos: list[dict[str, Any]], sort: str, descending: bool) -> list[str]:
    def key(todo: dict[str, Any]) -> Any:
        if sort == "created":
            return (datetime.fromisoformat(todo["created_at"]), todo["id"])
        if sort == "priority":
            return (PRIORITIES.index(todo["priority"]), todo["id"])
        if sort == "position":
            return (todo["position"], todo["id"])
        return (todo["due"]["date"], todo["id"])

    if sort == "due":
        with_due = sorted((t for t in todos if t["due"]), key=key, reverse=descending)
        return _titles(with_due + [t for t in todos if not t["due"]])
    return _titles(sorted(todos, key=key, reverse=descending))


async def test_every_sort_pages_through_every_todo_once_in_both_orders(
    api: Client, user_headers: dict[str, str]
) -> None:
    todos = await _seed_for_sorting(api, user_headers)
    for sort in ("created", "due", "priority", "position"):
        for order in ("asc", "desc"):
            items = await _all_pages(api, TODOS, user_headers, {"sort": sort, "order": order})
            assert _titles(items) == _expected(todos, sort, descending=order == "desc"), (
                sort,
                order,
            )
        # Without an order: newest first by creation, ascending for the others.
        default = await _all_pages(api, TODOS, user_headers, {"sort": sort})
        assert _titles(default) == _expected(todos, sort, descending=sort == "created"), sort


async def test_listed_todos_look_exactly_like_fetched_ones(
    api: Client, user_headers: dict[str, str]
) -> None:
    todo = await create_todo(
        api,
        user_headers,
        due={"datetime": "2030-06-01T07:30:00-04:00", "timezone": "America/New_York"},
        reminders=[{"before_due": "PT15M"}],
    )
    listed = (await api.get(TODOS, headers=user_headers)).json()
    fetched = (await api.get(f"{TODOS}/{todo['id']}", headers=user_headers)).json()
    assert listed == {"items": [fetched], "next_cursor": None}
    assert fetched == todo


async def test_every_filter(api: Client, user_headers: dict[str, str], database_url: str) -> None:
    owner = UserId(user_id(user_headers))
    async with core_app(database_url) as core:
        work = await core.create_list(CreateListCommand(actor=owner, name="Work"))
        urgent = await core.create_label(CreateLabelCommand(actor=owner, name="urgent"))
    await create_todo(api, user_headers, title="plain")
    await create_todo(
        api, user_headers, title="past due", due={"date": "2000-01-01"}, priority="high"
    )
    await create_todo(
        api,
        user_headers,
        title="Call Bob",
        notes="about the Invoice",
        list_id=str(work.id),
        labels=[str(urgent.id)],
        due={"datetime": "2030-01-01T12:00:00Z", "timezone": "UTC"},
        priority="medium",
    )
    done = await create_todo(api, user_headers, title="done", due={"date": "2001-01-01"})
    await api.post(f"{TODOS}/{done['id']}/complete", headers=user_headers)
    trashed = await create_todo(api, user_headers, title="trashed", priority="urgent")
    await api.delete(f"{TODOS}/{trashed['id']}", headers=user_headers)

    cases: list[tuple[dict[str, Any], set[str]]] = [
        ({}, {"plain", "past due", "Call Bob", "done"}),
        ({"status": "done"}, {"done"}),
        ({"status": "open"}, {"plain", "past due", "Call Bob"}),
        ({"list_id": str(work.id)}, {"Call Bob"}),
        ({"label_id": str(urgent.id)}, {"Call Bob"}),
        ({"priority_min": "medium"}, {"past due", "Call Bob"}),
        ({"priority_min": "high"}, {"past due"}),
        ({"due_before": "2029-01-01T00:00:00Z"}, {"past due", "done"}),
        ({"due_after": "2029-01-01T00:00:00Z"}, {"Call Bob"}),
        (
            {"due_after": "2000-06-01T00:00:00+02:00", "due_before": "2029-12-31T00:00:00Z"},
            {"done"},
        ),
        ({"overdue": "true"}, {"past due"}),
        ({"overdue": "false"}, {"plain", "past due", "Call Bob", "done"}),
        ({"q": "invoice"}, {"Call Bob"}),
        ({"q": "  bob "}, {"Call Bob"}),
        ({"q": "nothing like it"}, set()),
        ({"status": "open", "priority_min": "low", "overdue": "true"}, {"past due"}),
    ]
    for params, titles in cases:
        response = await api.get(TODOS, params=params, headers=user_headers)
        assert response.status_code == 200, (params, response.text)
        assert set(_titles(response.json()["items"])) == titles, params


async def test_the_trash_pages_and_its_cursors_are_its_own(
    api: Client, user_headers: dict[str, str]
) -> None:
    todos = [await create_todo(api, user_headers, title=f"old {n}") for n in range(3)]
    for todo in todos:
        await api.delete(f"{TODOS}/{todo['id']}", headers=user_headers)
    await create_todo(api, user_headers, title="alive")

    trashed = await _all_pages(api, TRASH, user_headers, {})
    assert _titles(trashed) == ["old 2", "old 1", "old 0"]
    assert all(item["version"] == 2 for item in trashed)
    first = (await api.get(TRASH, params={"limit": 1}, headers=user_headers)).json()
    # A cursor continues only the listing it came from.
    replayed = await api.get(TODOS, params={"cursor": first["next_cursor"]}, headers=user_headers)
    assert problem(replayed, 422)["field"] == "cursor"
    todos_page = (await api.get(TODOS, params={"limit": 1}, headers=user_headers)).json()
    assert todos_page["next_cursor"] is None
    problem(await api.get(TRASH, params={"limit": 201}, headers=user_headers), 422)


async def test_a_cursor_is_tamper_evident_and_bound_to_its_sort(
    api: Client, user_headers: dict[str, str]
) -> None:
    for n in range(3):
        await create_todo(api, user_headers, title=f"todo {n}")
    page = (await api.get(TODOS, params={"limit": 1}, headers=user_headers)).json()
    cursor = page["next_cursor"]
    payload, signature = cursor.split(".")
    tampered_payload = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB")
    for forged in (f"{tampered_payload}.{signature}", f"{payload}.{signature[::-1]}", "a.b.c"):
        response = await api.get(TODOS, params={"cursor": forged}, headers=user_headers)
        assert problem(response, 422)["field"] == "cursor"
    other_sort = await api.get(
        TODOS, params={"cursor": cursor, "sort": "priority"}, headers=user_headers
    )
    assert problem(other_sort, 422)["field"] == "cursor"
    other_order = await api.get(
        TODOS, params={"cursor": cursor, "order": "asc"}, headers=user_headers
    )
    assert problem(other_order, 422)["field"] == "cursor"
    honest = await api.get(TODOS, params={"cursor": cursor, "limit": 1}, headers=user_headers)
    assert _titles(honest.json()["items"]) == ["todo 1"]


# Refused by the declared types: Litestar lists them in `errors`, each with its source.
MISTYPED_PARAMETERS: list[tuple[dict[str, Any], str]] = [
    ({"status": "finished"}, "status"),
    ({"priority_min": "critical"}, "priority_min"),
    ({"sort": "title"}, "sort"),
    ({"order": "up"}, "order"),
    ({"list_id": "inbox"}, "list_id"),
    ({"label_id": "42"}, "label_id"),
    ({"due_before": "01/01/2030"}, "due_before"),
    ({"parent_id": "42"}, "parent_id"),
    ({"due_after": "tomorrow"}, "due_after"),
    ({"overdue": "maybe"}, "overdue"),
    ({"limit": 0}, "limit"),
    ({"limit": 201}, "limit"),
    ({"limit": -1}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"cursor": "x" * 501}, "cursor"),
]
# Well-typed but refused by the core: one `field`.
REFUSED_PARAMETERS: list[tuple[dict[str, Any], str]] = [
    ({"due_before": "2030-01-01T00:00:00"}, "due_before"),
    ({"due_after": "2030-02-30"}, "due_after"),
    ({"q": "x" * 201}, "q"),
    ({"cursor": "forged"}, "cursor"),
]


async def test_invalid_query_parameters_are_422_naming_the_parameter(
    api: Client, user_headers: dict[str, str]
) -> None:
    for path in (TODOS, TRASH):
        for params, field in MISTYPED_PARAMETERS:
            if path == TRASH and field not in ("limit", "cursor"):
                continue
            body = problem(await api.get(path, params=params, headers=user_headers), 422)
            errors = [(error["field"], error["source"]) for error in body["errors"]]
            assert errors == [(field, "query")], (path, params)
    for params, field in REFUSED_PARAMETERS:
        body = problem(await api.get(TODOS, params=params, headers=user_headers), 422)
        assert body["field"] == field, params


async def test_a_value_outside_a_closed_set_is_refused_naming_the_set(
    api: Client, user_headers: dict[str, str]
) -> None:
    await create_todo(api, user_headers, title="now", priority="urgent")
    await create_todo(api, user_headers, title="later", priority="high")
    urgent = await api.get(TODOS, params={"priority_min": "urgent"}, headers=user_headers)
    assert _titles(urgent.json()["items"]) == ["now"]
    allowed = {
        "status": "open, done",
        "priority_min": "none, low, medium, high, urgent",
        "sort": "created, due, priority, position",
        "order": "asc, desc",
    }
    for name, values in allowed.items():
        response = await api.get(TODOS, params={name: "URGENT"}, headers=user_headers)
        [error] = problem(response, 422)["errors"]
        assert error["field"] == name
        assert error["message"] == f"Invalid enum value 'URGENT': expected one of {values}"
