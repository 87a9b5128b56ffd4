"""The JSON shapes of the label resource (request and response), separate from the domain.

Request bodies name only what a client may set: id, owner, version and timestamps are never
read from input, and an unknown field is refused. An absent `colour` on create means the
default grey; in a PATCH an absent field is left as it is. `null` is not a value either takes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from entrypoints.http import field_rules
from entrypoints.http.strict_struct_schema import PatchBody
from todo_core.domain.label_name import MAX_LABEL_NAME_LENGTH
from todo_core.use_cases import LabelView

__all__ = ["CreateLabelRequest", "LabelPageResource", "LabelResource", "UpdateLabelRequest"]

# Checked by the domain (after trimming) and stated by `field_rules`; the bounds here only cap
# the body.
_Name = Annotated[
    str,
    msgspec.Meta(max_length=1_000, extra_json_schema=field_rules.one_line(MAX_LABEL_NAME_LENGTH)),
]
_Colour = Annotated[str, msgspec.Meta(max_length=100, extra_json_schema=field_rules.COLOUR)]


class CreateLabelRequest(msgspec.Struct, forbid_unknown_fields=True):
    name: _Name
    colour: _Colour | msgspec.UnsetType = msgspec.UNSET


class UpdateLabelRequest(PatchBody):
    name: _Name | msgspec.UnsetType = msgspec.UNSET
    colour: _Colour | msgspec.UnsetType = msgspec.UNSET


class LabelResource(msgspec.Struct):
    id: UUID
    name: str
    colour: str
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: LabelView) -> LabelResource:
        return cls(
            id=view.id,
            name=view.name,
            colour=view.colour,
            version=view.version,
            created_at=view.created_at,
            updated_at=view.updated_at,
        )


class LabelPageResource(msgspec.Struct):
    """All of the caller's labels at once: the shape of every collection, never a next page."""

    items: list[LabelResource]
    next_cursor: str | None

    @classmethod
    def of(cls, views: Iterable[LabelView]) -> LabelPageResource:
        return cls(items=[LabelResource.of(view) for view in views], next_cursor=None)
