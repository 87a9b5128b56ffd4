"""The ports: what the core needs from the outside world, one role per Protocol."""

from todo_core.ports.clock import Clock
from todo_core.ports.id_generator import IdGenerator
from todo_core.ports.todo_repository import TodoRepository
from todo_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

__all__ = ["Clock", "IdGenerator", "TodoRepository", "UnitOfWork", "UnitOfWorkFactory"]
