"""Reading questions line by line from a stream (a pipe, a file), with a bound on every line.

A line is read at most ``limit`` bytes at a time: a longer one (a 1.5 GB paste) is skipped in pieces, so
memory stays small whatever arrives, and the caller reports it in one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

MAX_LINE_BYTES = 64 * 1024
"""The longest line read as a question or request: far more than any question (the matcher reads 500
characters), far less than would strain memory."""

BOM = b"\xef\xbb\xbf"
"""UTF-8's byte-order mark."""


@dataclass(frozen=True)
class Line:
    """One line read: its number (from 1), its text without the line break (None when it could not be
    read), and ``problem``, a sentence to report (why it was skipped, or that it was cut), else None."""

    number: int
    text: str | None
    problem: str | None = None


def bounded_lines(stream: BinaryIO, limit: int = MAX_LINE_BYTES) -> Iterator[Line]:
    """Yield the lines of ``stream``, decoded as UTF-8, each read with at most ``limit + 1`` bytes in memory.

    A line longer than ``limit`` bytes keeps its first ``limit`` bytes (a character cut in two is dropped);
    the rest is skipped unread into memory, and ``problem`` says so. A line that is not valid UTF-8 is
    yielded with ``text`` None and a ``problem``. The lines after either are read as usual. A byte-order mark
    opening the stream (Notepad saves one) is not part of the first line.

    >>> import io
    >>> [(line.number, line.text, line.problem) for line in bounded_lines(io.BytesIO(b"a\\n" + b"x" * 9 + b"\\nb"), 4)]
    [(1, 'a', None), (2, 'xxxx', 'line 2 is longer than 4 bytes: only its first 4 bytes were read'), (3, 'b', None)]
    """
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        problem = None
        if len(raw) > limit and not (len(raw) == limit + 1 and raw.endswith(b"\n")):
            rest = raw
            while rest and not rest.endswith(b"\n"):
                rest = stream.readline(limit + 1)
            cut = limit
            while cut > 0 and raw[cut] & 0xC0 == 0x80:  # not inside a character: back to where one starts
                cut -= 1
            raw = raw[:cut]
            problem = f"line {number} is longer than {limit} bytes: only its first {limit} bytes were read"
        if number == 1 and raw.startswith(BOM):
            raw = raw[len(BOM):]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield Line(number, None, f"line {number} is not valid UTF-8 (byte 0x{raw[error.start]:02x}); skipped")
            continue
        yield Line(number, text.rstrip("\r\n"), problem)
