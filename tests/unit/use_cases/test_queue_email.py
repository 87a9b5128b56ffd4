"""The mailer's handler queues one job per mail an event calls for, with what its template
needs, and never two for one event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from adapters.memory import InMemoryEmailJobStore, InMemoryStore, InMemoryUnitOfWork
from tests.support.fakes import FixedClock, SequentialIds
from tests.support.mail_events import digest_due, reminder_due
from tests.unit.conftest import ALICE, BOB
from tests.unit.use_cases.todo_support import add_account, build_app
from todo_core.domain.event_catalogue import published_event_types
from todo_core.errors import UnprocessableEvent
from todo_core.ports.email_jobs import EmailJob
from todo_core.use_cases import CreateTodoCommand
from todo_core.use_cases.create_list import CreateListCommand
from todo_core.use_cases.process_event import Outcome, ProcessEvent
from todo_core.use_cases.queue_email import DIGEST_MAX_LINES, MAILER, REMINDER_DUE, QueueEmail


@pytest.fixture
def handler(clock: FixedClock, ids: SequentialIds) -> QueueEmail:
    return QueueEmail(ids=ids, clock=clock)


async def _jobs(store: InMemoryStore) -> list[EmailJob]:
    return await InMemoryEmailJobStore(store.email_jobs).jobs()


async def _handle(store: InMemoryStore, handler: QueueEmail, *events: object) -> None:
    for event in events:
        async with InMemoryUnitOfWork(store) as uow:
            await handler.handle(event, uow)  # type: ignore[arg-type]
            await uow.commit()


async def test_a_due_reminder_queues_a_mail_with_the_todo_its_list_and_the_owner(
    store: InMemoryStore, clock: FixedClock, ids: SequentialIds, handler: QueueEmail
) -> None:
    await add_account(store, ALICE, email="alice@example.org", now=clock.now(), zone="Asia/Tokyo")
    app = build_app(store, clock, ids)
    home = await app.create_list(CreateListCommand(actor=ALICE, name="Home"))
    todo = await app.create_todo(CreateTodoCommand(actor=ALICE, title="dentist", list_id=home.id))

    await _handle(store, handler, reminder_due(owner_id=ALICE, todo_id=todo.id))

    [job] = await _jobs(store)
    assert (job.kind, job.recipient, job.attempts) == ("reminder", "alice@example.org", 0)
    assert job.payload["title"] == "dentist"
    assert job.payload["list_name"] == "Home"
    assert job.payload["time_zone"] == "Asia/Tokyo"
    assert job.payload["user_name"] == "Someone"
    assert job.payload["late"] is False
    assert job.next_attempt_at == clock.now()


async def test_one_event_makes_one_job_however_often_it_is_handled(
    store: InMemoryStore, clock: FixedClock, handler: QueueEmail
) -> None:
    event = reminder_due(owner_id=ALICE)
    process = ProcessEvent(
        handler=handler,
        uow=lambda: InMemoryUnitOfWork(store),
        clock=clock,
        known_types=published_event_types(),
    )
    assert await process(event) is Outcome.PROCESSED
    assert await process(event) is Outcome.DUPLICATE
    # Past the inbox (a replayed letter handled by hand): the dedupe key still holds.
    await _handle(store, handler, event)

    assert len(await _jobs(store)) == 1
    assert process.consumer == MAILER


async def test_without_an_account_the_event_s_address_is_used_and_without_one_nothing(
    store: InMemoryStore, handler: QueueEmail
) -> None:
    await _handle(
        store,
        handler,
        reminder_due(owner_id=BOB, owner_email="bob@example.org"),
        reminder_due(owner_id=ALICE, owner_email=None),
    )

    [job] = await _jobs(store)
    assert (job.recipient, job.payload["user_name"], job.payload["list_name"]) == (
        "bob@example.org",
        "",
        None,
    )


@pytest.mark.parametrize(
    ("extra", "late"),
    [
        ({}, False),
        ({"late": True}, True),
        ({"fired_at": "2026-12-08T08:20:00+00:00"}, True),
        ({"fired_at": "2026-12-08T08:01:00+00:00"}, False),
    ],
)
async def test_a_reminder_fired_late_says_so(
    store: InMemoryStore, handler: QueueEmail, extra: dict[str, Any], late: bool
) -> None:
    await _handle(store, handler, reminder_due(owner_id=BOB, **extra))
    [job] = await _jobs(store)
    assert job.payload["late"] is late


async def test_an_event_missing_what_the_mail_needs_is_unprocessable(
    store: InMemoryStore, handler: QueueEmail
) -> None:
    event = reminder_due(owner_id=BOB)
    del event.data["title"]
    with pytest.raises(UnprocessableEvent):
        await _handle(store, handler, event)
    assert await _jobs(store) == []
    assert handler.handles(REMINDER_DUE)
    assert not handler.handles("todo.todo.created.v1")


async def test_a_digest_lists_overdue_first_and_cuts_at_fifty_lines(
    store: InMemoryStore, clock: FixedClock, handler: QueueEmail
) -> None:
    await add_account(store, ALICE, email="alice@example.org", now=clock.now())
    overdue = [(f"late {n}", "2026-12-01T23:00:00+00:00") for n in range(30)]
    today = [(f"today {n}", "2026-12-08T17:30:00+00:00") for n in range(30)]

    await _handle(store, handler, digest_due(user_id=ALICE, overdue=overdue, due_today=today))

    [job] = await _jobs(store)
    assert job.kind == "digest"
    assert [line["title"] for line in job.payload["overdue"]] == [t for t, _ in overdue]
    # Each line keeps the deadline the scheduler's event names, for the template's words.
    assert {line["due"] for line in job.payload["overdue"]} == {"2026-12-01T23:00:00+00:00"}
    assert len(job.payload["due_today"]) == DIGEST_MAX_LINES - 30
    assert job.payload["more"] == 60 - DIGEST_MAX_LINES


async def test_a_digest_with_nothing_to_say_or_nobody_to_say_it_to_is_no_mail(
    store: InMemoryStore, clock: FixedClock, handler: QueueEmail
) -> None:
    await add_account(store, ALICE, email="alice@example.org", now=clock.now())
    clock.advance(timedelta(days=1))
    await _handle(
        store,
        handler,
        digest_due(user_id=ALICE),
        digest_due(user_id=BOB, overdue=[("pay rent", "2026-12-01")]),
    )
    assert await _jobs(store) == []
