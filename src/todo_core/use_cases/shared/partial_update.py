"""The rule every partial update (a PATCH) shares: it names at least one field.

An empty change is refused rather than answered as a no-op, the same way for todos, lists,
labels and the profile: a client that sends nothing has made a mistake worth hearing about.
The commands check it when they are made, so it is refused before anything is read, a
version included, as a body that does not fit the schema is.
"""

from __future__ import annotations

from todo_core.errors import ValidationFailed

__all__ = ["require_a_change"]


def require_a_change(**given: bool) -> None:
    """`given` says, per field name, whether the caller sent the field."""
    if not any(given.values()):
        raise ValidationFailed(f"give at least one of {', '.join(given)}")
