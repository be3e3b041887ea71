"""The local log of questions the assistant could not answer, and where the assistant keeps its state.

Nothing here is ever sent anywhere: the log is a JSON-lines file under the user's XDG state directory,
so a maintainer can see (``assistant misses``) which questions need new alternates or entries.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from .errors import MissesLogError
from .normalize import MAX_QUERY_CHARS, clean
from .paths import open_state_file, state_folder
from .replies import Reply
from .safety import single_line

if TYPE_CHECKING:
    from .matcher import Matcher

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]


MAX_LOGGED_CHARS = MAX_QUERY_CHARS * 4
"""A logged question is cut to this many characters: enough to see what was asked, never a whole paste."""

MAX_LOG_BYTES = 1 << 20
"""The log is kept under this size: past it, the oldest records are dropped (down to half of it)."""

MAX_AGE_DAYS = 90
"""Records older than this many days are dropped when the log is rewritten, and never listed."""

MAX_RECORD_BYTES = 16 * 1024
"""A line of the log longer than this is not a record the assistant wrote: it is skipped unread."""

_LONG_NUMBER = r"[0-9０-９](?:[ \-–]?[0-9０-９]){6,}[Xx]?"
"""Seven digits or more, possibly grouped by spaces or dashes (and an ID card's final X): an ID card,
bank card or phone number. Amounts and dates are shorter and stay."""


def loggable(text: str) -> str:
    """Return a question as the log keeps it: one line, inert (``safety.single_line``), long digit runs
    (ID-card, bank-card and phone numbers) replaced by ``*``.

    The log is shown later by ``assistant misses``, so it keeps only what is safe to print and no personal
    numbers, and questions differing only in such characters group together.

    >>> loggable("\\x1b[31m客服 电话\\x1b[0m\\n")
    '客服 电话'
    >>> loggable("我的卡号 6222 0212 3456 7890，逾期3天罚息多少")
    '我的卡号 *，逾期3天罚息多少'
    """
    text = single_line(text[: MAX_LOGGED_CHARS * 2])
    return redact(text)[:MAX_LOGGED_CHARS]


def redact(text: str) -> str:
    """Return ``text`` with every run of seven digits or more (see ``_LONG_NUMBER``) replaced by ``*``.

    >>> redact("身份证 11010519491231002X 手机 138-0013-8000 欠款 20000 元")
    '身份证 * 手机 * 欠款 20000 元'
    """
    if sum(char.isdigit() for char in text) < 7:
        return text
    return re.sub(_LONG_NUMBER, "*", text)


def state_dir() -> Path:
    """Return the folder for the assistant's history and log: ``$XDG_STATE_HOME/assistant``.

    Falls back to ``~/.local/state/assistant`` when ``XDG_STATE_HOME`` is unset or not absolute.
    The folder is not created here (``paths.private_folder`` does, 0700, when a file is first written).
    """
    return Path(state_folder())


BUNDLED = "bundled"
"""What the log records as the base of a question asked of the bundled knowledge base."""


def base_label(kb: str | os.PathLike[str] | None) -> str:
    """Return how the log names a knowledge base: ``BUNDLED`` for None (the bundled one), else the absolute
    path of the file or folder with every symbolic link resolved, so the same base is recognised from any
    working directory and through any link to it."""
    return BUNDLED if kb is None else os.path.realpath(os.fspath(kb))


def misses_path() -> Path:
    """Return the path of the log of unanswered questions (JSON lines)."""
    return state_dir() / "misses.jsonl"


def append_line(path: Path, line: str) -> None:
    """Append one line to ``path`` in a single locked write, creating its folder (0700) when needed.

    Two processes appending at once never interleave or truncate each other's lines. The file is opened
    without following a symbolic link (``paths.open_state_file``). Raises ``OSError`` when the file cannot
    be written (full disk, read-only folder, a link in its place): callers turn it into a warning.
    """
    data = (line.rstrip("\n") + "\n").encode("utf-8", "replace")
    fd = open_state_file(os.fspath(path), append=True)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
    finally:
        os.close(fd)


def record_miss(reply: Reply, path: Path | None = None, *, base: str | None = None,
                previous: str | None = None) -> None:
    """Append a reply that was not an answer (status clarify or none) to the misses log, with the
    ``base_label`` of the knowledge base it was asked of (``base``; None records none) and the id of the entry
    answered just before, which a follow-up is read with (``previous``; None: asked first, recorded as none).

    Does nothing for answered replies, or for a question with nothing to match in it (only punctuation or emoji,
    ``normalize.clean``: nothing a maintainer could add to the base). The log is kept under ``MAX_LOG_BYTES``
    and ``MAX_AGE_DAYS`` by dropping its oldest records. Raises ``OSError``
    when the log cannot be written (full disk, read-only folder, a link in its place): callers turn it into
    a warning.
    """
    query = loggable(reply.query)
    if reply.status == "answer" or not clean(query):
        return
    record = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "query": query,
        "status": reply.status,
        "best": reply.match.id if reply.match else None,
        "score": reply.score,
    }
    if base is not None:
        record["base"] = base
    if previous is not None:
        record["previous"] = previous
    path = path or misses_path()
    append_line(path, json.dumps(record, ensure_ascii=False))
    _trim(path)


def clear_misses(path: Path | None = None) -> bool:
    """Delete the misses log; returns False when there was none. Raises ``OSError`` when it cannot be
    deleted. A symbolic link in its place is removed, never what it points to."""
    try:
        os.unlink(path or misses_path())
    except FileNotFoundError:
        return False
    return True


def _too_old(record: dict[str, object], now: float) -> bool:
    try:
        when = time.mktime(time.strptime(str(record.get("time", ""))[:19], "%Y-%m-%dT%H:%M:%S"))
    except ValueError:
        return False
    return now - when > MAX_AGE_DAYS * 86400


def _trim(path: Path) -> None:
    """Rewrite the log without its oldest records once it is over ``MAX_LOG_BYTES`` or its first record is
    over ``MAX_AGE_DAYS`` old: the newest records up to half the cap are kept, written to a new file that
    replaces the log, under the log's lock (a write at the same moment may be dropped, never torn)."""
    fd = open_state_file(os.fspath(path), append=False)
    try:
        size = os.fstat(fd).st_size
        with os.fdopen(os.dup(fd), "rb") as handle:
            first = _record(handle.readline(MAX_RECORD_BYTES + 1))
        now = time.time()
        if size <= MAX_LOG_BYTES and (first is None or not _too_old(first, now)):
            return
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        keep = MAX_LOG_BYTES // 2
        start = max(0, os.fstat(fd).st_size - keep)
        with os.fdopen(os.dup(fd), "rb") as handle:
            handle.seek(start)
            if start:
                handle.readline(MAX_RECORD_BYTES + 1)  # the rest of a record cut in two
            kept = [raw for raw in _lines(handle) if (record := _record(raw)) is not None
                    and not _too_old(record, now)]
        temporary = f"{path}.{os.getpid()}.tmp"
        out = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            with os.fdopen(out, "wb") as target:
                target.writelines(kept)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    finally:
        os.close(fd)


@dataclass(frozen=True)
class MissSummary:
    """One unanswered question as asked (possibly many times), with its last outcome."""

    query: str
    count: int
    status: str
    best: str | None
    base: str | None = None
    """The ``base_label`` of the knowledge base it was last asked of; None for a record from before the log
    named bases."""
    previous: tuple[str | None, ...] = (None,)
    """Each entry it was asked right after (``record_miss``'s ``previous``), once, in the order first logged;
    None for the question asked first, or in a record from before the log named them."""


def reask(matcher: Matcher, miss: MissSummary) -> Reply:
    """Return how ``matcher`` replies to ``miss`` now, asked as it was logged (after each entry of ``previous``,
    read as the chat reads a follow-up; alone for None or an entry no longer in the base): the first reply that
    is not an answer, else the last answer. A question answered alone but not after its previous answer is
    still a miss."""
    from .conversation import Conversation

    reply: Reply | None = None
    for previous in miss.previous:
        talk = Conversation(matcher)
        talk.previous = previous if previous is not None and matcher.knowledge.get(previous) else None
        reply = talk.ask(miss.query)
        if reply.status != "answer":
            return reply
    return reply if reply is not None else matcher.reply(miss.query)


def read_misses(path: Path | None = None, *, base: str | None = None) -> list[MissSummary]:
    """Return the logged misses grouped by question, most asked first; an empty list when there is no log.

    With ``base`` (a ``base_label``), only the questions asked of that knowledge base, and those logged
    before the log named bases (they carry none).

    Lines that are not valid records (a torn write, a hand edit) are skipped, and so are questions with nothing
    to match (only punctuation or emoji, which ``record_miss`` no longer logs); every question is made safe to
    print (``loggable``). Raises ``MissesLogError`` when the log exists but cannot be read.
    """
    counts: Counter[str] = Counter()
    last: dict[str, dict[str, object]] = {}
    after: dict[str, dict[str | None, None]] = {}
    resolved: dict[str, str] = {base: base} if base is not None else {}
    for record in _records(path or misses_path()):
        logged = record.get("query")
        if not isinstance(logged, str):   # only the assistant writes this log: anything else is a hand edit
            continue
        query = loggable(logged)
        if base is not None and _resolved(record.get("base", base), resolved) != base:
            continue
        if query:
            counts[query] += 1
            last[query] = record
            previous = record.get("previous")
            after.setdefault(query, {})[previous if isinstance(previous, str) else None] = None
    return [MissSummary(query, count, loggable(str(last[query].get("status", ""))),
                        loggable(str(last[query]["best"])) if last[query].get("best") else None,
                        _base_of(last[query]), tuple(after[query]))
            for query, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if clean(query)]


def _resolved(label: object, known: dict[str, str]) -> object:
    """A logged base's label as ``base_label`` makes it now (a record written before labels resolved links names
    the base as reached through a link), each label resolved once (``known``); not a path (``BUNDLED``, not a
    string) as it is."""
    if not isinstance(label, str) or label == BUNDLED:
        return label
    if label not in known:
        known[label] = os.path.realpath(label)
    return known[label]


def _base_of(record: dict[str, object]) -> str | None:
    base = record.get("base")
    return base if isinstance(base, str) else None


def _lines(handle: BinaryIO) -> Iterator[bytes]:
    """Yield the lines of ``handle`` up to ``MAX_RECORD_BYTES`` each; longer ones are skipped unread."""
    while True:
        raw = handle.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(MAX_RECORD_BYTES)
            continue
        yield raw


def _record(raw: bytes) -> dict[str, object] | None:
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    return record if isinstance(record, dict) else None


def _records(path: Path) -> Iterator[dict[str, object]]:
    """The valid records of the log, oldest first: at most the newest ``MAX_LOG_BYTES`` of the file (a log
    written before the cap, or grown by hand, is read bounded) and none older than ``MAX_AGE_DAYS``."""
    try:
        fd = open_state_file(os.fspath(path), append=False)
    except FileNotFoundError:
        return
    except OSError as error:
        raise MissesLogError(str(path), error.strerror or str(error)) from None
    now = time.time()
    with os.fdopen(fd, "rb") as handle:
        try:
            start = max(0, os.fstat(fd).st_size - MAX_LOG_BYTES)
            if start:
                handle.seek(start)
                handle.readline(MAX_RECORD_BYTES + 1)
            for raw in _lines(handle):
                record = _record(raw)
                if record is not None and not _too_old(record, now):
                    yield record
        except OSError as error:
            raise MissesLogError(str(path), error.strerror or str(error)) from None
