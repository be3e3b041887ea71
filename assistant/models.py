"""Immutable value types shared by the loader, the matcher and the edges."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Status = Literal["answer", "clarify", "none"]
"""The matcher's decision: answer with confidence, ask "您是不是想问…", or say it doesn't know."""


@dataclass(frozen=True)
class Source:
    """A source document that entries may cite, as listed in the knowledge base's header."""

    file: str
    title: str
    publisher: str | None = None
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Citation:
    """Where an answer comes from: a source document's file name and the section within it."""

    document: str
    section: str

    def __str__(self) -> str:
        return f"{self.document} · {self.section}"


@dataclass(frozen=True)
class Entry:
    """One question with its answer, its other phrasings, and where its facts come from."""

    id: str
    question: str
    answer: str
    alternates: tuple[str, ...] = ()
    citations: tuple[Citation, ...] = ()
    topic: str | None = None
    follow_ups: tuple[str, ...] = ()
    smalltalk: bool = False
    file: str | None = None
    line: int | None = None

    @property
    def source(self) -> Citation | None:
        """The entry's first (main) citation, or None for small talk that cites nothing."""
        return self.citations[0] if self.citations else None

    @property
    def phrasings(self) -> tuple[str, ...]:
        """The canonical question followed by every alternate."""
        return (self.question, *self.alternates)


@dataclass(frozen=True)
class Knowledge:
    """A validated knowledge base: header, entries (small talk included), synonyms and fallback reply."""

    title: str
    language: str
    version: str
    entries: tuple[Entry, ...]
    fallback: str
    sources: tuple[Source, ...] = ()
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    location: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "synonyms", MappingProxyType(dict(self.synonyms)))
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})

    def get(self, entry_id: str) -> Entry | None:
        """Return the entry with this id, or None when there is none."""
        by_id: dict[str, Entry] = self._by_id  # type: ignore[attr-defined]
        return by_id.get(entry_id)

    def source(self, file: str) -> Source | None:
        """Return the header's description of a cited document, or None when it is not listed."""
        return next((source for source in self.sources if source.file == file), None)

    @property
    def questions(self) -> tuple[Entry, ...]:
        """The real entries, without small talk."""
        return tuple(entry for entry in self.entries if not entry.smalltalk)


@dataclass(frozen=True)
class ScoreParts:
    """The parts of a match's score, each 0–100, so a maintainer can see why it matched."""

    characters: float
    """fuzz.ratio of the normalized query and phrasing."""
    pinyin: float
    """fuzz.ratio of their toneless-pinyin forms: a homophone typo scores like the right word."""
    terms: float
    """Weighted overlap of character unigrams and bigrams: a long question containing the key terms."""
    context: bool = False
    """True when the score came from reading a short follow-up with the previous answer."""


@dataclass(frozen=True)
class Match:
    """An entry that matched a query: its score (0–100), the phrasing it matched, and the score's parts."""

    entry: Entry
    score: float
    matched: str
    parts: ScoreParts

    @property
    def id(self) -> str:
        """The matched entry's id."""
        return self.entry.id

    @property
    def question(self) -> str:
        """The matched entry's canonical question."""
        return self.entry.question


@dataclass(frozen=True)
class Reply:
    """What the assistant says to one query.

    ``status`` is ``"answer"`` (``answer`` holds the text and ``match`` the entry), ``"clarify"``
    (``suggestions`` holds two to four candidates to offer as "您是不是想问…") or ``"none"`` (``fallback``
    holds the knowledge base's "I don't know" reply). ``match`` is the best candidate whatever the status,
    or None when nothing scored at all.
    """

    query: str
    status: Status
    answer: str | None
    match: Match | None
    suggestions: tuple[Match, ...] = ()
    follow_ups: tuple[Entry, ...] = ()
    fallback: str | None = None

    @property
    def entry(self) -> Entry | None:
        """The best-matching entry, or None when nothing matched."""
        return self.match.entry if self.match else None

    @property
    def score(self) -> float:
        """The best match's score (0–100), or 0 when nothing matched."""
        return self.match.score if self.match else 0.0

    @property
    def source(self) -> Citation | None:
        """The answered entry's main citation, or None unless the status is ``"answer"``."""
        return self.match.entry.source if self.status == "answer" and self.match else None

    @property
    def text(self) -> str:
        """The text to show: the answer, the fallback, or the clarifying prompt with its numbered list."""
        if self.status == "answer" and self.answer is not None:
            return self.answer
        if self.status == "clarify":
            lines = ["您是不是想问："] + [f"{i}. {m.question}" for i, m in enumerate(self.suggestions, 1)]
            return "\n".join(lines)
        return self.fallback or ""
