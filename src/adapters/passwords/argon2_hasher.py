"""The `PasswordHasher` port on argon2-cffi: Argon2id, run in a thread pool the instance owns.

Argon2 is slow on purpose (tens of milliseconds and 19 MiB per hash with OWASP's parameters),
so doing it on the event loop would stall every other request for that long. Each call goes
to a bounded `ThreadPoolExecutor` instead: argon2-cffi releases the GIL while it hashes, so
the workers hash in parallel and the loop keeps serving. The bound (one worker per CPU by
default) also caps the memory that concurrent logins can take: `max_workers` x `memory_kib`.

Only stored hashes reach `verify` and `needs_rehash`, but a corrupt or foreign one (bcrypt from
an import, a truncated column) must read as "does not match", never as a 500, so both treat
anything they cannot parse as a failed check. Passwords are hashed as the UTF-8 of the text
given (the core normalises it first, see `todo_core.domain.password`); lone surrogates, which a
JSON body can carry, are encoded with `surrogatepass` instead of raising, which leaves every
valid string's bytes exactly its UTF-8.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from argon2 import PasswordHasher as _Argon2
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from todo_core.ports.password_hasher import PasswordHasher

__all__ = ["OWASP_PARAMETERS", "Argon2Parameters", "Argon2PasswordHasher"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Argon2Parameters:
    """Argon2id's cost; the defaults are OWASP's recommendation (Password Storage Cheat Sheet).

    Changing them is safe at any time: old hashes still verify, and `needs_rehash` reports
    them so the next login stores a new one.
    """

    memory_kib: int = 19_456  # 19 MiB
    time_cost: int = 2
    parallelism: int = 1
    hash_length: int = 32
    salt_length: int = 16

    def __post_init__(self) -> None:
        # Argon2's own minimums, checked here so a bad setting fails at start-up rather than
        # at the first registration.
        if self.parallelism < 1 or self.time_cost < 1:
            raise ValueError("Argon2 time_cost and parallelism must be at least 1")
        if self.memory_kib < 8 * self.parallelism:
            raise ValueError("Argon2 memory_kib must be at least 8 x parallelism")
        if self.hash_length < 4 or self.salt_length < 8:
            raise ValueError("Argon2 hash_length must be >= 4 and salt_length >= 8")


OWASP_PARAMETERS = Argon2Parameters()


def _could_be_argon2(password_hash: str) -> bool:
    # argon2-cffi raises UnicodeEncodeError for non-ASCII, and its C code would read a hash
    # only up to a NUL, so "<valid hash>\0<anything>" would verify: refuse both up front.
    return password_hash.isascii() and "\0" not in password_hash


def _encode(password: str) -> bytes:
    return password.encode("utf-8", "surrogatepass")


class Argon2PasswordHasher(PasswordHasher):
    """Argon2id hashes in PHC string format (`$argon2id$v=19$m=...,t=...,p=...$salt$hash`).

    Call `close()` (or `await aclose()`) at shutdown to stop the worker threads; the
    hasher cannot be used afterwards. A cancelled `hash` or `verify` stops waiting at once,
    but its worker still finishes the computation.
    """

    def __init__(
        self, parameters: Argon2Parameters = OWASP_PARAMETERS, *, max_workers: int | None = None
    ) -> None:
        workers = (os.cpu_count() or 2) if max_workers is None else max_workers
        if workers < 1:
            raise ValueError("max_workers must be at least 1")
        self.parameters = parameters
        self._argon2 = _Argon2(
            time_cost=parameters.time_cost,
            memory_cost=parameters.memory_kib,
            parallelism=parameters.parallelism,
            hash_len=parameters.hash_length,
            salt_len=parameters.salt_length,
            type=Type.ID,
        )
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="argon2")

    async def hash(self, password: str) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._argon2.hash, _encode(password))

    async def verify(self, password_hash: str, password: str) -> bool:
        if not _could_be_argon2(password_hash):
            return False
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._executor, self._verify_now, password_hash, _encode(password)
        )

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash differs from what this instance would make now.

        A hash in another Argon2 variant (argon2i, argon2d) is reported, so it is upgraded at
        the next login. One that does not parse gives False: it cannot verify either, so no
        login would ever reach the rehash.
        """
        if not _could_be_argon2(password_hash):
            return False
        try:
            return self._argon2.check_needs_rehash(password_hash)
        except InvalidHashError:
            return False

    def close(self) -> None:
        """Stop the worker threads, after the hashes already started have finished."""
        self._executor.shutdown(wait=True)

    async def aclose(self) -> None:
        """`close()` without blocking the event loop while running hashes finish."""
        await asyncio.to_thread(self.close)

    def _verify_now(self, password_hash: str, password: bytes) -> bool:
        try:
            return self._argon2.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            # A wrong password, a hash Argon2 rejects (corrupt, impossible parameters), or
            # one that is not Argon2 at all (bcrypt, empty): all are "does not match".
            return False
