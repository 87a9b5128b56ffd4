"""Dates at the edges of the calendar: refused with the range (422), or served; never a 500."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.todo_api_support import Client, create_todo, problem

TODOS = "/api/v1/todos"
RANGE = "from 1900-01-01 to 9998-12-31"
NEAR_YEAR_1 = "0001-01-01T00:00:00+14:00"
NEAR_YEAR_9999 = "9999-12-31T23:59:59-12:00"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"due": {"date": "9999-12-31"}}, "due"),
        ({"due": {"date": "0001-01-01"}, "reminders": [{"before_due": "P1D"}]}, "due"),
        ({"due": {"datetime": NEAR_YEAR_1, "timezone": "UTC"}}, "due"),
        ({"due": {"datetime": NEAR_YEAR_9999, "timezone": "Etc/GMT+12"}}, "due"),
        ({"reminders": [{"at": NEAR_YEAR_1}]}, "reminders"),
        ({"reminders": [{"at": NEAR_YEAR_9999}]}, "reminders"),
        ({"due": {"date": "1899-12-31"}}, "due"),
    ],
)
async def test_a_due_or_reminder_outside_the_range_is_a_422_naming_it(
    api: Client, user_headers: dict[str, str], body: dict[str, Any], field: str
) -> None:
    created = await api.post(TODOS, json={"title": "edge"} | body, headers=user_headers)
    refused = problem(created, 422)
    assert (refused["field"], RANGE in refused["detail"]) == (field, True), refused

    todo = await create_todo(api, user_headers)
    edited = await api.patch(f"{TODOS}/{todo['id']}", json=body, headers=user_headers)
    assert problem(edited, 422)["field"] == field


async def test_the_ends_of_the_range_are_served_with_reminders_and_recurrence(
    api: Client, user_headers: dict[str, str]
) -> None:
    first = await create_todo(
        api,
        user_headers,
        due={"date": "1900-01-01"},
        reminders=[{"before_due": "P365D"}, {"at": "1900-01-01T00:00:00+14:00"}],
    )
    assert first["reminders"][0]["fire_at"].startswith("1899-01-01T09:00:00")

    last = await create_todo(
        api,
        user_headers,
        due={"datetime": "9998-12-31T23:59:59-12:00", "timezone": "Etc/GMT+12"},
        reminders=[{"before_due": "PT1M"}],
        recurrence={"rrule": "FREQ=DAILY"},
    )
    completed = await api.post(f"{TODOS}/{last['id']}/complete", headers=user_headers)
    # No day after the range: the series ends instead of moving the due out of it.
    assert completed.status_code == 200, completed.text
    assert completed.json()["status"] == "done"


@pytest.mark.parametrize(
    "query",
    [
        {"due_before": NEAR_YEAR_1},
        {"due_after": NEAR_YEAR_9999},
        {"due_before": NEAR_YEAR_9999, "due_after": NEAR_YEAR_1},
    ],
)
async def test_listing_bounds_at_the_ends_of_the_calendar_are_served(
    api: Client, user_headers: dict[str, str], query: dict[str, str]
) -> None:
    todo = await create_todo(api, user_headers, due={"date": "2026-05-01"})

    listed = await api.get(TODOS, params=query, headers=user_headers)

    assert listed.status_code == 200, listed.text
    expected = [todo["id"]] if "due_before" in query and "due_after" in query else []
    assert [item["id"] for item in listed.json()["items"]] == expected
