"""Completion as you type: slash commands, and known questions found fuzzily from a few characters."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from ..models import Entry, Knowledge
from .commands import Command, is_command
from .render import line

MIN_COVERAGE = 0.75
"""A question is offered when at least this share of the typed characters appear, in order, in one of its
phrasings (all of them for up to three characters)."""


class QuestionIndex:
    """Finds the questions of a knowledge base that look like a few typed characters.

    A phrasing (question or alternate) matches when the characters typed appear in it in order, gaps
    allowed (客电 finds 微粒贷客服电话是多少？), with at most a quarter of them missing or wrong: the
    longest common subsequence, ``rapidfuzz.distance.LCSseq``. Questions whose phrasing holds every
    character come first, then those holding them side by side, then the closest in length
    (``fuzz.ratio``). Small talk is left out.
    """

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.entries: tuple[Entry, ...] = knowledge.questions
        self._phrasings: list[str] = []
        self._owner: list[int] = []
        for index, entry in enumerate(self.entries):
            for phrasing in entry.phrasings:
                self._phrasings.append(_comparable(phrasing))
                self._owner.append(index)

    def search(self, typed: str, limit: int = 8) -> list[Entry]:
        """Return up to ``limit`` questions matching ``typed``, best first; an empty list for no match."""
        query = _comparable(typed)
        if not query:
            return []
        needed = max(math.ceil(len(query) * MIN_COVERAGE), min(len(query), 3))
        best: dict[int, tuple[int, bool, float]] = {}
        for position, phrasing in enumerate(self._phrasings):
            common = LCSseq.similarity(query, phrasing, score_cutoff=needed)
            if not common:
                continue
            rank = (common, query in phrasing, fuzz.ratio(query, phrasing))
            owner = self._owner[position]
            if owner not in best or rank > best[owner]:
                best[owner] = rank
        ranked = sorted(best, key=lambda owner: (best[owner], -owner), reverse=True)
        return [self.entries[owner] for owner in ranked[:limit]]


def _comparable(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


class ChatCompleter(Completer):
    """Completes slash commands (with their summaries) and known questions (with their topics).

    ``get_knowledge`` and ``get_commands`` are called on each completion, so a reloaded knowledge base is
    completed at once. Questions are completed only from two characters on, or when Tab is pressed.
    """

    def __init__(self, get_knowledge: Callable[[], Knowledge], get_commands: Callable[[], Sequence[Command]],
                 *, limit: int = 8) -> None:
        self.get_knowledge = get_knowledge
        self.get_commands = get_commands
        self.limit = limit
        self._index: QuestionIndex | None = None

    def index(self) -> QuestionIndex:
        """The question index of the current knowledge base, built again after a reload."""
        knowledge = self.get_knowledge()
        if self._index is None or self._index.knowledge is not knowledge:
            self._index = QuestionIndex(knowledge)
        return self._index

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        typed = document.text_before_cursor
        text = typed.strip()
        if not text or text.isdecimal():
            return
        if is_command(text):
            yield from self._commands(text, len(typed))
            return
        if len(text) < 2 and not complete_event.completion_requested:
            return
        for entry in self.index().search(text, self.limit):
            yield Completion(line(entry.question), start_position=-len(typed),
                             display_meta=line(entry.topic) if entry.topic else "")

    def _commands(self, text: str, replace: int) -> Iterable[Completion]:
        if " " in text:
            return
        typed = "/" + text[1:].lower()
        for found in self.get_commands():
            for name in (found.name, *found.aliases):
                if name.startswith(typed):
                    yield Completion(found.name, start_position=-replace, display_meta=found.summary)
                    break
