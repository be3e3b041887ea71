"""The exceptions the core raises. Each message tells the user what to do about it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .safety import one_line

__all__ = ["did_you_mean", "one_line"]  # re-exported: messages are made one line here


def did_you_mean(word: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """Return ``": did you mean 'x'?"`` for the known word closest to a misspelt ``word`` (``difflib``'s
    ratio at least ``cutoff``); "" when none is that close."""
    import difflib  # here: only a misspelling needs it

    close = difflib.get_close_matches(word, list(known), n=1, cutoff=cutoff)
    return f": did you mean {close[0]!r}?" if close else ""


class AssistantError(Exception):
    """Base class of every error the assistant reports to a user: catch it to report any of them.

    >>> from assistant import AssistantError, load_knowledge
    >>> try:
    ...     load_knowledge("/no/such/folder")
    ... except AssistantError as error:
    ...     print("cannot load:", error)
    cannot load: /no/such/folder: no such file or folder: check the path
    """


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a knowledge base, located by file, line and entry id.

    >>> print(Problem("kb.yaml", 12, "hotline-number", "missing field 'answer': add it"))
    kb.yaml:12: [hotline-number] missing field 'answer': add it
    """

    file: str
    line: int | None
    entry_id: str | None
    message: str
    warning: bool = False
    column: int | None = None
    """Where on the line (from 1), when known: the YAML parser's, for a syntax error."""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.line is not None and self.column is not None:
            where += f":{self.column}"
        entry = f" [{self.entry_id}]" if self.entry_id else ""
        kind = "warning: " if self.warning else ""
        return one_line(f"{where}:{entry} {kind}{self.message}")


RUN_CHECK = "run 'assistant check'"
"""How to see every problem of a knowledge base read from files."""


class KnowledgeError(AssistantError):
    """The knowledge base could not be loaded; ``problems`` lists every reason found, and the message the first
    one and how to see the others (``others``: a file's are listed by ``assistant check``).

    >>> from assistant import KnowledgeError, knowledge_from_data
    >>> try:
    ...     knowledge_from_data({"entries": [{"id": "a", "question": "几点开门？"}, {"id": "b", "answer": "九点。"}]})
    ... except KnowledgeError as error:
    ...     print(len(error.problems), error.problems[0].message)
    2 missing field 'answer': add it
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], *, others: str = RUN_CHECK) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        """Every problem found, the first one the message's."""
        first = str(self.problems[0]) if self.problems else "the knowledge base is invalid"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''}: {others})" if more else ""
        super().__init__(first + suffix)


class UnknownEntryError(AssistantError, KeyError):
    """An entry id was given that the knowledge base does not have.

    >>> from assistant import Matcher, UnknownEntryError
    >>> try:
    ...     Matcher().reply("那延期呢", previous="no-such-entry")
    ... except UnknownEntryError as error:
    ...     print(error)
    no entry with id 'no-such-entry' in the knowledge base
    """

    def __init__(self, entry_id: str) -> None:
        self.entry_id = entry_id
        super().__init__(f"no entry with id {entry_id!r} in the knowledge base")

    def __str__(self) -> str:
        return str(self.args[0])


class MissesLogError(AssistantError):
    """The log of unanswered questions exists but cannot be read (a folder in its place, no permission)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        super().__init__(one_line(f"cannot read the misses log {path}: {reason}"))


class UnsafePathError(AssistantError, PermissionError):
    """A state folder or file is not safe to use: a symbolic link, not a regular file or folder, or not
    the user's own. Nothing is read or written through it; the message says what to remove or fix.

    It is also a ``PermissionError``, so code that copes with an unwritable file copes with it too.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(one_line(f"{path}: {reason}"))
        self.filename = path
        self.strerror = reason

    def __str__(self) -> str:
        return str(self.args[0])


class RequestError(AssistantError):
    """A request of the JSON protocol (``ask --json -``, ``POST /ask``) is not one the assistant can answer:
    the message names the field and what it must be.

    >>> from assistant.protocol import parse_request
    >>> try:
    ...     parse_request({"q": "客服电话", "top": "three"})
    ... except RequestError as error:
    ...     print(error)
    'top' must be a whole number from 1 to 20, not "three"
    """

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


class MalformedRequestError(RequestError):
    """A request is not a JSON object at all (bad JSON, not UTF-8): nothing in it could be read.

    >>> from assistant.protocol import read_request
    >>> try:
    ...     read_request(b'{"q": ')
    ... except MalformedRequestError as error:
    ...     print(error)
    the request is not valid JSON (line 1, column 7: Expecting value): send one JSON object
    """


class LearnError(AssistantError):
    """A question could not be added to a knowledge base; the message says why, and the files are unchanged.

    >>> from assistant.learn import add_alternate
    >>> try:
    ...     add_alternate("客服电话", "no-such-entry", "/no/such/kb.yaml")
    ... except LearnError as error:
    ...     print(error)
    /no/such/kb.yaml: no such file or folder: check the path
    """
