"""Password hashing with Argon2id, kept off the event loop, and the list of common passwords."""

from adapters.passwords.argon2_hasher import (
    OWASP_PARAMETERS,
    Argon2Parameters,
    Argon2PasswordHasher,
)
from adapters.passwords.zxcvbn_common_passwords import ZxcvbnCommonPasswords

__all__ = ["OWASP_PARAMETERS", "Argon2Parameters", "Argon2PasswordHasher", "ZxcvbnCommonPasswords"]
