"""The ports: what the core needs from the outside world, one role per Protocol."""

from todo_core.ports.clock import Clock
from todo_core.ports.common_passwords import CommonPasswords
from todo_core.ports.dead_letter_store import DeadLetter, DeadLetterStore
from todo_core.ports.email_jobs import EmailJob, EmailJobQueue, EmailJobStatus, EmailJobStore
from todo_core.ports.email_renderer import EmailRenderer
from todo_core.ports.event_handler import EventHandler, InboundEvent
from todo_core.ports.event_publisher import EventPublisher, OutboxMessage
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.idempotency_store import (
    IdempotencyClaim,
    IdempotencyKey,
    IdempotencyRecord,
    IdempotencyStore,
    StoredResponse,
)
from todo_core.ports.inbox import Inbox
from todo_core.ports.label_repository import LabelRepository
from todo_core.ports.mail_opt_outs import MailOptOuts
from todo_core.ports.mailer import EmailMessage, Mailer
from todo_core.ports.password_hasher import PasswordHasher
from todo_core.ports.recurrence_rule import RecurrenceRule
from todo_core.ports.refresh_token_repository import RefreshTokenRepository
from todo_core.ports.todo_list_repository import ListPosition, TodoListRepository
from todo_core.ports.todo_query import SortKey, TodoQuery, TodoSort, sort_key
from todo_core.ports.todo_repository import TodoRepository
from todo_core.ports.token_service import AccessToken, TokenService
from todo_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from todo_core.ports.user_repository import UserRepository

__all__ = [
    "AccessToken",
    "Clock",
    "CommonPasswords",
    "DeadLetter",
    "DeadLetterStore",
    "EmailJob",
    "EmailJobQueue",
    "EmailJobStatus",
    "EmailJobStore",
    "EmailMessage",
    "EmailRenderer",
    "EventHandler",
    "EventPublisher",
    "IdGenerator",
    "IdempotencyClaim",
    "IdempotencyKey",
    "IdempotencyRecord",
    "IdempotencyStore",
    "InboundEvent",
    "Inbox",
    "LabelRepository",
    "ListPosition",
    "MailOptOuts",
    "Mailer",
    "OutboxMessage",
    "PasswordHasher",
    "RecurrenceRule",
    "RefreshTokenRepository",
    "SortKey",
    "StoredResponse",
    "TodoListRepository",
    "TodoQuery",
    "TodoRepository",
    "TodoSort",
    "TokenService",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
    "sort_key",
]
