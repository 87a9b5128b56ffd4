"""The JSON shapes of the list resource (request and response), separate from the domain.

Request bodies name only what a client may set: id, owner, version and timestamps are never
read from input, and an unknown field is refused. In a PATCH an absent field is left as it is
(`UNSET`); `null` is not a value any of them takes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from entrypoints.http import field_rules
from entrypoints.http.strict_struct_schema import PatchBody
from todo_core.domain.list_name import MAX_LIST_NAME_LENGTH
from todo_core.domain.todo_list import MAX_LIST_POSITION
from todo_core.use_cases import ListPage, ListView

__all__ = ["CreateListRequest", "ListPageResource", "ListResource", "UpdateListRequest"]

# Checked by the domain (after trimming) and stated by `field_rules`; the bound here only caps
# the body.
_Name = Annotated[
    str,
    msgspec.Meta(max_length=1_000, extra_json_schema=field_rules.one_line(MAX_LIST_NAME_LENGTH)),
]
# Range-checked by the domain, so an out-of-range position is a 422 naming the field.
_Position = Annotated[
    int, msgspec.Meta(extra_json_schema={"minimum": 0, "maximum": MAX_LIST_POSITION})
]


class CreateListRequest(msgspec.Struct, forbid_unknown_fields=True):
    name: _Name


class UpdateListRequest(PatchBody):
    name: _Name | msgspec.UnsetType = msgspec.UNSET
    position: _Position | msgspec.UnsetType = msgspec.UNSET
    archived: bool | msgspec.UnsetType = msgspec.UNSET


class ListResource(msgspec.Struct):
    id: UUID
    name: str
    position: int
    archived: bool
    is_inbox: bool
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: ListView) -> ListResource:
        return cls(
            id=view.id,
            name=view.name,
            position=view.position,
            archived=view.archived,
            is_inbox=view.is_inbox,
            version=view.version,
            created_at=view.created_at,
            updated_at=view.updated_at,
        )


class ListPageResource(msgspec.Struct):
    items: list[ListResource]
    next_cursor: str | None

    @classmethod
    def of(cls, page: ListPage) -> ListPageResource:
        return cls(
            items=[ListResource.of(view) for view in page.items], next_cursor=page.next_cursor
        )
