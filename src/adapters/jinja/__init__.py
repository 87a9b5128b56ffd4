"""Mail templates with Jinja2: the `EmailRenderer` of every kind of mail."""

from adapters.jinja.due_words import due_in_words
from adapters.jinja.email_renderer import KINDS, JinjaEmailRenderer

__all__ = ["KINDS", "JinjaEmailRenderer", "due_in_words"]
