"""Sending e-mail: one rendered message to one recipient, accepted by a server or not.

Delivery is at least once: a process can die after the server accepted a message and before
its job was marked sent, and the job is then sent again. Every message therefore carries a
`message_key` derived from its job, which becomes its Message-ID, so the copy a recipient may
get twice is recognisably the same message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["EmailMessage", "Mailer"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailMessage:
    to: str
    # The recipient's display name, or "" for the bare address.
    to_name: str
    subject: str
    text_body: str
    html_body: str | None = None
    # Stable for one logical message (the job's id): the local part of its Message-ID.
    message_key: str
    # Extra headers (e.g. List-Unsubscribe), name and value; adapters refuse line breaks.
    headers: tuple[tuple[str, str], ...] = ()


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Returns once the server accepted the message.

        Raises `DeliveryDeferred` when trying again later may succeed, `DeliveryRefused` when
        the server refused it for good; both carry the server's reply.
        """
        ...
