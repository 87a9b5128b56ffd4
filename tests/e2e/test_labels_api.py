"""The label routes as a client sees them: statuses, headers, JSON shapes, problem details."""

from __future__ import annotations

from tests.e2e.resource_api_support import LABELS, Json, problem_of
from tests.e2e.todo_api_support import new_user
from tests.support.http_client import Client

LABEL_FIELDS = {"id", "name", "colour", "version", "created_at", "updated_at"}


async def test_create_then_get_returns_the_same_label(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    response = await module_api.post(
        LABELS.path, json={"name": "  urgent  ", "colour": " #FF0000 "}, headers=user_headers
    )

    assert response.status_code == 201
    created = response.json()
    assert set(created) == LABEL_FIELDS
    assert response.headers["location"] == LABELS.url(created["id"])
    assert response.headers["etag"] == '"1"'
    assert (created["name"], created["colour"], created["version"]) == ("urgent", "#ff0000", 1)
    assert created["created_at"].endswith("Z")

    fetched = await module_api.get(response.headers["location"], headers=user_headers)
    assert (fetched.status_code, fetched.headers["etag"]) == (200, '"1"')
    assert fetched.json() == created
    # Without a colour a label is grey.
    assert (await LABELS.create(module_api, user_headers))["colour"] == "#808080"


async def test_all_labels_come_at_once_by_name_ignoring_case(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    for name in ("work", "Errands", "home", "Zzz"):
        await LABELS.create(module_api, user_headers, name)

    response = await module_api.get(LABELS.path, headers=user_headers)

    assert response.status_code == 200
    page = response.json()
    assert page["next_cursor"] is None
    assert [item["name"] for item in page["items"]] == ["Errands", "home", "work", "Zzz"]
    assert all(set(item) == LABEL_FIELDS for item in page["items"])


async def test_patch_changes_only_the_fields_given(module_api: Client) -> None:
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
        created = await LABELS.create(module_api, headers)
        response = await module_api.patch(LABELS.url(created["id"]), json=body, headers=headers)

        assert response.status_code == 200, n
        updated = response.json()
        assert (updated["name"], updated["colour"], updated["version"]) == expected
        assert response.headers["etag"] == f'"{expected[2]}"'
        assert (updated["id"], updated["created_at"]) == (created["id"], created["created_at"])
        assert await LABELS.get(module_api, headers, created["id"]) == updated


async def test_invalid_labels_are_422_problems_naming_the_field(
    module_api: Client, user_headers: dict[str, str]
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
        response = await module_api.post(LABELS.path, json=body, headers=user_headers)
        problem_of(response, 422, "validation-failed")
        assert response.json()["field"] == field, body
    assert await LABELS.names(module_api, user_headers) == []


async def test_invalid_patches_are_422_problems_and_change_nothing(
    module_api: Client, user_headers: dict[str, str]
) -> None:
    created = await LABELS.create(module_api, user_headers)
    cases: list[tuple[Json, str | None]] = [
        ({}, None),
        ({"name": ""}, "name"),
        ({"colour": "#fff"}, "colour"),
        # Checked before anything changes: the valid rename must not happen either.
        ({"name": "fine", "colour": "blue"}, "colour"),
    ]
    for body, field in cases:
        response = await module_api.patch(
            LABELS.url(created["id"]), json=body, headers=user_headers
        )
        problem_of(response, 422, "validation-failed")
        assert response.json().get("field") == field, body
    assert await LABELS.get(module_api, user_headers, created["id"]) == created
