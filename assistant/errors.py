"""The exceptions the core raises. Each message tells the user what to do about it."""

from __future__ import annotations

from dataclasses import dataclass


class AssistantError(Exception):
    """Base class of every error the assistant reports to a user."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a knowledge base, located by file, line and entry id."""

    file: str
    line: int | None
    entry_id: str | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        entry = f" [{self.entry_id}]" if self.entry_id else ""
        kind = "warning: " if self.warning else ""
        return f"{where}:{entry} {kind}{self.message}"


class KnowledgeError(AssistantError):
    """The knowledge base could not be loaded; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        first = str(self.problems[0]) if self.problems else "the knowledge base is invalid"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''}: run 'assistant check')" if more else ""
        super().__init__(first + suffix)


class UnknownEntryError(AssistantError, KeyError):
    """An entry id was given that the knowledge base does not have."""

    def __init__(self, entry_id: str) -> None:
        self.entry_id = entry_id
        super().__init__(f"no entry with id {entry_id!r} in the knowledge base")

    def __str__(self) -> str:
        return str(self.args[0])
