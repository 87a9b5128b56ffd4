"""A real SMTP server for the mail tests: aiosmtpd on a free loopback port, in its own thread,
told which replies to give (421, 550, ...) before it accepts, and keeping what it accepted.

`TODO_TEST_SMTP_URL` (`smtp://127.0.0.1:1025`, loopback only) points the tests that only need
a server that accepts at an outside one instead (Mailpit, say); the fault tests script their
own server and always start one.
"""

from __future__ import annotations

import email
import email.policy
import ipaddress
import os
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import pytest

__all__ = ["ScriptedSmtp", "SmtpEndpoint", "scripted_smtp", "smtp_endpoint"]


@dataclass
class ScriptedSmtp:
    """The handler: replies to DATA from `replies` first ("421 ..."), then accepts."""

    host: str = "127.0.0.1"
    port: int = 0
    replies: deque[str] = field(default_factory=deque)
    accepted: list[EmailMessage] = field(default_factory=list)
    # Called in the server's thread once a message is stored, before the 250 goes out.
    on_accept: Callable[[EmailMessage], None] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self._lock:
            if self.replies:
                return self.replies.popleft()
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            self.accepted.append(message)
        if self.on_accept is not None:
            self.on_accept(message)
        return "250 2.0.0 accepted"

    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self.accepted)

    def start(self) -> None:
        from aiosmtpd.controller import Controller  # noqa: PLC0415 - only mail tests pay

        if not self.port:
            with socket.socket() as probe:
                probe.bind((self.host, 0))
                self.port = int(probe.getsockname()[1])
        self._controller = Controller(self, hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def scripted_smtp() -> Iterator[ScriptedSmtp]:
    server = ScriptedSmtp()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@dataclass(frozen=True)
class SmtpEndpoint:
    host: str
    port: int
    # None for an outside server: what it received is not visible from here.
    server: ScriptedSmtp | None


@pytest.fixture
def smtp_endpoint() -> Iterator[SmtpEndpoint]:
    given = os.environ.get("TODO_TEST_SMTP_URL")
    if given:
        parts = urlsplit(given)
        host = parts.hostname or ""
        if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
            pytest.exit(f"TODO_TEST_SMTP_URL must point at loopback, not {host!r}", returncode=4)
        yield SmtpEndpoint(host, parts.port or 25, None)
        return
    server = ScriptedSmtp()
    server.start()
    try:
        yield SmtpEndpoint(server.host, server.port, server)
    finally:
        server.stop()
