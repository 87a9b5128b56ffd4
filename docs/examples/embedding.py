"""Embed the TODO core in your own program with the in-memory adapters (no server, no database)."""

import asyncio
from uuid import uuid4

from adapters.memory import InMemoryStore, InMemoryUnitOfWork
from adapters.system import SystemClock, Uuid7IdGenerator
from todo_core import Application, Ports
from todo_core.domain import UserId
from todo_core.use_cases import CreateTodoCommand, ListTodosQuery, TodoCommand


async def main() -> None:
    db = InMemoryStore()
    ports = Ports(uow=lambda: InMemoryUnitOfWork(db), clock=SystemClock(), ids=Uuid7IdGenerator())
    app = Application(ports)
    me = UserId(uuid4())
    milk = await app.create_todo(CreateTodoCommand(actor=me, title="buy milk"))
    await app.create_todo(CreateTodoCommand(actor=me, title="call mum"))
    await app.complete_todo(TodoCommand(actor=me, todo_id=milk.id))
    page = await app.list_todos(ListTodosQuery(actor=me))
    print([(todo.title, todo.status.value) for todo in page.items])  # newest first


asyncio.run(main())
