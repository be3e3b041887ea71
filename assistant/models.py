"""Immutable value types shared by the loader, the matcher and the edges.

Every type here is a frozen dataclass: a ``Reply`` handed to another thread, cached or logged cannot
change under its reader.

>>> from assistant import Matcher
>>> reply = Matcher().reply("微粒贷客服电话是多少")
>>> reply.status, reply.entry.id, reply.source.document
('answer', 'hotline-number', '002_e4194e2011337c21.txt')
>>> reply.status = "none"
Traceback (most recent call last):
...
dataclasses.FrozenInstanceError: cannot assign to field 'status'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Status = Literal["answer", "clarify", "none"]
"""The matcher's decision: answer with confidence, ask "您是不是想问…", or say it doesn't know."""


@dataclass(frozen=True)
class Source:
    """A source document that entries may cite, as listed in the knowledge base's header.

    >>> from assistant import Matcher
    >>> knowledge = Matcher().knowledge
    >>> knowledge.source("002_e4194e2011337c21.txt").file
    '002_e4194e2011337c21.txt'
    >>> knowledge.source("not-listed.txt") is None
    True
    """

    file: str
    title: str
    publisher: str | None = None
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Citation:
    """Where an answer comes from: a source document's file name and the section within it.

    >>> print(Citation("shop-policies.txt", "Returns"))
    shop-policies.txt · Returns
    """

    document: str
    section: str

    def __str__(self) -> str:
        return f"{self.document} · {self.section}"


@dataclass(frozen=True)
class Entry:
    """One question with its answer, its other phrasings, and where its facts come from.

    ``file`` and ``line`` say where the entry was read from (None for entries built in code).

    >>> entry = Entry("returns", "Can I return a book?", "Within 30 days, with the receipt.",
    ...               alternates=("refund policy",), citations=(Citation("policies.txt", "Returns"),))
    >>> entry.phrasings
    ('Can I return a book?', 'refund policy')
    >>> print(entry.source)
    policies.txt · Returns
    >>> Entry("greeting", "Hello", "Hi!", smalltalk=True).source is None    # small talk cites nothing
    True
    """

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
    """A validated knowledge base: header, entries (small talk included), synonyms and fallback reply.

    Build one with ``load_knowledge`` (the bundled base, a YAML file or a folder) or ``knowledge_from_data``
    (plain dicts and lists).

    >>> from assistant import load_knowledge
    >>> knowledge = load_knowledge()                  # the bundled knowledge base
    >>> knowledge.language, knowledge.get("hotline-number").question
    ('zh-CN', '微粒贷客服电话是多少？')
    >>> knowledge.get("no-such-entry") is None
    True
    """

    title: str
    language: str
    version: str
    entries: tuple[Entry, ...]
    fallback: str
    sources: tuple[Source, ...] = ()
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    location: str | None = None
    out_of_scope: tuple[str, ...] = ()
    """Example questions the knowledge base does not answer (another lender's loans, say): a query that
    reads more like one of these than like any entry gets the fallback."""
    out_of_scope_terms: tuple[str, ...] = ()
    """Terms that mark a question as out of scope (another lender's name, say), unless the entry it
    matches mentions the term too."""

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

    def document_title(self, file: str) -> str:
        """Return a cited document's title when the header lists one, else its file name."""
        source = self.source(file)
        return source.title if source is not None and source.title else file

    @property
    def questions(self) -> tuple[Entry, ...]:
        """The real entries, without small talk."""
        return tuple(entry for entry in self.entries if not entry.smalltalk)


@dataclass(frozen=True)
class ScoreParts:
    """The parts of a match's score, each 0–100, so a maintainer can see why it matched.

    >>> from assistant import Matcher
    >>> Matcher().search("客服电话", limit=1)[0].parts.characters    # an alternate, word for word
    100.0
    """

    characters: float
    """fuzz.ratio of the normalized query and phrasing."""
    pinyin: float
    """fuzz.ratio of their toneless-pinyin forms: a homophone typo scores like the right word."""
    terms: float
    """Share of the phrasing's character unigrams and bigrams (weighted by rarity) found in the query:
    high when a long question contains the phrasing's key terms."""
    coverage: float = 0.0
    """Share of the query's weighted terms found anywhere in the entry: low when the query is about
    something the entry never mentions."""
    context: bool = False
    """True when the score came from reading a short follow-up with the previous answer."""


@dataclass(frozen=True)
class Match:
    """An entry that matched a query: its score (0–100), the phrasing it matched, and the score's parts.

    >>> from assistant import Matcher
    >>> best = Matcher().search("客服电话", limit=1)[0]
    >>> best.id, best.matched, best.score
    ('hotline-number', '客服电话', 100.0)
    >>> Matcher().search("asdfgh")                         # nothing matched: no Match at all
    []
    """

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

    >>> from assistant import Matcher
    >>> matcher = Matcher()
    >>> reply = matcher.reply("微粒贷客服电话是多少")
    >>> reply.status, reply.entry.id, "400-999-8866" in reply.answer
    ('answer', 'hotline-number', True)
    >>> [entry.id for entry in reply.follow_ups]
    ['hotline-steps', 'hotline-services']

    The no-answer case: no ``answer``, and ``text`` is the knowledge base's fallback.

    >>> reply = matcher.reply("明天会下雨吗")
    >>> reply.status, reply.answer, reply.text == matcher.knowledge.fallback
    ('none', None, True)
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

    def to_dict(self) -> dict[str, Any]:
        """Return the reply as plain JSON-ready data (the JSON protocol adds ``context``, ``text``, titled
        ``citations``, ``topic`` and ``matches``: see ``assistant.protocol.reply_data``).

        Keys: ``query``; ``status``; ``answer`` (text when the status is ``"answer"``, else None);
        ``fallback`` (text when the status is ``"none"``, else None); ``id``, ``question``, ``score`` and
        ``source`` (``{"document", "section"}`` or None) of the best match, None (score 0.0) when nothing
        matched; ``suggestions`` (``[{"id", "question", "score"}]``, non-empty only when the status is
        ``"clarify"``); ``follow_ups`` (``[{"id", "question"}]``).

        >>> from assistant import Matcher
        >>> data = Matcher().reply("asdfgh").to_dict()
        >>> data["status"], data["answer"], data["id"], data["score"], data["suggestions"]
        ('none', None, None, 0.0, [])
        >>> "400-999-8866" in data["fallback"]
        True
        """
        match = self.match
        source = match.entry.source if match else None
        return {
            "query": self.query,
            "status": self.status,
            "answer": self.answer if self.status == "answer" else None,
            "fallback": self.fallback if self.status == "none" else None,
            "id": match.id if match else None,
            "question": match.question if match else None,
            "score": float(match.score) if match else 0.0,
            "source": {"document": source.document, "section": source.section} if source else None,
            "suggestions": [{"id": m.id, "question": m.question, "score": float(m.score)}
                            for m in self.suggestions],
            "follow_ups": [{"id": entry.id, "question": entry.question} for entry in self.follow_ups],
        }

    @property
    def text(self) -> str:
        """The text to show: the answer, the fallback, or the clarifying prompt with its numbered list."""
        if self.status == "answer" and self.answer is not None:
            return self.answer
        if self.status == "clarify":
            lines = ["您是不是想问："] + [f"{i}. {m.question}" for i, m in enumerate(self.suggestions, 1)]
            return "\n".join(lines)
        return self.fallback or ""
