"""Sending e-mail: a side effect outside the database, so every message carries a dedupe key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["EmailMessage", "Mailer"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailMessage:
    to: str
    subject: str
    text_body: str
    # Stable for one logical message (e.g. "reminder:<reminder id>:<fire time>"), so a resend
    # after a crash can be recognised; at most one resend is possible in that window.
    dedupe_key: str
    html_body: str | None = None


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Returns once the server accepted the message; raises to have it retried later."""
        ...
