"""Every event type the service publishes, by wire name: what a consumer calls a known type.

A consumer meeting a type outside this set (a newer version, a typo, another system's event)
cannot know what it means, so it sets the message aside instead of guessing.
"""

from __future__ import annotations

# Imported for their side effect: each module defines its event classes, which the walk below
# finds as subclasses of DomainEvent.
import todo_core.domain.label_events
import todo_core.domain.list_events
import todo_core.domain.todo_events
import todo_core.domain.user_events  # noqa: F401
from todo_core.domain.events import DomainEvent

__all__ = ["published_event_types"]


def published_event_types() -> frozenset[str]:
    """`todo.<aggregate>.<event>.v<N>` of every concrete event class."""
    found: set[str] = set()
    pending = list(DomainEvent.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        # Intermediate bases (e.g. TodoEvent) name an aggregate but no event.
        if "event_name" in _class_variables(cls):
            found.add(cls.event_type())
    return frozenset(found)


def _class_variables(cls: type) -> set[str]:
    return {name for klass in cls.__mro__ if klass is not DomainEvent for name in vars(klass)}
