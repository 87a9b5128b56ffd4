"""SQLAlchemy 2.0 async adapters: a shared base, with PostgreSQL and SQLite specifics beside it."""

from adapters.sqlalchemy.dead_letter_store import SqlAlchemyDeadLetterStore
from adapters.sqlalchemy.email_jobs import SqlAlchemyEmailJobQueue, SqlAlchemyEmailJobStore
from adapters.sqlalchemy.engine import UnsupportedDatabase, create_engine
from adapters.sqlalchemy.health import database_is_reachable
from adapters.sqlalchemy.idempotency_store import SqlAlchemyIdempotencyStore
from adapters.sqlalchemy.inbox import SqlAlchemyInbox
from adapters.sqlalchemy.label_repository import SqlAlchemyLabelRepository
from adapters.sqlalchemy.outbox_relay import ClaimedBatch, OutboxLag, SqlAlchemyOutboxRelay
from adapters.sqlalchemy.outbox_retention import SqlAlchemyOutboxRetention
from adapters.sqlalchemy.outbox_wakeups import OutboxWakeups, outbox_wakeups, reminder_wakeups
from adapters.sqlalchemy.refresh_token_repository import SqlAlchemyRefreshTokenRepository
from adapters.sqlalchemy.retention import SqlAlchemyInboxRetention
from adapters.sqlalchemy.scheduled_runs import SqlAlchemyScheduledRuns
from adapters.sqlalchemy.tables import metadata
from adapters.sqlalchemy.todo_list_repository import SqlAlchemyTodoListRepository
from adapters.sqlalchemy.todo_repository import SqlAlchemyTodoRepository
from adapters.sqlalchemy.unit_of_work import SqlAlchemyUnitOfWork
from adapters.sqlalchemy.user_repository import SqlAlchemyUserRepository

__all__ = [
    "ClaimedBatch",
    "OutboxLag",
    "OutboxWakeups",
    "SqlAlchemyDeadLetterStore",
    "SqlAlchemyEmailJobQueue",
    "SqlAlchemyEmailJobStore",
    "SqlAlchemyIdempotencyStore",
    "SqlAlchemyInbox",
    "SqlAlchemyInboxRetention",
    "SqlAlchemyLabelRepository",
    "SqlAlchemyOutboxRelay",
    "SqlAlchemyOutboxRetention",
    "SqlAlchemyRefreshTokenRepository",
    "SqlAlchemyScheduledRuns",
    "SqlAlchemyTodoListRepository",
    "SqlAlchemyTodoRepository",
    "SqlAlchemyUnitOfWork",
    "SqlAlchemyUserRepository",
    "UnsupportedDatabase",
    "create_engine",
    "database_is_reachable",
    "metadata",
    "outbox_wakeups",
    "reminder_wakeups",
]
