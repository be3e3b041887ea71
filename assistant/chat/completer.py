"""Completion as you type: slash commands, and known questions found from a few characters, as the matcher
reads them (its normalization, and its sound keys: 预期, 正信 and kefu complete to the questions on 逾期,
征信 and 客服); Tab on an empty line lists the numbered list's items, or every question."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from ..matcher import Matcher
from ..messages import messages_for
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

    def __init__(self, knowledge: Knowledge, normalize: Callable[[str], str] | None = None) -> None:
        self.knowledge = knowledge
        self.normalize = normalize
        self.entries: tuple[Entry, ...] = knowledge.questions
        self._phrasings: list[str] = []
        self._owner: list[int] = []
        for index, entry in enumerate(self.entries):
            for phrasing in entry.phrasings:
                self._phrasings.append(self._comparable(phrasing))
                self._owner.append(index)

    def _comparable(self, text: str) -> str:
        return _comparable(self.normalize(text) if self.normalize is not None else text)

    def search(self, typed: str, limit: int = 8) -> list[Entry]:
        """Return up to ``limit`` questions matching ``typed``, best first; an empty list for no match."""
        query = self._comparable(typed)
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

    Questions are found by the characters typed (``QuestionIndex``, over the matcher's normalized phrasings),
    then by what the matcher itself finds for them (``Matcher.search``: sound keys, pinyin, synonyms).
    ``get_matcher``, ``get_commands`` and ``get_choices`` are called on each completion, so a reloaded
    knowledge base is completed at once. Questions are completed from two characters on, or when Tab is
    pressed; Tab on an empty line lists the numbered list just shown (``get_choices``), else every question.
    """

    def __init__(self, get_matcher: Callable[[], Matcher], get_commands: Callable[[], Sequence[Command]],
                 get_choices: Callable[[], Sequence[Entry]] = tuple, *, limit: int = 8) -> None:
        self.get_matcher = get_matcher
        self.get_commands = get_commands
        self.get_choices = get_choices
        self.limit = limit
        self._index: QuestionIndex | None = None

    def index(self) -> QuestionIndex:
        """The question index of the current knowledge base, built again after a reload."""
        matcher = self.get_matcher()
        if self._index is None or self._index.knowledge is not matcher.knowledge:
            self._index = QuestionIndex(matcher.knowledge, matcher.normalize)
        return self._index

    def questions(self, text: str) -> list[Entry]:
        """The questions offered for ``text``, best first: those holding the typed characters, then those the
        matcher finds for it (scoring at least its ``suggest`` threshold)."""
        found = self.index().search(text, self.limit)
        if len(found) < self.limit:
            matcher = self.get_matcher()
            floor = matcher.thresholds.suggest
            for match in matcher.search(text, self.limit, smalltalk=False):
                if match.score >= floor and match.entry not in found:
                    found.append(match.entry)
        return found[:self.limit]

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        """Yield the completions of the line before the cursor: on Tab at an empty line the list's numbers or every
        question, a command's name after ``/``, else the questions matching what was typed (two characters or
        more, or any on Tab); none for a number."""
        typed = document.text_before_cursor
        text = typed.strip()
        if not text:
            if complete_event.completion_requested:
                yield from self._everything(len(typed))
            return
        if text.isdecimal():
            return
        if is_command(text):
            yield from self._commands(text, len(typed))
            return
        if len(text) < 2 and not complete_event.completion_requested:
            return
        for entry in self.questions(text):
            yield Completion(line(entry.question), start_position=-len(typed),
                             display_meta=line(entry.topic) if entry.topic else "")

    def _everything(self, replace: int) -> Iterable[Completion]:
        """Tab on an empty line: the numbered list's items (as their numbers), or every question."""
        choices = self.get_choices()
        if choices:
            for number, entry in enumerate(choices, 1):
                yield Completion(str(number), start_position=-replace, display=f"{number}. {line(entry.question)}")
            return
        for entry in self.index().entries:
            yield Completion(line(entry.question), start_position=-replace,
                             display_meta=line(entry.topic) if entry.topic else "")

    def _commands(self, text: str, replace: int) -> Iterable[Completion]:
        if " " in text:
            return
        typed = "/" + text[1:].lower()
        language = messages_for(self.get_matcher().knowledge.language).language  # the summaries /help shows
        for found in self.get_commands():
            for name in (found.name, *found.aliases):
                if name.startswith(typed):
                    yield Completion(found.name, start_position=-replace, display_meta=found.summary_in(language))
                    break
