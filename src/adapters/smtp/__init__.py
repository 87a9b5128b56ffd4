"""E-mail out: SMTP through aiosmtplib, or `.eml` files for the embedded default."""

from adapters.smtp.aiosmtplib_mailer import AiosmtplibMailer, SmtpOptions, TlsMode
from adapters.smtp.eml_directory_mailer import EmlDirectoryMailer
from adapters.smtp.mime import build_mime, one_line

__all__ = [
    "AiosmtplibMailer",
    "EmlDirectoryMailer",
    "SmtpOptions",
    "TlsMode",
    "build_mime",
    "one_line",
]
