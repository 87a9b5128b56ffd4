from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from todo_core.domain.colour import DEFAULT_COLOUR, Colour
from todo_core.domain.events import DomainEvent
from todo_core.domain.ids import LabelId, UserId
from todo_core.domain.label import Label
from todo_core.domain.label_events import LabelCreated, LabelDeleted, LabelRecoloured, LabelRenamed
from todo_core.domain.label_name import LabelName

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)
OWNER = UserId(UUID(int=1))
LABEL_ID = LabelId(UUID(int=2))
RED = Colour("#ff0000")


def _label() -> Label:
    label = Label.create(
        label_id=LABEL_ID, owner_id=OWNER, name=LabelName("urgent"), colour=RED, now=NOW
    )
    label.pull_events()
    return label


def test_a_new_label_is_at_version_one_and_says_so() -> None:
    label = Label.create(
        label_id=LABEL_ID, owner_id=OWNER, name=LabelName("urgent"), colour=RED, now=NOW
    )
    assert (label.version, label.created_at, label.updated_at) == (1, NOW, NOW)
    assert label.pull_events() == [
        LabelCreated(
            occurred_at=NOW, label_id=LABEL_ID, owner_id=OWNER, name="urgent", colour="#ff0000"
        )
    ]


def test_renaming_bumps_the_version_and_records_the_new_name() -> None:
    label = _label()
    assert label.rename(LabelName("Urgent"), LATER) is True
    assert (label.name.value, label.version, label.updated_at) == ("Urgent", 2, LATER)
    assert label.pull_events() == [
        LabelRenamed(occurred_at=LATER, label_id=LABEL_ID, owner_id=OWNER, name="Urgent")
    ]


def test_recolouring_bumps_the_version_and_records_the_new_colour() -> None:
    label = _label()
    assert label.recolour(DEFAULT_COLOUR, LATER) is True
    assert (label.colour, label.version) == (DEFAULT_COLOUR, 2)
    assert label.pull_events() == [
        LabelRecoloured(occurred_at=LATER, label_id=LABEL_ID, owner_id=OWNER, colour="#808080")
    ]


def test_the_same_name_or_colour_changes_nothing() -> None:
    label = _label()
    assert label.rename(LabelName("urgent"), LATER) is False
    assert label.recolour(RED, LATER) is False
    assert (label.version, label.updated_at, label.pull_events()) == (1, NOW, [])


def test_marking_deleted_records_the_deletion_and_keeps_the_version() -> None:
    label = _label()
    label.mark_deleted(LATER)
    assert label.version == 1
    assert label.pull_events() == [
        LabelDeleted(occurred_at=LATER, label_id=LABEL_ID, owner_id=OWNER)
    ]


@pytest.mark.parametrize(
    ("event", "wire_type"),
    [
        (LabelCreated, "todo.label.created.v1"),
        (LabelRenamed, "todo.label.renamed.v1"),
        (LabelRecoloured, "todo.label.recoloured.v1"),
        (LabelDeleted, "todo.label.deleted.v1"),
    ],
)
def test_label_events_have_versioned_wire_types(event: type[DomainEvent], wire_type: str) -> None:
    assert event.event_type() == wire_type


def test_label_events_are_keyed_by_the_label() -> None:
    deleted = LabelDeleted(occurred_at=NOW, label_id=LABEL_ID, owner_id=OWNER)
    assert deleted.aggregate_id == LABEL_ID
