"""Which topic each event type goes to, and how those topics are laid out.

One topic per aggregate, so a consumer subscribes to the facts it cares about and a todo's
events stay in one ordered stream: the record key is the aggregate id, and Kafka keeps one key
on one partition. Due reminders are todo events, but they get a topic of their own: the mailer
reads little else, and a burst of them (a popular due time) must not delay ordinary todo traffic.
Per-todo order therefore holds within each topic, not across `todos` and `reminders`.

Topic names end in `.vN`: changing a topic's partition count moves keys to other partitions and
breaks per-key order, so a repartition is a new topic, never an edit of the old one.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TOPICS", "EventTopics", "TopicSpec", "UnroutableEvent"]


class UnroutableEvent(ValueError):
    """An event type no topic is declared for: publishing it would lose it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicSpec:
    name: str
    partitions: int
    description: str


# Partition counts bound the consumers a group can run in parallel; the todo stream carries most
# of the traffic. Raising a count later is a new `.vN` topic (see the module docstring).
TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(name="todo.users.v1", partitions=3, description="user accounts"),
    TopicSpec(name="todo.lists.v1", partitions=6, description="todo lists"),
    TopicSpec(name="todo.labels.v1", partitions=6, description="labels"),
    TopicSpec(name="todo.todos.v1", partitions=12, description="todos, except due reminders"),
    TopicSpec(name="todo.reminders.v1", partitions=6, description="due reminders of todos"),
)

_BY_AGGREGATE = {
    "user": "todo.users.v1",
    "list": "todo.lists.v1",
    "label": "todo.labels.v1",
    "todo": "todo.todos.v1",
}
_BY_EVENT_TYPE = {"todo.todo.reminder_due.v1": "todo.reminders.v1"}


@dataclass(frozen=True, slots=True)
class EventTopics:
    """The routing table, with an optional name prefix (an environment's or a test's own topics)."""

    prefix: str = ""

    def topic_for(self, event_type: str) -> str:
        """The topic of `todo.<aggregate>.<event>.vN`; `UnroutableEvent` when there is none."""
        name = _BY_EVENT_TYPE.get(event_type)
        if name is None:
            parts = event_type.split(".")
            name = _BY_AGGREGATE.get(parts[1]) if len(parts) == 4 and parts[0] == "todo" else None
        if name is None:
            raise UnroutableEvent(f"no topic for event type {event_type!r}")
        return self.prefix + name

    def specs(self) -> tuple[TopicSpec, ...]:
        return tuple(
            TopicSpec(name=self.prefix + s.name, partitions=s.partitions, description=s.description)
            for s in TOPICS
        )
