"""Jinja2 templates for every mail, text and HTML, with HTML autoescaped: a todo titled
`<script>` is shown as text. Each kind has `KIND.subject.txt`, `KIND.txt` and `KIND.html`
under `templates/`; `base.html` and `footer.txt` say who sent it and why it came.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape

from adapters.jinja.due_words import due_in_words, local_time
from todo_core.errors import UnprocessableEvent
from todo_core.ports.email_jobs import EmailJob
from todo_core.ports.email_renderer import EmailRenderer
from todo_core.ports.mailer import EmailMessage

__all__ = ["KINDS", "JinjaEmailRenderer"]

_TEMPLATES = Path(__file__).parent / "templates"
KINDS = frozenset(
    {"reminder", "digest", "welcome", "password_reset", "password_changed", "list_invitation"}
)


class JinjaEmailRenderer(EmailRenderer):
    def __init__(self, *, public_url: str, product: str = "todo") -> None:
        self._public_url = public_url.rstrip("/")
        self._product = product
        self._environment = Environment(
            loader=FileSystemLoader(_TEMPLATES),
            # HTML escaped always; text and subjects are text, escaped by nothing.
            autoescape=select_autoescape(enabled_extensions=("html",), default=False),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(self, job: EmailJob, *, now: datetime) -> EmailMessage:
        if job.kind not in KINDS:
            raise UnprocessableEvent(f"no template for e-mail kind {job.kind!r}")
        try:
            context = self._context(job, now)
            # One line, whatever a title or name holds: no header can be broken from here.
            subject = _one_line(self._render(f"{job.kind}.subject.txt", context))
            text = self._render(f"{job.kind}.txt", context)
            html = self._render(f"{job.kind}.html", context)
        except (TemplateError, KeyError, ValueError, ZoneInfoNotFoundError) as error:
            raise UnprocessableEvent(f"cannot render {job.kind} job {job.id}: {error!r}") from error
        return EmailMessage(
            to=job.recipient,
            to_name=_one_line(str(job.payload.get("user_name") or "")),
            subject=subject,
            text_body=text,
            html_body=html,
            message_key=str(job.id),
        )

    def _render(self, name: str, context: Mapping[str, Any]) -> str:
        return self._environment.get_template(name).render(context)

    def _context(self, job: EmailJob, now: datetime) -> dict[str, Any]:
        payload = job.payload
        zone = ZoneInfo(str(payload.get("time_zone") or "UTC"))

        def in_words(due: str | None) -> str:
            return due_in_words(due, zone, now)

        def clock_time(due: str | None) -> str:
            at = None if not due else local_time(due, zone)
            return "" if at is None else f"{at:%H:%M}"

        context: dict[str, Any] = {
            "user_name": "",
            **payload,
            "product": self._product,
            "public_url": self._public_url,
            "recipient": job.recipient,
            "in_words": in_words,
            "clock_time": clock_time,
        }
        if job.kind == "reminder":
            context["due_words"] = in_words(payload.get("due"))
            context["link"] = f"{self._public_url}/api/v1/todos/{payload['todo_id']}"
        if job.kind == "digest":
            context["day"] = datetime.fromisoformat(str(payload["local_date"])).date()
        return context


def _one_line(text: str) -> str:
    return " ".join(
        "".join(
            " " if unicodedata.category(char) in {"Cc", "Zl", "Zp"} else char for char in text
        ).split()
    )
