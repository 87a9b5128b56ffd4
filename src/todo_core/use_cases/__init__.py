"""The use cases: one module each, a class whose `__call__` runs one command or query."""

from todo_core.use_cases.create_todo import CreateTodo, CreateTodoCommand
from todo_core.use_cases.get_todo import GetTodo, GetTodoQuery
from todo_core.use_cases.list_todos import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    ListTodos,
    ListTodosQuery,
    TodoPage,
)
from todo_core.use_cases.todo_view import TodoView

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "CreateTodo",
    "CreateTodoCommand",
    "GetTodo",
    "GetTodoQuery",
    "ListTodos",
    "ListTodosQuery",
    "TodoPage",
    "TodoView",
]
