"""Complete in-memory adapters: used by the unit tests and by anyone embedding the core."""

from adapters.memory.common_passwords import InMemoryCommonPasswords
from adapters.memory.dead_letter_store import InMemoryDeadLetterStore
from adapters.memory.email_jobs import (
    InMemoryEmailJobQueue,
    InMemoryEmailJobStore,
    InMemoryMailOptOuts,
)
from adapters.memory.idempotency_store import InMemoryIdempotencyStore
from adapters.memory.inbox import InMemoryInbox
from adapters.memory.label_repository import InMemoryLabelRepository
from adapters.memory.refresh_token_repository import InMemoryRefreshTokenRepository
from adapters.memory.scheduled_runs import InMemoryScheduledRuns
from adapters.memory.store import InMemoryStore
from adapters.memory.table import InMemoryTable
from adapters.memory.table_transaction import TableTransaction
from adapters.memory.todo_list_repository import InMemoryTodoListRepository
from adapters.memory.todo_repository import InMemoryTodoRepository
from adapters.memory.unit_of_work import InMemoryUnitOfWork
from adapters.memory.user_repository import InMemoryUserRepository

__all__ = [
    "InMemoryCommonPasswords",
    "InMemoryDeadLetterStore",
    "InMemoryEmailJobQueue",
    "InMemoryEmailJobStore",
    "InMemoryIdempotencyStore",
    "InMemoryInbox",
    "InMemoryLabelRepository",
    "InMemoryMailOptOuts",
    "InMemoryRefreshTokenRepository",
    "InMemoryScheduledRuns",
    "InMemoryStore",
    "InMemoryTable",
    "InMemoryTodoListRepository",
    "InMemoryTodoRepository",
    "InMemoryUnitOfWork",
    "InMemoryUserRepository",
    "TableTransaction",
]
