"""The `CommonPasswords` port on the password list that ships with zxcvbn (MIT licence).

zxcvbn's `passwords` frequency list holds the 30 000 most frequent passwords of Xato's corpus
of 10 million leaked passwords, lower-cased; about 11 600 of them are 8 characters or longer,
the rest cannot pass the length rule anyway. It is read once, into a frozenset, when the
adapter is built (a few tens of milliseconds); each check is then one set lookup. Only the
list is used, not zxcvbn's strength estimate: the rule is "not a known common password",
which a user can understand and meet, not a score.
"""

from __future__ import annotations

from zxcvbn.frequency_lists import FREQUENCY_LISTS

from todo_core.ports.common_passwords import CommonPasswords

__all__ = ["ZxcvbnCommonPasswords"]

_LIST = "passwords"


class ZxcvbnCommonPasswords(CommonPasswords):
    def __init__(self) -> None:
        self._passwords = frozenset(password.casefold() for password in FREQUENCY_LISTS[_LIST])

    def __len__(self) -> int:
        return len(self._passwords)

    def is_common(self, password: str) -> bool:
        return password.casefold() in self._passwords
