"""A route declared through `Routes` is documented from its signature and its controller."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Litestar
from litestar.params import FromPath, JSONBody

from entrypoints.http.etags import IfMatch, IfNoneMatch
from entrypoints.http.routes import Routes

_ROUTES = Routes((503,), idempotent_posts=True)


class _Thing(msgspec.Struct):
    name: str


class _Things(Controller):
    path = "/things"

    @_ROUTES.get("/", "listThings", "List")
    async def list_all(self) -> list[_Thing]:
        return []

    @_ROUTES.get("/{thing_id:uuid}", "getThing", "Get", one=True)
    async def get_one(self, thing_id: FromPath[UUID], if_none_match: IfNoneMatch = None) -> _Thing:
        return _Thing(name="x")

    @_ROUTES.patch("/{thing_id:uuid}", "updateThing", "Change", 409, one=True)
    async def update(
        self, thing_id: FromPath[UUID], data: JSONBody[_Thing], if_match: IfMatch = None
    ) -> _Thing:
        return data

    @_ROUTES.post("/", "createThing", "Create")
    async def create(self, data: JSONBody[_Thing]) -> _Thing:
        return data


def _operations() -> dict[str, dict[str, Any]]:
    document = Litestar([_Things]).openapi_schema.to_schema()
    return {
        operation["operationId"]: operation
        for path in document["paths"].values()
        for operation in path.values()
    }


def _statuses(operation: dict[str, Any]) -> list[str]:
    return sorted(operation["responses"])


def test_a_route_without_parameters_documents_only_its_controllers_problems() -> None:
    assert _statuses(_operations()["listThings"]) == ["200", "400", "503"]


def test_what_the_signature_says_is_documented_from_it() -> None:
    operations = _operations()
    assert _statuses(operations["getThing"]) == ["200", "304", "400", "404", "503"]
    assert _statuses(operations["updateThing"]) == [
        *("200", "400", "404", "409", "412", "413", "415", "422", "503")
    ]
    assert "ETag" in operations["updateThing"]["responses"]["200"]["headers"]


def test_a_post_creates_with_location_and_takes_an_idempotency_key() -> None:
    create = _operations()["createThing"]
    assert _statuses(create) == ["201", "400", "409", "413", "415", "422", "503"]
    assert {"ETag", "Location", "Idempotent-Replayed"} <= set(create["responses"]["201"]["headers"])
    assert [p["name"] for p in create["parameters"]] == ["Idempotency-Key"]
