"""What the ``assistant`` command does when its standard streams' encoding cannot hold the replies' Chinese.

Three cases, each what a user would expect:

- the C locale's ASCII, no ``PYTHONIOENCODING`` given (Python before 3.7, or ``PYTHONUTF8=0`` and ``LC_ALL=C``): a
  misconfiguration, as Python's own UTF-8 mode reads it (PEP 538, PEP 540): the streams read and write UTF-8;
- any other encoding lacking Chinese (``PYTHONIOENCODING=ascii``, a Latin-1 locale), asked for: kept, what it
  lacks written '?', said once on standard error with how to see it (``LOSSY``);
- the terminal chat over such an encoding: it reads what is typed and writes UTF-8 (a terminal where Chinese is
  typed sends it so: read as ASCII, every question would be '????' and kept so in the history), said once.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from typing import TextIO

LOSSY = "assistant.lossy"
"""The encoding error handler of standard output (``_lost``): a character its encoding lacks is written '?', and
said once on standard error."""

_said: list[str] = []
"""Whether the loss was said (once said, holds the encoding)."""


def _say(message: str) -> None:
    if not _said:
        _said.append(message)
        print(f"assistant: warning: {message}", file=sys.stderr, flush=True)


def _lost(error: UnicodeError) -> tuple[str, int]:
    """Write each character the encoding lacks as '?' (as ``errors="replace"``), said once."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    _say(f"the output's encoding ({error.encoding}) cannot write some characters of the replies: they are printed "
         "as '?'; set PYTHONIOENCODING=utf-8 (or a UTF-8 locale, LANG=C.UTF-8) to see them")
    return "?" * (error.end - error.start), error.end


codecs.register_error(LOSSY, _lost)


def _name(stream: TextIO | None) -> str | None:
    """The codec name of ``stream``'s encoding (``ascii``, ``utf-8``), None when it has none known."""
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "").name
    except LookupError:
        return None


def set_up_streams() -> None:
    """Set the standard streams up for the command: UTF-8 in place of the C locale's ASCII when
    ``PYTHONIOENCODING`` is not set; standard output writing what its encoding lacks as '?' said once
    (``LOSSY``), standard error as '?' (``replace``)."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        if _name(stream) == "ascii" and not os.environ.get("PYTHONIOENCODING"):
            stream.reconfigure(encoding="utf-8")
        if stream is not sys.stdin:
            stream.reconfigure(errors=LOSSY if stream is sys.stdout else "replace")


def terminal_in_utf8(sample: str) -> bool:
    """Make the terminal chat read and write UTF-8 when standard output's encoding cannot write ``sample`` (the
    base's title and first questions), said once on standard error; returns True when it did."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        sample.encode(encoding)
    except UnicodeEncodeError:
        pass
    except LookupError:
        return False
    else:
        return False
    for stream in (sys.stdin, sys.stdout):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8")
    _say(f"the terminal's encoding ({encoding}) cannot hold Chinese: the chat reads and writes UTF-8 (set "
         "PYTHONIOENCODING=utf-8, or a UTF-8 locale, to say so)")
    return True
