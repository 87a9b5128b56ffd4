"""Every event type the service publishes, by wire name: what a consumer calls a known type.

A consumer meeting a type outside this set (a newer version, a typo, another system's event)
cannot know what it means, so it sets the message aside instead of guessing.
"""

from __future__ import annotations

from types import ModuleType

from todo_core.domain import label_events, list_events, todo_events, user_events
from todo_core.domain.events import DomainEvent

__all__ = ["published_event_types"]

# The modules that define the published events; each names its event classes in `__all__`.
_EVENT_MODULES: tuple[ModuleType, ...] = (label_events, list_events, todo_events, user_events)


def published_event_types() -> frozenset[str]:
    """`todo.<aggregate>.<event>.v<N>` of every concrete event class of the core."""
    classes = (getattr(module, name) for module in _EVENT_MODULES for name in module.__all__)
    return frozenset(
        cls.event_type()
        for cls in classes
        # Intermediate bases (e.g. TodoEvent) name an aggregate but no event.
        if isinstance(cls, type) and issubclass(cls, DomainEvent) and hasattr(cls, "event_name")
    )
