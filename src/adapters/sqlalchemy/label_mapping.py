"""Row <-> Label translation, kept beside the table so a new column is one diff in one place."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping

from todo_core.domain.colour import Colour
from todo_core.domain.ids import LabelId, UserId
from todo_core.domain.label import Label
from todo_core.domain.label_name import LabelName

__all__ = ["label_to_row", "row_to_label"]


def label_to_row(label: Label) -> dict[str, Any]:
    return {
        "id": label.id,
        "owner_id": label.owner_id,
        "name": label.name.value,
        # Written, never read back: the unique index compares it, the domain derives it.
        "name_key": label.name.key,
        "colour": label.colour.value,
        "created_at": label.created_at,
        "updated_at": label.updated_at,
        "version": label.version,
    }


def row_to_label(row: RowMapping) -> Label:
    return Label(
        id=LabelId(row["id"]),
        owner_id=UserId(row["owner_id"]),
        name=LabelName(row["name"]),
        colour=Colour(row["colour"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )
