"""Complete in-memory adapters: used by the unit tests and by anyone embedding the core."""

from adapters.memory.store import InMemoryStore
from adapters.memory.todo_repository import InMemoryTodoRepository
from adapters.memory.unit_of_work import InMemoryUnitOfWork

__all__ = ["InMemoryStore", "InMemoryTodoRepository", "InMemoryUnitOfWork"]
