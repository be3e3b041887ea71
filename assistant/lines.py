"""Reading questions line by line from a stream (a pipe, a file), with a bound on every line.

A line is read at most ``limit`` bytes at a time: a longer one (a 1.5 GB paste) is skipped in pieces, so
memory stays small whatever arrives, and the caller reports it in one line.
"""

from __future__ import annotations

import re
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


_LINE_END, _NEWLINE = re.compile(rb"[\r\n]"), re.compile(rb"\n")
CHUNK_BYTES = 8 * 1024
"""The most bytes read from the stream at a time."""


def bounded_lines(stream: BinaryIO, limit: int = MAX_LINE_BYTES, *, bare_cr: bool = True) -> Iterator[Line]:
    """Yield the lines of ``stream``, decoded as UTF-8, each read with at most ``limit`` plus ``CHUNK_BYTES``
    bytes in memory. A line ends at ``\\n``, ``\\r\\n`` or a bare ``\\r`` (as old Macs save, and as Python reads
    text files), and is yielded as soon as its end arrives (a client writing a line and waiting is answered).
    Without ``bare_cr`` (a file whose format ends lines at ``\\n`` only) a ``\\r`` is text like any other.

    A line longer than ``limit`` bytes keeps its first ``limit`` bytes (a character cut in two is dropped);
    the rest is skipped unread into memory, and ``problem`` says so. A line that is not valid UTF-8 is
    yielded with ``text`` None and a ``problem`` (naming UTF-16's byte-order mark when it opens the stream: the
    input is to be sent as UTF-8). The lines after either are read as usual. A byte-order mark opening the
    stream (Notepad saves one) is not part of the first line.

    >>> import io
    >>> [(line.number, line.text, line.problem) for line in bounded_lines(io.BytesIO(b"a\\n" + b"x" * 9 + b"\\nb"), 4)]
    [(1, 'a', None), (2, 'xxxx', 'line 2 is longer than 4 bytes: only its first 4 bytes were read'), (3, 'b', None)]
    >>> [line.text for line in bounded_lines(io.BytesIO(b"a\\rb\\r\\nc\\n\\rd"))]
    ['a', 'b', 'c', '', 'd']
    """
    for number, (raw, too_long) in enumerate(_raw_lines(stream, limit, _LINE_END if bare_cr else _NEWLINE), 1):
        if not bare_cr:
            raw = raw.removesuffix(b"\r")
        problem = None
        if too_long:
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
            utf16 = number == 1 and raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # Notepad's "Unicode", PowerShell's
            yield Line(number, None, f"line {number} is not valid UTF-8 (byte 0x{raw[error.start]:02x})"
                                     + (": the input opens with UTF-16's byte-order mark: send UTF-8" if utf16 else "")
                                     + "; skipped")
            continue
        yield Line(number, text, problem)


def _raw_lines(stream: BinaryIO, limit: int, line_end: re.Pattern[bytes]) -> Iterator[tuple[bytes, bool]]:
    """Yield each line's bytes without its end (a ``line_end`` match, ``\\r\\n`` counted as one), and whether it
    was longer than ``limit`` (then only its first ``limit + 1`` bytes, the rest skipped)."""
    read = getattr(stream, "read1", stream.read)  # read1: what has arrived, without waiting for more
    buffer, after_cr, ended = b"", False, False
    while True:
        if after_cr and buffer:  # \r\n is one line end, whichever reads they arrived in
            buffer, after_cr = (buffer[1:] if buffer.startswith(b"\n") else buffer), False
        end = line_end.search(buffer, 0, limit + 1)
        if end is not None:
            after_cr = buffer[end.start():end.end()] == b"\r"
            yield buffer[:end.start()], False
            buffer = buffer[end.end():]
            continue
        if len(buffer) > limit:
            kept, buffer = buffer[:limit + 1], buffer[limit + 1:]
            while (end := line_end.search(buffer)) is None and not ended:
                buffer = read(CHUNK_BYTES)
                ended = not buffer
            if end is not None:
                after_cr = buffer[end.start():end.end()] == b"\r"
                buffer = buffer[end.end():]
            yield kept, True
            continue
        if ended:
            if buffer:
                yield buffer, False
            return
        chunk = read(CHUNK_BYTES)
        ended = not chunk
        buffer += chunk
