"""The `Mailer` over SMTP with aiosmtplib: one connection per message, replies sorted into
what may succeed later (`DeliveryDeferred`) and what never will (`DeliveryRefused`).

- 5xx replies to the message (sender, recipient, data) refuse it for good;
- 4xx replies, a refused or reset connection, timeouts: deferred;
- a failed login (535) or a server without the TLS it was told to use are deferred too: they
  are the configuration's fault, not the message's, and every job would fail for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import aiosmtplib

from adapters.smtp.mime import build_mime
from todo_core.errors import DeliveryDeferred, DeliveryRefused
from todo_core.ports.clock import Clock
from todo_core.ports.mailer import EmailMessage, Mailer

__all__ = ["AiosmtplibMailer", "SmtpOptions", "TlsMode"]

TlsMode = Literal["starttls", "tls", "none"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SmtpOptions:
    host: str
    port: int
    sender: str
    sender_name: str = "todo"
    username: str | None = None
    password: str | None = None
    # "starttls": upgrade after connecting (required); "tls": TLS from the start; "none": plain.
    tls: TlsMode = "starttls"
    # Seconds for connecting and for each reply.
    timeout: float = 30.0


class AiosmtplibMailer(Mailer):
    def __init__(self, options: SmtpOptions, *, clock: Clock) -> None:
        self._options = options
        self._clock = clock

    async def send(self, message: EmailMessage) -> None:
        options = self._options
        mime = build_mime(
            message, sender=options.sender, sender_name=options.sender_name, now=self._clock.now()
        )
        try:
            await aiosmtplib.send(
                mime,
                hostname=options.host,
                port=options.port,
                username=options.username,
                password=options.password,
                use_tls=options.tls == "tls",
                start_tls=options.tls == "starttls",
                timeout=options.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as refused:
            replies = [f"{r.code} {r.message}" for r in refused.recipients]
            if all(r.code >= 500 for r in refused.recipients):
                raise DeliveryRefused("; ".join(replies)) from refused
            raise DeliveryDeferred("; ".join(replies)) from refused
        except aiosmtplib.SMTPAuthenticationError as failed:
            raise DeliveryDeferred(f"login failed: {failed.code} {failed.message}") from failed
        except aiosmtplib.SMTPResponseException as answered:
            reply = f"{answered.code} {answered.message}"
            if answered.code >= 500:
                raise DeliveryRefused(reply) from answered
            raise DeliveryDeferred(reply) from answered
        except (aiosmtplib.SMTPException, OSError) as failed:
            # Refused or reset connections, timeouts, a server without STARTTLS.
            raise DeliveryDeferred(f"{type(failed).__name__}: {failed}") from failed
