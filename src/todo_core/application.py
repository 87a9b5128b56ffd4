"""The facade an embedding app uses: hand it the ports once, call the use cases by name."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from todo_core.domain.ids import UserId
from todo_core.ports.clock import Clock
from todo_core.ports.common_passwords import CommonPasswords
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.password_hasher import PasswordHasher
from todo_core.ports.recurrence_rule import RecurrenceRule
from todo_core.ports.token_service import AccessToken, TokenService
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.authenticate_user import AuthenticateUser
from todo_core.use_cases.change_profile import ChangeProfile
from todo_core.use_cases.complete_todo import CompleteTodo
from todo_core.use_cases.create_label import CreateLabel
from todo_core.use_cases.create_list import CreateList
from todo_core.use_cases.create_todo import CreateTodo
from todo_core.use_cases.delete_label import DeleteLabel
from todo_core.use_cases.delete_list import DeleteList
from todo_core.use_cases.empty_trash import EmptyTrash
from todo_core.use_cases.end_session import EndSession
from todo_core.use_cases.fire_due_reminders import FireDueReminders
from todo_core.use_cases.get_label import GetLabel
from todo_core.use_cases.get_list import GetList
from todo_core.use_cases.get_profile import GetProfile
from todo_core.use_cases.get_todo import GetTodo
from todo_core.use_cases.issue_session import IssueSession
from todo_core.use_cases.list_labels import ListLabels
from todo_core.use_cases.list_lists import ListLists
from todo_core.use_cases.list_todos import ListTodos
from todo_core.use_cases.next_digest import NextDigest
from todo_core.use_cases.next_reminder import NextReminder
from todo_core.use_cases.patch_list import PatchList
from todo_core.use_cases.patch_todo import PatchTodo
from todo_core.use_cases.purge_old_trash import PurgeOldTrash
from todo_core.use_cases.purge_todo import PurgeTodo
from todo_core.use_cases.refresh_session import DEFAULT_REUSE_GRACE, RefreshSession
from todo_core.use_cases.register_user import RegisterUser
from todo_core.use_cases.reopen_todo import ReopenTodo
from todo_core.use_cases.restore_todo import RestoreTodo
from todo_core.use_cases.send_due_digests import SendDueDigests
from todo_core.use_cases.shared.retrying import Retrying
from todo_core.use_cases.shared.signed_cursor import CursorCodec
from todo_core.use_cases.trash_todo import TrashTodo
from todo_core.use_cases.update_label import UpdateLabel

__all__ = ["Application", "Ports"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Ports:
    """Everything the use cases need from outside, bundled so wiring is one argument."""

    uow: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator
    # Optional for embedders who need neither accounts nor recurring todos.
    passwords: PasswordHasher | None = None
    # The passwords registration refuses as too common; without it, only the other password
    # rules apply (the `todo` services always give zxcvbn's list).
    common_passwords: CommonPasswords | None = None
    recurrence: RecurrenceRule | None = None
    # Signs access tokens; needed by the session use cases (login, refresh, logout) only.
    tokens: TokenService | None = None
    # How long a spent refresh token may be presented again by the client that spent it, and
    # get the same pair (two tabs refreshing at once); zero turns the window off (ADR 0012).
    refresh_reuse_grace: timedelta = DEFAULT_REUSE_GRACE
    # Signs pagination cursors. Set it (>= 16 bytes) when several processes serve one
    # database, or cursors handed out by one are refused by the others and after a restart.
    cursor_secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))


class _NoPasswordHasher:
    """Stands in when an embedder builds the application without accounts."""

    def _refuse(self) -> RuntimeError:
        return RuntimeError("this Application was built without a PasswordHasher in its Ports")

    async def hash(self, password: str) -> str:
        raise self._refuse()

    async def verify(self, password_hash: str, password: str) -> bool:
        raise self._refuse()

    def needs_rehash(self, password_hash: str) -> bool:
        raise self._refuse()


class _NoCommonPasswords:
    """Stands in when an embedder gives no list: no password is known to be common."""

    def is_common(self, password: str) -> bool:
        return False


class _NoTokenService:
    """Stands in when an embedder builds the application without sessions."""

    def _refuse(self) -> RuntimeError:
        return RuntimeError("this Application was built without a TokenService in its Ports")

    def issue_access_token(
        self, user_id: UserId, *, token_id: UUID | None = None, issued_at: datetime | None = None
    ) -> AccessToken:
        raise self._refuse()

    def verify_access_token(self, token: str) -> UserId:
        raise self._refuse()


class Application:
    """Every use case as an attribute, called as `await app.create_todo(command)`.

    Use cases that write are wrapped in `Retrying`: a transaction that loses a race the
    database detects (`TransientConflict`) is run again a few times before the caller sees
    the 409. Pure reads are not wrapped: they take no locks and commit nothing.
    """

    def __init__(self, ports: Ports) -> None:
        uow, clock, ids, rules = ports.uow, ports.clock, ports.ids, ports.recurrence
        cursors = CursorCodec(ports.cursor_secret)
        hasher: PasswordHasher = ports.passwords or _NoPasswordHasher()
        tokens: TokenService = ports.tokens or _NoTokenService()
        # Accounts
        self.register_user = Retrying(
            RegisterUser(
                uow=uow,
                clock=clock,
                ids=ids,
                hasher=hasher,
                common_passwords=ports.common_passwords or _NoCommonPasswords(),
            )
        )
        self.authenticate_user = Retrying(AuthenticateUser(uow=uow, clock=clock, hasher=hasher))
        self.get_profile = GetProfile(uow=uow)
        self.change_profile = Retrying(ChangeProfile(uow=uow, clock=clock))
        # Sessions. Login runs the (retried) authentication itself; reuse detection in
        # refresh_session commits its revocation in a transaction of its own.
        self.issue_session = Retrying(
            IssueSession(
                uow=uow, clock=clock, ids=ids, tokens=tokens, authenticate=self.authenticate_user
            )
        )
        self.refresh_session = Retrying(
            RefreshSession(
                uow=uow,
                clock=clock,
                ids=ids,
                tokens=tokens,
                reuse_grace=ports.refresh_reuse_grace,
            )
        )
        self.end_session = Retrying(EndSession(uow=uow, clock=clock))
        # Lists
        self.create_list = Retrying(CreateList(uow=uow, clock=clock, ids=ids))
        self.get_list = GetList(uow=uow)
        self.list_lists = ListLists(uow=uow, cursors=cursors)
        self.patch_list = Retrying(PatchList(uow=uow, clock=clock))
        self.delete_list = Retrying(DeleteList(uow=uow, clock=clock))
        # Labels
        self.create_label = Retrying(CreateLabel(uow=uow, clock=clock, ids=ids))
        self.get_label = GetLabel(uow=uow)
        self.list_labels = ListLabels(uow=uow)
        self.update_label = Retrying(UpdateLabel(uow=uow, clock=clock))
        self.delete_label = Retrying(DeleteLabel(uow=uow, clock=clock))
        # Todos
        self.create_todo = Retrying(CreateTodo(uow=uow, clock=clock, ids=ids, recurrence=rules))
        self.get_todo = GetTodo(uow=uow)
        self.list_todos = ListTodos(uow=uow, clock=clock, cursors=cursors)
        self.patch_todo = Retrying(PatchTodo(uow=uow, clock=clock, ids=ids, recurrence=rules))
        self.complete_todo = Retrying(CompleteTodo(uow=uow, clock=clock, recurrence=rules))
        self.reopen_todo = Retrying(ReopenTodo(uow=uow, clock=clock))
        self.trash_todo = Retrying(TrashTodo(uow=uow, clock=clock))
        self.restore_todo = Retrying(RestoreTodo(uow=uow, clock=clock, ids=ids))
        self.purge_todo = Retrying(PurgeTodo(uow=uow, clock=clock))
        self.empty_trash = Retrying(EmptyTrash(uow=uow, clock=clock))
        self.fire_due_reminders = Retrying(FireDueReminders(uow=uow, clock=clock))
        self.purge_old_trash = Retrying(PurgeOldTrash(uow=uow, clock=clock))
        self.next_reminder = NextReminder(uow=uow)
        self.send_due_digests = Retrying(SendDueDigests(uow=uow, clock=clock))
        self.next_digest = NextDigest(uow=uow)
