"""Routing of event types to topics: one topic per aggregate, due reminders apart, and nothing
silently dropped."""

from __future__ import annotations

import pytest

from adapters.kafka import TOPICS, EventTopics, UnroutableEvent


@pytest.mark.parametrize(
    ("event_type", "topic"),
    [
        ("todo.user.registered.v1", "todo.users.v1"),
        ("todo.list.created.v1", "todo.lists.v1"),
        ("todo.label.recoloured.v1", "todo.labels.v1"),
        ("todo.todo.created.v1", "todo.todos.v1"),
        ("todo.todo.updated.v2", "todo.todos.v1"),
        ("todo.todo.reminder_due.v1", "todo.reminders.v1"),
    ],
)
def test_each_aggregate_has_its_topic_and_due_reminders_their_own(
    event_type: str, topic: str
) -> None:
    assert EventTopics().topic_for(event_type) == topic
    assert EventTopics("staging.").topic_for(event_type) == f"staging.{topic}"


@pytest.mark.parametrize("event_type", ["todo.gadget.made.v1", "todo.todo", "user.todo.x.v1"])
def test_an_event_type_without_a_topic_is_refused_not_dropped(event_type: str) -> None:
    with pytest.raises(UnroutableEvent, match="no topic"):
        EventTopics().topic_for(event_type)


def test_the_prefixed_specs_keep_names_unique_and_partition_counts() -> None:
    specs = EventTopics("t.").specs()
    assert [s.name for s in specs] == [f"t.{s.name}" for s in TOPICS]
    assert [s.partitions for s in specs] == [s.partitions for s in TOPICS]
    assert len({s.name for s in TOPICS}) == len(TOPICS) == 5
