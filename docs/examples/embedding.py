"""Embed the TODO core in your own program with the in-memory adapters (no server, no database)."""

import asyncio
from uuid import uuid4

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from adapters.system import SystemClock, Uuid7IdGenerator
from todo_core import Application, Ports
from todo_core.domain import UserId
from todo_core.use_cases import CreateTodoCommand, ListTodosQuery


async def main() -> None:
    db = InMemoryStore()
    ports = Ports(uow=lambda: InMemoryUnitOfWork(db), clock=SystemClock(), ids=Uuid7IdGenerator())
    app = Application(ports)
    me = UserId(uuid4())
    for title in ("buy milk", "call mum"):
        await app.create_todo(CreateTodoCommand(actor=me, title=title))
    page = await app.list_todos(ListTodosQuery(actor=me))
    print([todo.title for todo in page.items])  # newest first: ['call mum', 'buy milk']


if __name__ == "__main__":
    asyncio.run(main())
