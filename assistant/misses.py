"""The local log of questions the assistant could not answer, and where the assistant keeps its state.

Nothing here is ever sent anywhere: the log is a JSON-lines file under the user's XDG state directory,
so a maintainer can see (``assistant misses``) which questions need new alternates or entries.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .models import Reply

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]


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

    Does nothing for answered replies. Raises ``OSError`` when the log cannot be written.
    """
    if reply.status == "answer":
        return
    record = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "query": reply.query,
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

    Lines that are not valid records (a torn write, a hand edit) are skipped.
    """
    counts: Counter[str] = Counter()
    last: dict[str, dict[str, object]] = {}
    for record in _records(path or misses_path()):
        query = str(record.get("query", "")).strip()
        if query:
            counts[query] += 1
            last[query] = record
    return [MissSummary(query, count, str(last[query].get("status", "")),
                        str(last[query]["best"]) if last[query].get("best") else None)
            for query, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _records(path: Path) -> Iterator[dict[str, object]]:
    try:
        with path.open("rb") as handle:
            for raw in handle:
                try:
                    record = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    continue
                if isinstance(record, dict):
                    yield record
    except FileNotFoundError:
        return
