"""Unsubscribing: a signed token turns one kind of mail off for one user, for good; the mails
that can be turned off say how (List-Unsubscribe, one-click)."""

from __future__ import annotations

from uuid import uuid4

import pytest

from adapters.jinja import JinjaEmailRenderer
from adapters.memory import InMemoryEmailJobStore, InMemoryStore, InMemoryUnitOfWork
from tests.support.email_job_store_contract import new_job
from tests.support.fakes import FixedClock, SequentialIds
from tests.support.mail_events import reminder_due, reminder_payload
from tests.unit.conftest import ALICE
from tests.unit.use_cases.todo_support import add_account
from todo_core.errors import ValidationFailed
from todo_core.ports.mailer import EmailMessage
from todo_core.use_cases.queue_email import QueueEmail
from todo_core.use_cases.send_due_email import SendDueEmail
from todo_core.use_cases.unsubscribe import Unsubscribe, UnsubscribeCommand
from todo_core.use_cases.unsubscribe_headers import UnsubscribeHeaders
from todo_core.use_cases.unsubscribe_tokens import UnsubscribeTokens

TOKENS = UnsubscribeTokens(b"unit-test-unsubscribe-secret")


def test_a_token_names_its_user_and_kind_and_nothing_else() -> None:
    user = uuid4()
    token = TOKENS.token(user, "reminder")

    assert TOKENS.read(token) == (user, "reminder")
    assert TOKENS.token(user, "reminder") == token
    assert TOKENS.token(user, "digest") != token
    other_secret = UnsubscribeTokens(b"another-secret-of-16-bytes")
    payload, signature = token.split(".")
    forged = TOKENS.token(uuid4(), "reminder").split(".")[0]
    for bad in (
        "",
        "x",
        "a.b.c",
        "!!.??",
        f"{forged}.{signature}",
        other_secret.token(user, "digest"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            TOKENS.read(bad)
        assert refused.value.field == "token"
    with pytest.raises(ValueError, match="cannot be unsubscribed"):
        TOKENS.token(user, "password_reset")
    with pytest.raises(ValueError, match="16 bytes"):
        UnsubscribeTokens(b"short")
    assert payload


async def test_after_unsubscribing_from_reminders_none_is_queued(
    store: InMemoryStore, clock: FixedClock, ids: SequentialIds
) -> None:
    await add_account(store, ALICE, email="alice@example.org", now=clock.now())
    unsubscribe = Unsubscribe(uow=lambda: InMemoryUnitOfWork(store), clock=clock, tokens=TOKENS)

    assert (
        await unsubscribe(UnsubscribeCommand(token=TOKENS.token(ALICE, "reminder"))) == "reminder"
    )
    assert (
        await unsubscribe(UnsubscribeCommand(token=TOKENS.token(ALICE, "reminder"))) == "reminder"
    )

    async with InMemoryUnitOfWork(store) as uow:
        await QueueEmail(ids=ids, clock=clock).handle(reminder_due(owner_id=ALICE), uow)
        await uow.commit()
    assert await InMemoryEmailJobStore(store.email_jobs).jobs() == []


class _Keeping:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


async def test_mail_that_can_be_turned_off_carries_one_click_headers(clock: FixedClock) -> None:
    store = InMemoryStore()
    user = uuid4()
    reminder = new_job(due=clock.now(), payload={**reminder_payload(), "user_id": str(user)})
    welcome = new_job(
        due=clock.now(), kind="welcome", payload={"user_id": str(user), "verify_url": "https://v"}
    )
    async with InMemoryUnitOfWork(store) as uow:
        await uow.email_jobs.add(reminder)
        await uow.email_jobs.add(welcome)
        await uow.commit()
    server = _Keeping()
    send = SendDueEmail(
        jobs=InMemoryEmailJobStore(store.email_jobs),
        renderer=JinjaEmailRenderer(public_url="https://todo.example.org"),
        mailer=server,
        clock=clock,
        extra_headers=UnsubscribeHeaders(TOKENS, public_url="https://todo.example.org/"),
    )

    assert (await send()).sent == 2

    by_key = {message.message_key: dict(message.headers) for message in server.sent}
    headers = by_key[str(reminder.id)]
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = headers["List-Unsubscribe"]
    assert url.startswith("<https://todo.example.org/api/v1/unsubscribe?token=")
    token = url.removesuffix(">").split("token=")[1]
    assert TOKENS.read(token) == (user, "reminder")
    assert by_key[str(welcome.id)] == {}
