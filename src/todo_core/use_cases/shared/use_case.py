"""The shape every use case has, for whoever is handed one: `await use_case(command)`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeAlias, TypeVar

__all__ = ["UseCase"]

C = TypeVar("C")
R = TypeVar("R")

# A plain callable type rather than a Protocol, so that frameworks which check injected values
# against their annotations (Litestar does) accept any use case, wrapped in `Retrying` or not.
UseCase: TypeAlias = Callable[[C], Awaitable[R]]
