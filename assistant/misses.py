"""The local log of questions the assistant could not answer, and where the assistant keeps its state.

Nothing here is ever sent anywhere: the log is a JSON-lines file under the user's XDG state directory,
so a maintainer can see (``assistant misses``) which questions need new alternates or entries.
"""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import MissesLogError
from .models import Reply
from .normalize import MAX_QUERY_CHARS

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]


MAX_LOGGED_CHARS = MAX_QUERY_CHARS * 4
"""A logged question is cut to this many characters: enough to see what was asked, never a whole paste."""

_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-~]?)"
                              r"|\x9b[0-?]*[ -/]*[@-~]?")


def loggable(text: str) -> str:
    """Return a question as the log keeps it: one line, with escape sequences and control characters removed.

    What someone typed may hold terminal escape sequences; the log is shown later by ``assistant misses``,
    so it keeps only what is safe to print, and questions differing only in such characters group together.

    >>> loggable("\\x1b[31m客服 电话\\x1b[0m\\n")
    '客服 电话'
    """
    text = _ESCAPE_SEQUENCE.sub("", text[: MAX_LOGGED_CHARS * 2])
    kept = "".join(" " if char.isspace() else char for char in text
                   if char.isspace() or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co")
                   or char in "\u200d\ufe0f")
    return " ".join(kept.split())[:MAX_LOGGED_CHARS]


def state_dir() -> Path:
    """Return the folder for the assistant's history and log: ``$XDG_STATE_HOME/assistant``.

    Falls back to ``~/.local/state/assistant`` when ``XDG_STATE_HOME`` is unset or not absolute.
    The folder is not created here.
    """
    base = os.environ.get("XDG_STATE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".local" / "state"
    return root / "assistant"


def misses_path() -> Path:
    """Return the path of the log of unanswered questions (JSON lines)."""
    return state_dir() / "misses.jsonl"


def append_line(path: Path, line: str) -> None:
    """Append one line to ``path`` in a single locked write, creating its folder when needed.

    Two processes appending at once never interleave or truncate each other's lines. Raises ``OSError``
    when the file cannot be written (full disk, read-only folder): callers turn it into a warning.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (line.rstrip("\n") + "\n").encode("utf-8", "replace")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
    finally:
        os.close(fd)


def record_miss(reply: Reply, path: Path | None = None) -> None:
    """Append a reply that was not an answer (status clarify or none) to the misses log.

    Does nothing for answered replies, or for a question with nothing in it (see ``loggable``). Raises
    ``OSError`` when the log cannot be written (full disk, read-only folder): callers turn it into a warning.
    """
    query = loggable(reply.query)
    if reply.status == "answer" or not query:
        return
    record = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "query": query,
        "status": reply.status,
        "best": reply.match.id if reply.match else None,
        "score": reply.score,
    }
    append_line(path or misses_path(), json.dumps(record, ensure_ascii=False))


@dataclass(frozen=True)
class MissSummary:
    """One unanswered question as asked (possibly many times), with its last outcome."""

    query: str
    count: int
    status: str
    best: str | None


def read_misses(path: Path | None = None) -> list[MissSummary]:
    """Return the logged misses grouped by question, most asked first; an empty list when there is no log.

    Lines that are not valid records (a torn write, a hand edit) are skipped, and every question is made
    safe to print (``loggable``). Raises ``MissesLogError`` when the log exists but cannot be read.
    """
    counts: Counter[str] = Counter()
    last: dict[str, dict[str, object]] = {}
    for record in _records(path or misses_path()):
        query = loggable(str(record.get("query", "")))
        if query:
            counts[query] += 1
            last[query] = record
    return [MissSummary(query, count, loggable(str(last[query].get("status", ""))),
                        loggable(str(last[query]["best"])) if last[query].get("best") else None)
            for query, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _records(path: Path) -> Iterator[dict[str, object]]:
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    except OSError as error:
        raise MissesLogError(str(path), error.strerror or str(error)) from None
    with handle:
        try:
            for raw in handle:
                try:
                    record = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
                    continue
                if isinstance(record, dict):
                    yield record
        except OSError as error:
            raise MissesLogError(str(path), error.strerror or str(error)) from None
