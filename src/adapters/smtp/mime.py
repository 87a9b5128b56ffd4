"""The core's `EmailMessage` as an RFC 5322 message: multipart text and HTML, safe headers.

No header can be broken by what a user typed: subjects, display names and extra header values
lose every control character (CR and LF above all) and Unicode line or paragraph separator
before they reach the header, and the standard library's SMTP policy encodes the rest. The
Message-ID is built from the message key (the job's id), so a resend carries the same one.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage as MimeMessage
from email.policy import SMTP
from email.utils import format_datetime

from todo_core.ports.mailer import EmailMessage

__all__ = ["build_mime", "one_line"]

_SPACES = re.compile(r"\s+")
_HEADER_NAME = re.compile(r"^[!-9;-~]+$")
# Subjects longer than this are cut: nobody reads past it, and headers must stay short.
_MAX_SUBJECT = 200


def one_line(text: str, *, limit: int | None = None) -> str:
    """`text` on one line: control characters and line or paragraph separators become spaces,
    runs of whitespace one space; cut to `limit` characters with an ellipsis."""
    cleaned = "".join(
        " " if unicodedata.category(char) in {"Cc", "Zl", "Zp"} else char for char in text
    )
    cleaned = _SPACES.sub(" ", cleaned).strip()
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: limit - 1].rstrip() + "\u2026"
    return cleaned


def _domain(address: str) -> str:
    return address.rpartition("@")[2] or "localhost"


def build_mime(
    message: EmailMessage, *, sender: str, sender_name: str, now: datetime
) -> MimeMessage:
    mime = MimeMessage(policy=SMTP)
    mime["From"] = Address(display_name=one_line(sender_name), addr_spec=sender)
    mime["To"] = Address(display_name=one_line(message.to_name), addr_spec=message.to)
    mime["Subject"] = one_line(message.subject, limit=_MAX_SUBJECT)
    mime["Date"] = format_datetime(now)
    mime["Message-ID"] = f"<{one_line(message.message_key)}@{_domain(sender)}>"
    # RFC 3834: sent by a program, so autoresponders stay quiet.
    mime["Auto-Submitted"] = "auto-generated"
    for name, value in message.headers:
        if not _HEADER_NAME.match(name):
            raise ValueError(f"not a header name: {name!r}")
        mime[name] = one_line(value)
    mime.set_content(message.text_body)
    if message.html_body is not None:
        mime.add_alternative(message.html_body, subtype="html")
    return mime
