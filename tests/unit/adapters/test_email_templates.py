"""What a person reads: the mails' words in their time zone, titles that stay text, headers
no title or name can break, and the same Message-ID for a job however often it is built."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from adapters.jinja import JinjaEmailRenderer, due_in_words
from adapters.smtp import build_mime
from todo_core.errors import UnprocessableEvent
from todo_core.ports.email_jobs import EmailJob, EmailJobStatus
from todo_core.ports.mailer import EmailMessage

NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
RENDERER = JinjaEmailRenderer(public_url="https://todo.example.org/")


def _job(kind: str, **payload: Any) -> EmailJob:
    return EmailJob(
        id=uuid4(),
        dedupe_key=f"{uuid4()}:{kind}:ann@example.org",
        kind=kind,
        recipient="ann@example.org",
        payload=payload,
        status=EmailJobStatus.PENDING,
        attempts=1,
        next_attempt_at=NOW,
        created_at=NOW,
        queued_at=NOW,
    )


def _reminder(**changes: Any) -> EmailJob:
    payload = {
        "user_name": "Ann",
        "time_zone": "Europe/Berlin",
        "todo_id": "0190a0a0-0000-7000-8000-000000000001",
        "title": "dentist",
        "due": "2026-12-08T13:00:00+00:00",
        "list_name": "Health",
        "fire_at": "2026-12-08T08:00:00+00:00",
        "late": False,
    }
    return _job("reminder", **{**payload, **changes})


def _parsed(message: EmailMessage) -> email.message.EmailMessage:
    raw = build_mime(message, sender="todo@example.org", sender_name="todo", now=NOW).as_bytes()
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    return parsed


@pytest.mark.parametrize(
    ("due", "words"),
    [
        ("2026-12-08T13:00:00+00:00", "due today at 14:00"),
        ("2026-12-09T07:30:00+00:00", "due tomorrow at 08:30"),
        ("2026-12-07T16:00:00+00:00", "was due yesterday at 17:00"),
        ("2026-12-08T08:00:00+00:00", "was due today at 09:00"),
        ("2026-12-11T09:00:00+00:00", "due on Friday at 10:00"),
        ("2026-12-20T09:00:00+00:00", "due on Sunday 20 December at 10:00"),
        ("2027-01-20T09:00:00+00:00", "due on Wednesday 20 January 2027 at 10:00"),
        ("2026-12-08", "due today"),
        ("2026-12-09", "due tomorrow"),
        ("2026-12-01", "was due on Tuesday 1 December"),
        (None, ""),
    ],
)
def test_a_due_in_words_in_the_reader_s_zone(due: str | None, words: str) -> None:
    assert due_in_words(due, BERLIN, NOW) == words


def test_a_reminder_says_what_when_where_and_why() -> None:
    job = _reminder()
    message = RENDERER.render(job, now=NOW)

    assert message.subject == "Reminder: dentist (due today at 14:00)"
    assert (message.to, message.to_name, message.message_key) == (
        "ann@example.org",
        "Ann",
        str(job.id),
    )
    for body in (message.text_body, message.html_body or ""):
        assert "dentist" in body
        assert "due today at 14:00" in body
        assert "Health" in body
        assert "https://todo.example.org/api/v1/todos/0190a0a0-0000-7000-8000-000000000001" in body
        assert "because you set a reminder on this todo" in body
        assert "late" not in body


def test_a_late_reminder_says_so() -> None:
    message = RENDERER.render(_reminder(late=True), now=NOW)
    assert message.subject.startswith("Late reminder: dentist")
    assert "comes late: it was meant for 09:00" in message.text_body


def test_a_title_is_text_everywhere() -> None:
    message = RENDERER.render(_reminder(title="<script>alert('x')</script> & co"), now=NOW)

    assert "<script>" not in (message.html_body or "")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co" in (message.html_body or "")
    assert "<script>alert('x')</script> & co" in message.text_body


def test_no_title_or_name_can_add_a_header() -> None:
    job = _reminder(title="hi\r\nBcc: victim@example.net\r\n\r\nbody", user_name="Ann\nCc: x@y.z")

    parsed = _parsed(RENDERER.render(job, now=NOW))

    assert parsed["Bcc"] is None
    assert parsed["Cc"] is None
    assert parsed["Subject"] == "Reminder: hi Bcc: victim@example.net body (due today at 14:00)"
    assert parsed["To"].addresses[0].addr_spec == "ann@example.org"
    assert parsed["To"].addresses[0].display_name == "Ann Cc: x@y.z"


def test_a_job_s_message_id_is_the_same_on_every_send() -> None:
    job = _reminder()
    first = _parsed(RENDERER.render(job, now=NOW))
    again = _parsed(RENDERER.render(job, now=NOW))

    assert first["Message-ID"] == again["Message-ID"] == f"<{job.id}@example.org>"
    assert first["Auto-Submitted"] == "auto-generated"
    assert first.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in first.iter_parts()] == ["text/plain", "text/html"]


def test_a_digest_lists_overdue_then_due_today_and_how_many_more() -> None:
    job = _job(
        "digest",
        user_name="Ann",
        time_zone="Europe/Berlin",
        local_date="2026-12-08",
        overdue=[{"todo_id": "1", "title": "pay rent", "due": "2026-12-07"}],
        due_today=[
            {"todo_id": "2", "title": "call Bob", "due": "2026-12-08T15:00:00+00:00"},
            {"todo_id": "3", "title": "shop", "due": "2026-12-08"},
        ],
        more=7,
    )
    message = RENDERER.render(job, now=NOW)

    assert message.subject == "Your todos for Tuesday 8 December: 1 overdue, 2 due today"
    text = message.text_body
    assert text.index("Overdue:") < text.index("pay rent") < text.index("Due today:")
    assert "- pay rent (was due yesterday)" in text
    assert "- call Bob at 16:00" in text
    assert "and 7 more" in text
    assert "daily digest is on" in text


@pytest.mark.parametrize(
    ("kind", "payload", "expected"),
    [
        ("welcome", {"verify_url": "https://t.example/verify?t=abc"}, "verify?t=abc"),
        ("password_reset", {"reset_url": "https://t.example/reset?t=abc"}, "reset?t=abc"),
        ("password_changed", {}, "was just changed"),
        (
            "list_invitation",
            {"inviter_name": "Bob", "list_name": "Groceries", "accept_url": "https://t/a"},
            "Groceries",
        ),
    ],
)
def test_account_mails_are_ready(kind: str, payload: dict[str, str], expected: str) -> None:
    message = RENDERER.render(_job(kind, **payload), now=NOW)
    assert expected in message.text_body
    assert expected.replace("&", "&amp;") in (message.html_body or "")
    assert "You get this e-mail because" in message.text_body
    assert message.subject


def test_an_unknown_kind_or_a_payload_missing_a_field_cannot_be_rendered() -> None:
    with pytest.raises(UnprocessableEvent, match="no template"):
        RENDERER.render(_job("postcard"), now=NOW)
    with pytest.raises(UnprocessableEvent, match="cannot render"):
        RENDERER.render(_job("welcome"), now=NOW)


def test_extra_headers_are_kept_on_one_line_and_names_are_checked() -> None:
    message = EmailMessage(
        to="ann@example.org",
        to_name="",
        subject="s",
        text_body="t",
        message_key="k",
        headers=(("List-Unsubscribe", "<https://t.example/u>\r\nBcc: x@y.z"),),
    )
    parsed = _parsed(message)
    assert parsed["List-Unsubscribe"] == "<https://t.example/u> Bcc: x@y.z"
    assert parsed["Bcc"] is None
    with pytest.raises(ValueError, match="header name"):
        build_mime(
            EmailMessage(
                to="a@b.c",
                to_name="",
                subject="s",
                text_body="t",
                message_key="k",
                headers=(("Bad: name", "v"),),
            ),
            sender="todo@example.org",
            sender_name="todo",
            now=NOW,
        )
