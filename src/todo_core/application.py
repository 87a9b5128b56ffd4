"""The facade an embedding app uses: hand it the ports once, call the use cases by name."""

from __future__ import annotations

from dataclasses import dataclass

from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.unit_of_work import UnitOfWorkFactory
from todo_core.use_cases.create_todo import CreateTodo
from todo_core.use_cases.get_todo import GetTodo
from todo_core.use_cases.list_todos import ListTodos

__all__ = ["Application", "Ports"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Ports:
    """Everything the use cases need from outside, bundled so wiring is one argument."""

    uow: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator


class Application:
    def __init__(self, ports: Ports) -> None:
        self.create_todo = CreateTodo(uow=ports.uow, clock=ports.clock, ids=ports.ids)
        self.get_todo = GetTodo(uow=ports.uow)
        self.list_todos = ListTodos(uow=ports.uow)
