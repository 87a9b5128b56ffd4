"""todo_core: the TODO domain and its use cases, in the Python standard library alone.

Embed it by building an `Application` from a `Ports` bundle (see `adapters.memory` for complete
in-memory implementations, and `docs/examples/embedding.py`).
"""

from todo_core.application import Application, Ports
from todo_core.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    RateLimited,
    StorageUnavailable,
    TodoError,
    TransientConflict,
    Unauthorized,
    UnprocessableEvent,
    ValidationFailed,
)

__all__ = [
    "Application",
    "Conflict",
    "Forbidden",
    "NotFound",
    "Ports",
    "PreconditionFailed",
    "RateLimited",
    "StorageUnavailable",
    "TodoError",
    "TransientConflict",
    "Unauthorized",
    "UnprocessableEvent",
    "ValidationFailed",
]
