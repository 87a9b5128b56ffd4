"""Turning a queued e-mail job into the message a person reads (templates live outside the core)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from todo_core.ports.email_jobs import EmailJob
from todo_core.ports.mailer import EmailMessage

__all__ = ["EmailRenderer"]


class EmailRenderer(Protocol):
    def render(self, job: EmailJob, *, now: datetime) -> EmailMessage:
        """The message of `job` as of `now` (relative wording such as "due today" depends on
        it). Raises `UnprocessableEvent` for a kind it has no template for, or a payload its
        template cannot use: sending that job again cannot succeed."""
        ...
