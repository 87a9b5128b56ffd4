"""Purging from the trash over HTTP: one todo for good (with its subtasks), or the whole trash;
only the owner's, only trashed ones, `If-Match` honoured; each purged todo's event written."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select

from adapters.sqlalchemy import create_engine
from adapters.sqlalchemy.tables import outbox
from tests.e2e.todo_api_support import Client, create_todo, new_user, problem

TODOS = "/api/v1/todos"
TRASH = "/api/v1/trash"


async def _trashed(api: Client, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    todo = await create_todo(api, headers, **({"title": "old"} | fields))
    trashed = await api.delete(f"{TODOS}/{todo['id']}", headers=headers)
    assert trashed.status_code == 204, trashed.text
    return todo


async def _purged_events(database_url: str, todo_id: str) -> int:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.scalars(
                select(outbox.c.id).where(
                    outbox.c.event_type == "todo.todo.purged.v1",
                    outbox.c.aggregate_id == UUID(todo_id),
                )
            )
            return len(rows.all())
    finally:
        await engine.dispose()


async def _trash_ids(api: Client, headers: dict[str, str]) -> list[str]:
    page = (await api.get(TRASH, headers=headers)).json()
    return [item["id"] for item in page["items"]]


async def test_a_trashed_todo_and_its_subtask_are_purged_for_good(
    api: Client, user_headers: dict[str, str], database_url: str
) -> None:
    parent = await create_todo(api, user_headers, title="parent")
    child = await create_todo(api, user_headers, title="child", parent_id=parent["id"])
    assert (await api.delete(f"{TODOS}/{parent['id']}", headers=user_headers)).status_code == 204
    kept = await _trashed(api, user_headers, title="kept")

    stale = await api.delete(f"{TRASH}/{parent['id']}", headers=user_headers | {"If-Match": '"1"'})
    problem(stale, 412)
    purged = await api.delete(f"{TRASH}/{parent['id']}", headers=user_headers)

    assert purged.status_code == 204, purged.text
    assert await _trash_ids(api, user_headers) == [kept["id"]]
    problem(await api.get(f"{TODOS}/{parent['id']}", headers=user_headers), 404)
    problem(await api.get(f"{TODOS}/{child['id']}", headers=user_headers), 404)
    assert await _purged_events(database_url, parent["id"]) == 1
    assert await _purged_events(database_url, child["id"]) == 1
    problem(await api.delete(f"{TRASH}/{parent['id']}", headers=user_headers), 404)


async def test_only_a_trashed_todo_of_ones_own_can_be_purged(
    api: Client, user_headers: dict[str, str]
) -> None:
    live = await create_todo(api, user_headers, title="live")
    theirs = await _trashed(api, new_user())

    problem(await api.delete(f"{TRASH}/{live['id']}", headers=user_headers), 409)
    # Someone else's todo does not exist for the caller, trashed or not.
    problem(await api.delete(f"{TRASH}/{theirs['id']}", headers=user_headers), 404)
    assert (await api.get(f"{TODOS}/{live['id']}", headers=user_headers)).status_code == 200


async def test_emptying_the_trash_purges_every_trashed_todo_and_nothing_else(
    api: Client, user_headers: dict[str, str]
) -> None:
    live = await create_todo(api, user_headers, title="live")
    for n in range(3):
        await _trashed(api, user_headers, title=f"old {n}")
    others = new_user()
    theirs = await _trashed(api, others)

    emptied = await api.delete(TRASH, headers=user_headers)

    assert emptied.status_code == 204, emptied.text
    assert await _trash_ids(api, user_headers) == []
    assert (await api.get(f"{TODOS}/{live['id']}", headers=user_headers)).status_code == 200
    assert await _trash_ids(api, others) == [theirs["id"]]
    assert (await api.delete(TRASH, headers=user_headers)).status_code == 204
