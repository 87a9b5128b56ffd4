"""The facade an embedding app uses: hand it the ports once, call the use cases by name."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.password_hasher import PasswordHasher
from todo_core.ports.recurrence_rule import RecurrenceRule
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.archive_list import ArchiveList
from todo_core.use_cases.authenticate_user import AuthenticateUser
from todo_core.use_cases.change_profile import ChangeProfile
from todo_core.use_cases.complete_todo import CompleteTodo
from todo_core.use_cases.create_label import CreateLabel
from todo_core.use_cases.create_list import CreateList
from todo_core.use_cases.create_todo import CreateTodo
from todo_core.use_cases.delete_label import DeleteLabel
from todo_core.use_cases.delete_list import DeleteList
from todo_core.use_cases.fire_due_reminders import FireDueReminders
from todo_core.use_cases.get_label import GetLabel
from todo_core.use_cases.get_list import GetList
from todo_core.use_cases.get_todo import GetTodo
from todo_core.use_cases.list_labels import ListLabels
from todo_core.use_cases.list_lists import ListLists
from todo_core.use_cases.list_todos import ListTodos
from todo_core.use_cases.move_todo import MoveTodo
from todo_core.use_cases.purge_old_trash import PurgeOldTrash
from todo_core.use_cases.purge_todo import PurgeTodo
from todo_core.use_cases.register_user import RegisterUser
from todo_core.use_cases.rename_list import RenameList
from todo_core.use_cases.reopen_todo import ReopenTodo
from todo_core.use_cases.reorder_list import ReorderList
from todo_core.use_cases.restore_todo import RestoreTodo
from todo_core.use_cases.signed_cursor import CursorCodec
from todo_core.use_cases.trash_todo import TrashTodo
from todo_core.use_cases.unarchive_list import UnarchiveList
from todo_core.use_cases.update_label import UpdateLabel
from todo_core.use_cases.update_todo import UpdateTodo

__all__ = ["Application", "Ports"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Ports:
    """Everything the use cases need from outside, bundled so wiring is one argument."""

    uow: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator
    # Optional for embedders who need neither accounts nor recurring todos.
    passwords: PasswordHasher | None = None
    recurrence: RecurrenceRule | None = None
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


class Application:
    def __init__(self, ports: Ports) -> None:
        uow, clock, ids, rules = ports.uow, ports.clock, ports.ids, ports.recurrence
        cursors = CursorCodec(ports.cursor_secret)
        hasher: PasswordHasher = ports.passwords or _NoPasswordHasher()
        # Accounts
        self.register_user = RegisterUser(uow=uow, clock=clock, ids=ids, hasher=hasher)
        self.authenticate_user = AuthenticateUser(uow=uow, clock=clock, hasher=hasher)
        self.change_profile = ChangeProfile(uow=uow, clock=clock)
        # Lists
        self.create_list = CreateList(uow=uow, clock=clock, ids=ids)
        self.get_list = GetList(uow=uow)
        self.list_lists = ListLists(uow=uow, cursors=cursors)
        self.rename_list = RenameList(uow=uow, clock=clock)
        self.reorder_list = ReorderList(uow=uow, clock=clock)
        self.archive_list = ArchiveList(uow=uow, clock=clock)
        self.unarchive_list = UnarchiveList(uow=uow, clock=clock)
        self.delete_list = DeleteList(uow=uow, clock=clock)
        # Labels
        self.create_label = CreateLabel(uow=uow, clock=clock, ids=ids)
        self.get_label = GetLabel(uow=uow)
        self.list_labels = ListLabels(uow=uow)
        self.update_label = UpdateLabel(uow=uow, clock=clock)
        self.delete_label = DeleteLabel(uow=uow, clock=clock)
        # Todos
        self.create_todo = CreateTodo(uow=uow, clock=clock, ids=ids, recurrence=rules)
        self.get_todo = GetTodo(uow=uow)
        self.list_todos = ListTodos(uow=uow, clock=clock, cursors=cursors)
        self.update_todo = UpdateTodo(uow=uow, clock=clock, ids=ids, recurrence=rules)
        self.complete_todo = CompleteTodo(uow=uow, clock=clock, recurrence=rules)
        self.reopen_todo = ReopenTodo(uow=uow, clock=clock)
        self.move_todo = MoveTodo(uow=uow, clock=clock, ids=ids)
        self.trash_todo = TrashTodo(uow=uow, clock=clock)
        self.restore_todo = RestoreTodo(uow=uow, clock=clock, ids=ids)
        self.purge_todo = PurgeTodo(uow=uow, clock=clock)
        self.fire_due_reminders = FireDueReminders(uow=uow, clock=clock)
        self.purge_old_trash = PurgeOldTrash(uow=uow, clock=clock)
