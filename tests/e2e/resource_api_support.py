"""What the e2e tests of the label and list routes share: the calls every named resource
answers alike, and the problem check (the app per module is `module_api`, in conftest)."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from tests.e2e.todo_api_support import PROBLEM_JSON
from tests.support.http_client import Client

__all__ = ["LABELS", "LISTS", "Json", "NamedResource", "problem_of"]

Json = dict[str, object]


@dataclass(frozen=True)
class NamedResource:
    """A collection of named objects at `path`: labels, lists."""

    path: str
    operations: tuple[str, ...]
    # Changes besides a rename, each a step of one version.
    other_changes: tuple[Json, ...] = field(default=())
    default_name: str = "Work"
    # Bodies off the schema besides those every resource refuses: of a POST, of a PATCH.
    off_schema: tuple[object, ...] = field(default=())
    off_schema_patches: tuple[Json, ...] = field(default=())

    def url(self, object_id: object) -> str:
        return f"{self.path}/{object_id}"

    async def create(self, api: Client, headers: dict[str, str], name: str | None = None) -> Json:
        sent = {"name": self.default_name if name is None else name}
        response = await api.post(self.path, json=sent, headers=headers)
        assert response.status_code == 201, response.text
        created: Json = response.json()
        return created

    async def get(self, api: Client, headers: dict[str, str], object_id: object) -> Json:
        response = await api.get(self.url(object_id), headers=headers)
        assert response.status_code == 200, response.text
        body: Json = response.json()
        return body

    async def names(self, api: Client, headers: dict[str, str], **params: str | int) -> list[str]:
        response = await api.get(self.path, params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [item["name"] for item in response.json()["items"]]


LABELS = NamedResource(
    "/api/v1/labels",
    ("listLabels", "createLabel", "getLabel", "updateLabel", "deleteLabel"),
    other_changes=({"colour": "#000000"}, {"colour": "#00aa00"}),
    default_name="work",
    off_schema=({"name": "x", "colour": None}, {"colour": "#000000"}),
    off_schema_patches=(
        {"name": "x", "created_at": "2026-01-01T00:00:00Z"},
        {"colour": None},
        {"name": 7},
    ),
)
LISTS = NamedResource(
    "/api/v1/lists",
    ("listLists", "createList", "getList", "updateList", "deleteList"),
    other_changes=({"position": 4}, {"archived": True}),
    off_schema=({"name": "x", "is_inbox": True}, {"name": 42}, {}),
    off_schema_patches=(
        {"archived": True, "owner_id": "01a215ac-9279-77c4-a403-30d4015d326e"},
        {"name": None},
        {"position": 1.5},
        {"archived": "yes"},
    ),
)


def problem_of(response: httpx.Response, status: int, slug: str) -> None:
    """`response` is the problem `slug` with `status`; the message names the request."""
    sent = response.request
    case = f"{sent.method} {sent.url} If-Match={sent.headers.get('if-match')} {sent.content!r}"
    assert response.status_code == status, f"{case}: {response.text}"
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["type"] == f"urn:todo:problem:{slug}", case
