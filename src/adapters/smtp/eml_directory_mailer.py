"""The embedded default's `Mailer`: each message written as an `.eml` file, its path logged.

Without `TODO_SMTP_HOST`, a person running the service sees exactly what would have been sent
(any mail program opens the file). The file is named after the message key, so the resend
after a crash rewrites the same file instead of adding a second.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from adapters.smtp.mime import build_mime
from todo_core.errors import DeliveryDeferred
from todo_core.ports.clock import Clock
from todo_core.ports.mailer import EmailMessage, Mailer

__all__ = ["EmlDirectoryMailer"]

_LOG = logging.getLogger("todo.mailer")


class EmlDirectoryMailer(Mailer):
    def __init__(
        self, directory: Path, *, sender: str, sender_name: str = "todo", clock: Clock
    ) -> None:
        self._directory = directory
        self._sender = sender
        self._sender_name = sender_name
        self._clock = clock

    async def send(self, message: EmailMessage) -> None:
        now = self._clock.now()
        mime = build_mime(message, sender=self._sender, sender_name=self._sender_name, now=now)
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in message.message_key)
        path = self._directory / f"{name}.eml"
        try:
            await asyncio.to_thread(_write, path, mime.as_bytes())
        except OSError as error:
            raise DeliveryDeferred(f"cannot write {path}: {error}") from error
        _LOG.info("mail written to %s (to %s)", path, message.to, extra={"path": str(path)})


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Whole or not at all: a reader never sees half a message.
    partial = path.with_suffix(".eml.partial")
    partial.write_bytes(data)
    partial.replace(path)
