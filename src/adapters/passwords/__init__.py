"""Password hashing with Argon2id, kept off the event loop."""

from adapters.passwords.argon2_hasher import (
    OWASP_PARAMETERS,
    Argon2Parameters,
    Argon2PasswordHasher,
)

__all__ = ["OWASP_PARAMETERS", "Argon2Parameters", "Argon2PasswordHasher"]
