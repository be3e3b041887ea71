"""The values the ``assistant`` command's options take: each function reads an option's text as argparse's
``type=`` does, returning the value or raising ``argparse.ArgumentTypeError`` with what the option takes (argparse
prints it after the option's name: ``argument --port: 'x' is not a port number from 0 to 65535``).

>>> threshold("72.5"), port("8000"), origin("HTTPS://Example.com:443/")
(72.5, 8000, 'https://example.com')
"""

from __future__ import annotations

import argparse
import math
import re
from urllib.parse import urlsplit

from .knowledge import EMPTY_PATH

_ORIGIN = re.compile(r"[a-z][a-z0-9+.-]*://[^/?#\s]+/?", re.IGNORECASE)

_DEFAULT_PORTS = {"http": 80, "https": 443}
"""The ports a browser leaves out of the origin it sends (https://example.com, never https://example.com:443)."""

_NOT_AN_ORIGIN = ("is not an origin: write the scheme and host ({}) of the page, e.g. https://example.com, or * for "
                  "any page")
"""What a ``--cors`` value that is no origin gets, with what to write after the host."""


def threshold(value: str) -> float:
    """``--threshold``: return ``value`` as a score from 0 to 100 (a decimal point allowed); raises
    ``ArgumentTypeError`` for anything else (``nan`` included)."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number from 0 to 100") from None
    if not 0 <= number <= 100:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number from 0 to 100")
    return number


def percentage(text: str) -> float:
    """``eval --min-right`` and ``--min-oos``: return ``text`` as a percentage from 0 to 100; raises
    ``ArgumentTypeError`` for anything else (``nan`` included)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage from 0 to 100")
    return value


def kb_path(value: str) -> str:
    """``--kb``: return the path as given; raises ``ArgumentTypeError`` for an empty one (``Path("")`` is the
    working folder, which no one means: ``knowledge.EMPTY_PATH``)."""
    if not value:
        raise argparse.ArgumentTypeError(EMPTY_PATH)
    return value


def positive(value: str) -> int:
    """``serve --workers``: return ``value`` as a whole number from 1 to 64; raises ``ArgumentTypeError`` for
    anything else."""
    if not value.isdecimal() or not 1 <= int(value) <= 64:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number from 1 to 64")
    return int(value)


def port(value: str) -> int:
    """``serve --port``: return ``value`` as a port number from 0 to 65535 (0: any free port); raises
    ``ArgumentTypeError`` for anything else."""
    if not value.isdecimal() or not 0 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number from 0 to 65535")
    return int(value)


def origin(value: str) -> str:
    """``serve --cors``: return a web page's origin as a browser sends it (``https://example.com``: lower case, no
    trailing slash, no default port), or ``*`` (any page) as given; raises ``ArgumentTypeError`` for a value that
    is no origin (a path, no scheme, a user, a port out of range) or one no browser sends (a ``*`` in the host)."""
    if value == "*":
        return value
    if not _ORIGIN.fullmatch(value):
        raise argparse.ArgumentTypeError(f"{value!r} {_NOT_AN_ORIGIN.format('and port')}")
    parts = urlsplit(value.rstrip("/").lower())
    if "*" in parts.netloc:  # the browser sends one page's origin, which a pattern is never equal to
        raise argparse.ArgumentTypeError(f"{value!r}: a '*' in the host matches no page: give each page's origin "
                                         "(repeat --cors), or * alone for any page")
    try:
        number = parts.port
    except ValueError:
        number = -1
    if number in (-1, 0) or "@" in parts.netloc or not parts.hostname:
        raise argparse.ArgumentTypeError(f"{value!r} {_NOT_AN_ORIGIN.format('and a port from 1 to 65535')}")
    netloc = parts.netloc.removesuffix(":")  # an empty port is none (https://example.com:), as browsers read it
    if number is not None and number == _DEFAULT_PORTS.get(parts.scheme):
        netloc = netloc.rsplit(":", 1)[0]
    return f"{parts.scheme}://{netloc}"
