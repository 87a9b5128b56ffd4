"""Handlers are given the use cases they call, each by its name, not the whole `Application`.

A controller declares `dependencies = use_cases("get_label", "update_label", ...)`, and a
handler asks for `update_label: NamedDependency[UseCase[UpdateLabelCommand, LabelView]]`. Each
is the `Application`'s attribute of that name (retried like every write through the facade),
read from the application the app's state holds, built by the container on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from litestar.datastructures import State
from litestar.di import Provide

from todo_core import Application

__all__ = ["APPLICATION", "use_cases"]

# The app state's entry holding the container's `Application` provider.
APPLICATION: Final = "application"


def use_cases(*names: str) -> dict[str, Provide]:
    """Dependencies for these use cases of the `Application`, by name."""
    return {name: Provide(_provider(name), sync_to_thread=False) for name in names}


def _provider(name: str) -> Callable[[State], Any]:
    # Litestar resolves a plain function of `state` without a task of its own.
    def use_case(state: State) -> Any:
        application: Application = state[APPLICATION]()
        return getattr(application, name)

    use_case.__name__ = name
    return use_case
