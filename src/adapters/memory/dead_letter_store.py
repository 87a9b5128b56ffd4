"""Dead letters in memory, for unit tests and embedding apps without a database."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from uuid import UUID

from todo_core.errors import NotFound
from todo_core.ports.dead_letter_store import DeadLetter, DeadLetterStore

__all__ = ["InMemoryDeadLetterStore"]


class InMemoryDeadLetterStore(DeadLetterStore):
    def __init__(self) -> None:
        self.letters: dict[UUID, DeadLetter] = {}

    async def add(self, letter: DeadLetter) -> None:
        for stored in self.letters.values():
            if letter.offset is not None and _position(stored) == _position(letter):
                self.letters[stored.id] = dataclasses.replace(
                    stored,
                    error=letter.error,
                    attempts=stored.attempts + letter.attempts,
                    last_failed_at=letter.last_failed_at,
                )
                return
        self.letters[letter.id] = letter

    async def pending(self, *, consumer: str | None = None, limit: int = 100) -> list[DeadLetter]:
        found = [
            letter
            for letter in self.letters.values()
            if letter.replayed_at is None and consumer in (None, letter.consumer)
        ]
        return sorted(found, key=lambda letter: (letter.first_failed_at, letter.id))[:limit]

    async def mark_replayed(self, letter_id: UUID, *, at: datetime) -> None:
        letter = self.letters.get(letter_id)
        if letter is None:
            raise NotFound(f"no dead letter {letter_id}")
        self.letters[letter_id] = dataclasses.replace(letter, replayed_at=at)


def _position(letter: DeadLetter) -> tuple[str, str | None, int | None, int | None]:
    return (letter.consumer, letter.topic, letter.partition, letter.offset)
