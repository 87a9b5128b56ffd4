"""The use cases: one module each, a class whose `__call__` runs one command or query.

What several of them share (views, cursors, inputs, retrying) lives in `shared`.
"""

from todo_core.use_cases.authenticate_user import AuthenticateUser, AuthenticateUserCommand
from todo_core.use_cases.change_profile import ChangeProfile, ChangeProfileCommand
from todo_core.use_cases.complete_todo import CompleteTodo
from todo_core.use_cases.create_label import CreateLabel, CreateLabelCommand
from todo_core.use_cases.create_list import CreateList, CreateListCommand
from todo_core.use_cases.create_todo import CreateTodo, CreateTodoCommand
from todo_core.use_cases.delete_label import DeleteLabel, DeleteLabelCommand
from todo_core.use_cases.delete_list import DeleteList, DeleteListCommand
from todo_core.use_cases.empty_trash import EmptyTrash, EmptyTrashCommand
from todo_core.use_cases.end_session import EndSession, EndSessionCommand
from todo_core.use_cases.fire_due_reminders import (
    FiredReminders,
    FireDueReminders,
    FireDueRemindersCommand,
)
from todo_core.use_cases.get_label import GetLabel, GetLabelQuery
from todo_core.use_cases.get_list import GetList, GetListQuery
from todo_core.use_cases.get_profile import GetProfile, GetProfileQuery
from todo_core.use_cases.get_todo import GetTodo, GetTodoQuery
from todo_core.use_cases.issue_session import IssueSession
from todo_core.use_cases.list_labels import ListLabels, ListLabelsQuery
from todo_core.use_cases.list_lists import ListLists, ListListsQuery, ListPage
from todo_core.use_cases.list_todos import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    ListTodos,
    ListTodosQuery,
    TodoPage,
)
from todo_core.use_cases.next_digest import NextDigest, NextDigestQuery
from todo_core.use_cases.next_reminder import NextReminder, NextReminderQuery
from todo_core.use_cases.patch_list import PatchList, PatchListCommand
from todo_core.use_cases.patch_todo import PatchTodo, PatchTodoCommand
from todo_core.use_cases.purge_old_trash import PurgeOldTrash, PurgeOldTrashCommand
from todo_core.use_cases.purge_todo import PurgeTodo
from todo_core.use_cases.refresh_session import RefreshSession, RefreshSessionCommand
from todo_core.use_cases.register_user import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    RegisterUser,
    RegisterUserCommand,
)
from todo_core.use_cases.reopen_todo import ReopenTodo
from todo_core.use_cases.restore_todo import RestoreTodo
from todo_core.use_cases.send_due_digests import (
    SendDueDigests,
    SendDueDigestsCommand,
    SentDigests,
)
from todo_core.use_cases.shared.label_view import LabelView
from todo_core.use_cases.shared.list_view import ListView
from todo_core.use_cases.shared.retrying import Retrying
from todo_core.use_cases.shared.session_tokens import SessionTokens
from todo_core.use_cases.shared.signed_cursor import CursorCodec
from todo_core.use_cases.shared.todo_command import TodoCommand
from todo_core.use_cases.shared.todo_inputs import UNSET, RecurrenceInput, Unset
from todo_core.use_cases.shared.todo_view import TodoView
from todo_core.use_cases.shared.use_case import UseCase
from todo_core.use_cases.shared.user_view import UserView
from todo_core.use_cases.trash_todo import TrashTodo
from todo_core.use_cases.update_label import UpdateLabel, UpdateLabelCommand

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "UNSET",
    "AuthenticateUser",
    "AuthenticateUserCommand",
    "ChangeProfile",
    "ChangeProfileCommand",
    "CompleteTodo",
    "CreateLabel",
    "CreateLabelCommand",
    "CreateList",
    "CreateListCommand",
    "CreateTodo",
    "CreateTodoCommand",
    "CursorCodec",
    "DeleteLabel",
    "DeleteLabelCommand",
    "DeleteList",
    "DeleteListCommand",
    "EmptyTrash",
    "EmptyTrashCommand",
    "EndSession",
    "EndSessionCommand",
    "FireDueReminders",
    "FireDueRemindersCommand",
    "FiredReminders",
    "GetLabel",
    "GetLabelQuery",
    "GetList",
    "GetListQuery",
    "GetProfile",
    "GetProfileQuery",
    "GetTodo",
    "GetTodoQuery",
    "IssueSession",
    "LabelView",
    "ListLabels",
    "ListLabelsQuery",
    "ListLists",
    "ListListsQuery",
    "ListPage",
    "ListTodos",
    "ListTodosQuery",
    "ListView",
    "NextDigest",
    "NextDigestQuery",
    "NextReminder",
    "NextReminderQuery",
    "PatchList",
    "PatchListCommand",
    "PatchTodo",
    "PatchTodoCommand",
    "PurgeOldTrash",
    "PurgeOldTrashCommand",
    "PurgeTodo",
    "RecurrenceInput",
    "RefreshSession",
    "RefreshSessionCommand",
    "RegisterUser",
    "RegisterUserCommand",
    "ReopenTodo",
    "RestoreTodo",
    "Retrying",
    "SendDueDigests",
    "SendDueDigestsCommand",
    "SentDigests",
    "SessionTokens",
    "TodoCommand",
    "TodoPage",
    "TodoView",
    "TrashTodo",
    "Unset",
    "UpdateLabel",
    "UpdateLabelCommand",
    "UseCase",
    "UserView",
]
