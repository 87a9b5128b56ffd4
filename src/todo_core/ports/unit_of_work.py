"""A transaction over the repositories: all of it commits, with its events, or none of it does."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from todo_core.ports.email_jobs import EmailJobQueue
from todo_core.ports.inbox import Inbox
from todo_core.ports.label_repository import LabelRepository
from todo_core.ports.mail_opt_outs import MailOptOuts
from todo_core.ports.refresh_token_repository import RefreshTokenRepository
from todo_core.ports.todo_list_repository import TodoListRepository
from todo_core.ports.todo_repository import TodoRepository
from todo_core.ports.user_repository import UserRepository

__all__ = ["UnitOfWork", "UnitOfWorkFactory"]


class UnitOfWork(Protocol):
    """Use as `async with uow: ...; await uow.commit()`.

    Leaving the block without `commit()` rolls back. On commit, the events recorded by every
    aggregate the repositories have seen are written to the outbox in the same transaction,
    so an event exists if and only if its state change does.
    """

    users: UserRepository
    refresh_tokens: RefreshTokenRepository
    lists: TodoListRepository
    labels: LabelRepository
    todos: TodoRepository
    # What event consumers have processed (see `todo_core.use_cases.process_event`).
    inbox: Inbox
    # E-mail to send, queued by event handlers (see `todo_core.ports.email_jobs`).
    email_jobs: EmailJobQueue
    # Kinds of mail users turned off.
    mail_opt_outs: MailOptOuts

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Makes a fresh unit of work for each use case call, so concurrent calls never share one."""

    def __call__(self) -> UnitOfWork: ...
