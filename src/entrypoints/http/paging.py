"""The query parameters of every paged collection: `limit` and `cursor`.

Pages answer `{"items": [...], "next_cursor": ...}`; the cursor is signed by the core, so its
length here is only a bound on what is worth reading.
"""

from __future__ import annotations

from typing import Annotated, Final

from litestar.params import QueryParameter

from todo_core.use_cases import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_CURSOR_LENGTH", "Limit", "PageCursor"]

MAX_CURSOR_LENGTH: Final = 500

Limit = Annotated[
    int,
    QueryParameter(ge=1, le=MAX_PAGE_SIZE, description=f"Page size, 1 to {MAX_PAGE_SIZE}."),
]
PageCursor = Annotated[
    str | None,
    QueryParameter(
        max_length=MAX_CURSOR_LENGTH, description="`next_cursor` of the previous page, as given."
    ),
]
