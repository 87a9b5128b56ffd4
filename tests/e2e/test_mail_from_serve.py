"""The embedded default end to end: `todo serve` without SMTP or Kafka. A reminder set over
the API fires (the scheduler's use case, run against the same database), reaches the mailer's
handler through the outbox, the relay and the in-process publisher, and the sender writes it
under ./var/mail as a mail a person can open: the todo's title, its due in the user's time."""

from __future__ import annotations

import asyncio
import email
import email.policy
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from entrypoints.container import build_container
from entrypoints.settings import Settings
from tests.e2e.live_server import clean_environment, running, todo
from tests.support.fakes import FixedClock
from todo_core.use_cases.fire_due_reminders import FireDueReminders, FireDueRemindersCommand

_ZONE = "Asia/Kolkata"
_ACCOUNT = {
    "email": "ann@example.org",
    "password": "correct horse battery",
    "display_name": "Ann",
    "timezone": _ZONE,
}


def _fire_due_reminders(database_url: str, at: datetime) -> int:
    """What the scheduler does when the reminder's time has come (the scheduler in `todo serve`
    runs on the real clock, an hour before it): the number of reminders fired."""

    async def fire() -> int:
        container = build_container(Settings(database_url=database_url))
        try:
            use_case = FireDueReminders(uow=container.unit_of_work, clock=FixedClock(at))
            return (await use_case(FireDueRemindersCommand())).fired
        finally:
            await container.engine().dispose()

    return asyncio.run(fire())


def _written_mail(directory: Path) -> tuple[Path, EmailMessage]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = sorted(directory.glob("*.eml"))
        if found:
            parsed = email.message_from_bytes(found[0].read_bytes(), policy=email.policy.default)
            assert isinstance(parsed, EmailMessage)
            assert len(found) == 1, found
            return found[0], parsed
        time.sleep(0.1)
    raise AssertionError(f"no mail under {directory} within 30 s")


def test_a_reminder_set_over_the_api_is_written_as_a_mail_file(tmp_path: Path) -> None:
    env = clean_environment() | {
        "TODO_RELAY_POLL_INTERVAL": "0.1",
        "TODO_MAIL_POLL_INTERVAL": "0.1",
        "TODO_PUBLIC_URL": "https://todo.example.org",
    }
    assert todo("migrate", cwd=tmp_path, env=env).returncode == 0
    due = (datetime.now(UTC) + timedelta(hours=1)).replace(second=0, microsecond=0)
    local_due = due.astimezone(ZoneInfo(_ZONE))

    with running("serve", cwd=tmp_path, env=env) as base:
        assert httpx.post(f"{base}/auth/register", json=_ACCOUNT).status_code == 201
        credentials = {"email": _ACCOUNT["email"], "password": _ACCOUNT["password"]}
        login = httpx.post(f"{base}/auth/login", json=credentials)
        assert login.status_code == 200, login.text
        token = login.json()["access_token"]
        created = httpx.post(
            f"{base}/api/v1/todos",
            headers={"Authorization": f"Bearer {token}"},
            json={
                "title": "renew <passport>",
                "due": {"datetime": local_due.isoformat(), "timezone": _ZONE},
                "reminders": [{"before_due": "PT30M"}],
            },
        )
        assert created.status_code == 201, created.text
        database_url = f"sqlite+aiosqlite:///{tmp_path}/var/todo.db"
        assert _fire_due_reminders(database_url, at=due - timedelta(minutes=29)) == 1
        path, mail = _written_mail(tmp_path / "var" / "mail")
        # The file is written just before the job is marked sent.
        deadline = time.monotonic() + 10
        ready = httpx.get(f"{base}/health/ready").json()["mail"]
        while ready["sent"] != 1 and time.monotonic() < deadline:
            time.sleep(0.05)
            ready = httpx.get(f"{base}/health/ready").json()["mail"]
        assert ready == {
            "pending": 0,
            "sent": 1,
            "failed": 0,
            "sent_total": 1,
            "retried_total": 0,
            "failed_total": 0,
        }

        # One click in the mail program turns reminders off (RFC 8058).
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = mail["List-Unsubscribe"].strip("<>")
        assert link.startswith("https://todo.example.org/api/v1/unsubscribe?token=")
        clicked = httpx.post(
            link.replace("https://todo.example.org", base),
            content=b"List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert clicked.status_code == 204, clicked.text

    assert path.parent == tmp_path / "var" / "mail"
    assert mail["To"] == "Ann <ann@example.org>"
    assert "renew <passport>" in mail["Subject"]
    assert f"at {local_due:%H:%M}" in mail["Subject"]
    text = mail.get_body(preferencelist=("plain",))
    assert text is not None
    body = text.get_content()
    assert f"https://todo.example.org/api/v1/todos/{created.json()['id']}" in body
    assert "because you set a reminder" in body
