"""The errors the core raises: every adapter translates into these, every entrypoint maps from them.

One small hierarchy keeps the mapping to HTTP statuses, exit codes or retries in a single place
per entrypoint, and keeps driver exceptions from leaking past the adapter that caught them.
"""

from __future__ import annotations

__all__ = [
    "Conflict",
    "DeliveryDeferred",
    "DeliveryRefused",
    "Forbidden",
    "NotFound",
    "PreconditionFailed",
    "RateLimited",
    "StorageUnavailable",
    "TodoError",
    "TransientConflict",
    "Unauthorized",
    "UnprocessableEvent",
    "ValidationFailed",
]


class TodoError(Exception):
    """Base of every error the core raises on purpose."""


class NotFound(TodoError):
    """The object does not exist, or belongs to someone else (no existence leak)."""


class Conflict(TodoError):
    """The change collides with existing state (a uniqueness rule, a lost race)."""


class TransientConflict(Conflict):
    """The transaction lost a race the database detected (serialization failure, deadlock);
    running the whole use case again may succeed.

    Nothing was stored: the database rolled the transaction back. The `Application` facade
    re-runs its writing use cases a few times on this error before letting it through, and
    being a `Conflict` it still means 409 to callers who see it.
    """


class PreconditionFailed(TodoError):
    """The caller's expected version no longer matches the stored one."""


class ValidationFailed(TodoError):
    """The input breaks a rule of the model; `field` names the offending input when known, and
    `rule` which of several rules on it (e.g. `password-common`) when a client may want to
    tell them apart."""

    def __init__(self, message: str, *, field: str | None = None, rule: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.rule = rule


class Unauthorized(TodoError):
    """The caller could not be identified."""


class Forbidden(TodoError):
    """The caller is known but may not do this."""


class RateLimited(TodoError):
    """Too many attempts; `retry_after` seconds until the next one may succeed."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class StorageUnavailable(TodoError):
    """The store cannot be reached right now; retrying later may succeed."""


class UnprocessableEvent(TodoError):
    """An inbound event can never be processed as it is: a type or version this consumer does
    not know, or data its handler refuses. Retrying cannot help; a consumer sets it aside (dead
    letter) and goes on with the next one, and it is replayed once the cause is fixed."""


class DeliveryDeferred(TodoError):
    """A mail server could not take a message now (refused or reset connection, timeout, a 4xx
    reply); sending it again later may succeed. `reply` is what the server said, if anything."""

    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply


class DeliveryRefused(TodoError):
    """A mail server refused a message for good (a 5xx reply): sending it again as it is would
    be refused again. `reply` is the server's reply, kept for the operator."""

    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply
