"""Immutable value types of what the matcher says of a query: ``Status``, ``ScoreParts``, ``Match``, ``Reply``.

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

from dataclasses import dataclass
from typing import Any, Literal

from .models import Citation, Entry

Status = Literal["answer", "clarify", "none"]
"""The matcher's decision: answer with confidence, ask "您是不是想问…", or say it doesn't know."""


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
    answer: float = 0.0
    """How much of the query the entry's answer says (the ``answer`` signal, ``matching.answer_signal``): what
    tells the entries of a bare list of questions apart when the query uses other words than the one phrasing."""


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
    (``suggestions`` holds two to four candidates to offer as "您是不是想问…", or one: the only one related to the
    previous answer that a follow-up asking nothing but how long or why is offered) or ``"none"`` (``fallback``
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
    lead: float = 0.0
    """How many points the best match scores above the runner-up, or above the lowest score the decision reads
    when no runner-up reaches it (``decision.decision_floor``); 0.0 when nothing matched."""
    confidence: float | None = None
    """For an answer or a "您是不是想问…" list: the probability (0–1) that the best match is what was asked,
    from its score and lead (``matching.decision.confidence``); None for the fallback, for a list asked for
    because the question puts another topic's word in place of the entry's (``held_back``), and for an entry
    picked from a list."""
    held_back: str | None = None
    """Why the best match was not given although it scored enough: ``"declared"`` (the question reads like
    one the knowledge base declares out of scope, or names one of its ``out_of_scope_terms``), ``"foreign"``
    (it names a thing the base never mentions: another lender, another product), ``"topic"`` (it puts another
    topic's word, or another count, where the entry's own stands: a "您是不是想问…" list instead); None otherwise."""
    read_as: str | None = None
    """The question ``query`` was answered as when it was read as another (a thing named alone as its yes-or-no
    question: 延期 as 延期吗); None when it was read as asked."""

    @property
    def entry(self) -> Entry | None:
        """The best-matching entry, or None when nothing matched."""
        return self.match.entry if self.match else None

    @property
    def id(self) -> str | None:
        """The best-matching entry's id (the JSON protocol's ``id``), or None when nothing matched."""
        return self.match.entry.id if self.match else None

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
        matched; ``confidence`` (see the attribute; None unless the status is ``"answer"`` or ``"clarify"``);
        ``held_back`` and ``read_as`` (see the attributes);
        ``suggestions`` (``[{"id", "question", "score"}]``, non-empty only when the status is ``"clarify"``);
        ``follow_ups`` (``[{"id", "question"}]``).

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
            "confidence": self.confidence,
            "held_back": self.held_back,
            "read_as": self.read_as,
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
