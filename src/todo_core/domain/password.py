"""A password as the service compares it, and the rules a newly chosen one must meet.

Passwords are NFKC-normalised (Unicode's compatibility composition) before they are hashed or
checked, as NIST SP 800-63B asks: the same characters typed on two keyboards, or sent
composed by one system and decomposed by another ("é" as one code point or as "e" and a
combining accent), are then the same password. Lengths count code points, and must hold both
for the text as sent (what a client can check, and what the API document states) and for the
normalised text (what gets hashed).

A new password is refused when it is blank, equal to its owner's e-mail address or to the
address's local part (whatever the letter case), or on a list of passwords that attackers
try first (the `CommonPasswords` port supplies that list). Each refusal names its rule, so
the client can tell its user what to change.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from todo_core.domain.email_address import EmailAddress
from todo_core.errors import ValidationFailed

__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "NewPassword",
    "PasswordRule",
    "normalise_password",
]

MIN_PASSWORD_LENGTH = 8
# Long passphrases are welcome; the cap only keeps one request from making hashing expensive.
MAX_PASSWORD_LENGTH = 128
_FIELD = "password"


class PasswordRule:
    """The `rule` a refused password's `ValidationFailed` names."""

    LENGTH = "password-length"
    BLANK = "password-blank"
    EMAIL = "password-is-email"
    COMMON = "password-common"


def normalise_password(raw: str) -> str:
    """The form that is hashed and verified: NFKC."""
    return unicodedata.normalize("NFKC", raw)


def _invisible(char: str) -> bool:
    # White space, and the control and format characters (zero-width space and the like)
    # that print nothing either.
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


@dataclass(frozen=True, slots=True)
class NewPassword:
    """A password that met every rule, normalised: what a new hash is made from."""

    # Kept out of repr so a logged object never shows it.
    text: str = field(repr=False)

    @classmethod
    def choose(
        cls, raw: str, *, email: EmailAddress, is_common: Callable[[str], bool]
    ) -> NewPassword:
        """Normalise `raw` and check it; `is_common` tells whether a normalised password is on a
        list of common ones (ignoring letter case). Cheap rules first: the list comes last."""
        text = normalise_password(raw)
        if all(_invisible(char) for char in text):
            raise ValidationFailed(
                "password must not be blank or only white space",
                field=_FIELD,
                rule=PasswordRule.BLANK,
            )
        if not all(MIN_PASSWORD_LENGTH <= len(form) <= MAX_PASSWORD_LENGTH for form in (raw, text)):
            raise ValidationFailed(
                f"password must be {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters long",
                field=_FIELD,
                rule=PasswordRule.LENGTH,
            )
        folded = text.strip().casefold()
        if folded in (email.value.casefold(), email.local_part.casefold()):
            raise ValidationFailed(
                "password must not be the e-mail address or its part before the @",
                field=_FIELD,
                rule=PasswordRule.EMAIL,
            )
        if is_common(text):
            raise ValidationFailed(
                "password is one of the most common passwords, which attackers try first: "
                "choose another",
                field=_FIELD,
                rule=PasswordRule.COMMON,
            )
        return cls(text)
