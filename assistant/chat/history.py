"""The chat's history file: prompt_toolkit's format, written so that two chats at once never corrupt it."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from pathlib import Path

from prompt_toolkit.history import FileHistory

from ..misses import append_line

MAX_STORED_CHARS = 2000
"""Lines longer than this (a stray paste) are kept for the session but not written to the file."""


class SharedFileHistory(FileHistory):
    """A ``FileHistory`` whose every entry is appended in one locked write (``misses.append_line``).

    A file that cannot be read or written never raises: ``on_error`` is called with the ``OSError``
    (the session turns it into a one-line warning) and the chat goes on without saved history. Bare
    numbers (picking from a list) are not remembered: they mean nothing out of their context.
    """

    def __init__(self, path: Path, on_error: Callable[[OSError], None] | None = None) -> None:
        super().__init__(str(path))
        self.path = path
        self.on_error = on_error
        self._read: list[str] | None = None

    def _failed(self, error: OSError) -> None:
        if self.on_error is not None:
            self.on_error(error)

    def check(self) -> None:
        """Read the file now (prompt_toolkit would read it later), so a problem is reported at once."""
        self._read = self._read_file()

    def _read_file(self) -> list[str]:
        try:
            return list(super().load_history_strings())
        except OSError as error:
            self._failed(error)
            return []

    def load_history_strings(self) -> Iterable[str]:
        """The saved entries, newest first; none when the file cannot be read."""
        strings, self._read = (self._read if self._read is not None else self._read_file()), None
        return strings

    def append_string(self, string: str) -> None:
        """Remember an entry, unless it is empty or a bare number."""
        if string.strip() and not string.strip().isdecimal():
            super().append_string(string)

    def store_string(self, string: str) -> None:
        """Append one entry to the file in a single locked write."""
        if len(string) > MAX_STORED_CHARS:
            return
        record = f"\n# {datetime.datetime.now()}\n" + "\n".join(f"+{part}" for part in string.split("\n"))
        try:
            append_line(self.path, record)
        except OSError as error:
            self._failed(error)
