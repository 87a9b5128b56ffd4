"""The `List-Unsubscribe` headers of a mail people can turn off (RFC 2369 and RFC 8058).

A mail provider shows an unsubscribe button and, on a click, posts
`List-Unsubscribe=One-Click` to the URL (`POST /api/v1/unsubscribe?token=...`), which turns
that kind of mail off for that user without a login.
"""

from __future__ import annotations

from urllib.parse import quote
from uuid import UUID

from todo_core.ports.email_jobs import EmailJob
from todo_core.use_cases.unsubscribe_tokens import UNSUBSCRIBABLE, UnsubscribeTokens

__all__ = ["UNSUBSCRIBE_PATH", "UnsubscribeHeaders"]

UNSUBSCRIBE_PATH = "/api/v1/unsubscribe"


class UnsubscribeHeaders:
    def __init__(self, tokens: UnsubscribeTokens, *, public_url: str) -> None:
        self._tokens = tokens
        self._base = public_url.rstrip("/") + UNSUBSCRIBE_PATH

    def __call__(self, job: EmailJob) -> tuple[tuple[str, str], ...]:
        user_id = job.payload.get("user_id")
        if job.kind not in UNSUBSCRIBABLE or not user_id:
            return ()
        token = self._tokens.token(UUID(str(user_id)), job.kind)
        return (
            ("List-Unsubscribe", f"<{self._base}?token={quote(token)}>"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        )
