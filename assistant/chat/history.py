"""The chat's history file: prompt_toolkit's format, written so that two chats at once never corrupt it."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from prompt_toolkit.history import FileHistory

from ..conversation import is_pick
from ..lines import bounded_lines
from ..misses import append_line
from ..paths import open_state_file

MAX_STORED_CHARS = 2000
"""Lines longer than this (a stray paste) are kept for the session but not written to the file."""


class SharedFileHistory(FileHistory):
    """A ``FileHistory`` whose every entry is appended in one locked write (``misses.append_line``).

    A file that cannot be read or written never raises: ``on_error`` is called with the ``OSError``
    (the session turns it into a one-line warning) and the chat goes on without saved history. Picks from a
    list, however written (2, 2., 第二个, 二: ``conversation.is_pick``), are not remembered: they mean nothing
    out of their context.
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
        """The saved entries, newest first, read without following a symbolic link (prompt_toolkit's
        format: ``+`` lines make an entry; others separate entries)."""
        strings: list[str] = []
        lines: list[str] = []
        try:
            fd = open_state_file(str(self.path), append=False)
        except (FileNotFoundError, NotADirectoryError):  # no history yet (writing it says what is wrong)
            return []
        except OSError as error:
            self._failed(error)
            return []
        try:
            with os.fdopen(fd, "rb") as handle:
                for line in bounded_lines(handle, MAX_STORED_CHARS * 4 + 8, bare_cr=False):
                    if line.text is not None and line.text.startswith("+"):
                        lines.append(line.text[1:])
                    elif lines:
                        strings.append("\n".join(lines))
                        lines = []
        except OSError as error:
            self._failed(error)
            return []
        if lines:
            strings.append("\n".join(lines))
        return strings[::-1]

    def load_history_strings(self) -> Iterable[str]:
        """The saved entries, newest first; none when the file cannot be read."""
        strings, self._read = (self._read if self._read is not None else self._read_file()), None
        return strings

    def append_string(self, string: str) -> None:
        """Remember an entry without the blank lines and spaces around it (a paste ending in a line break), unless
        it is empty or picks from a list (``conversation.is_pick``)."""
        string = string.strip()
        if string and not is_pick(string):
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
