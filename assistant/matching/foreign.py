"""``Foreign``: the weight of what a question names that neither the knowledge base nor an entry does.

Three checks weigh it and the heaviest counts: ``salience`` (a word the base never mentions), ``names`` (one of the
base's own names the entry never writes) and ``kinds`` (another lender, loan or credit product than the base's).
The decision holds back an answer, or a list, whose weight reaches ``Thresholds.salience``.

Read for the checks, a question drops a loan it says the base's own may affect (…会影响房贷吗: not what it asks
about, ``kinds.Kinds.unaffected``); a bare entry's answer is the only other text its bot author wrote for it, so
what that answer names is the entry's own (``index.bare_entry``).

The base's out-of-scope terms (``Index.foreign_terms``: other products its author lists) are read apart: a short
question holding one (``may_name_another_product``) has its best real entry read whatever its score, and is about
that other product when no phrasing of the entry holds the term (``names_another_product``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from ..models import Entry
from .index import Index, bare_entry, normalized_answer

if TYPE_CHECKING:
    from .kinds import Kinds
    from .names import Names
    from .salience import Salience

SHORT_QUERY = 16
"""Normalized queries up to this length are short: out_of_scope_terms apply to them."""


def may_name_another_product(index: Index, text: str) -> bool:
    """True when normalized ``text`` is a short question holding an out-of-scope term: the reply then reads
    the best real entry's phrasings, whatever its score."""
    return len(text) <= SHORT_QUERY and any(term in text for term in index.foreign_terms)


def names_another_product(index: Index, text: str, owner: int) -> bool:
    """True when normalized ``text`` holds an out-of-scope term that no phrasing of entry ``owner`` (a place in
    ``index.entries``) holds: read of a short question's best real entry (``may_name_another_product``), it is
    about that other product."""
    mentioned = index.phrasing_texts(owner)
    return any(term in text and not any(term in m for m in mentioned) for term in index.foreign_terms)


class Foreign:
    """Weighs what a question names that neither the base nor an entry does, with the base's ``Salience``,
    ``Names`` and ``Kinds`` checks (those of the ``Matcher``, which gather their tables on the first question)."""

    def __init__(self, index: Index, salience: Salience, names: Names, kinds: Kinds) -> None:
        self.index = index
        self.salience = salience
        self.names = names
        self.kinds = kinds

    def weight(self, text: str, entry: Entry, asking: str = "", score: float | None = None) -> float:
        """The weight of what normalized ``text`` names that neither the base nor ``entry`` does: the heaviest of
        ``Salience.foreign``, ``Names.weight``, ``Kinds.weight`` and ``Kinds.asked``; 0.0 when it names nothing of the
        kind.

        ``asking``: the normalized clauses of a long question that ask (``clauses.asking_clauses``), empty for a
        short one: its story may name another lender in passing, but one the clauses that ask name is what it asks
        about (…现在想去别的平台借点钱，借呗的额度多久能批下来, ``Kinds.asked``). ``score``: how well ``entry`` matches
        the question, when known (``Salience.foreign``). Never raises for any text; raises ``KeyError`` for an entry not
        of the base."""
        plain = self.kinds.unaffected(text)
        owner = self.index.entry_index[entry.id]
        bare_answer = normalized_answer(self.index, owner) if bare_entry(self.index, owner) else ""
        kinds = max(self.kinds.weight(plain, bare_answer), self.kinds.asked(plain, asking, bare_answer))
        # (Where the base's own thing of a kind is named, read with ``kinds.weight``'s names: salience reads it of a
        # long question only.)
        return max(self.salience.foreign(plain, entry, score, self.kinds.own_at(plain)),
                   self.names.weight(text, entry), kinds)

    def of_question(self, text: str, asking: str, scores: Mapping[str, float]) -> Callable[[Entry], float]:
        """Return ``weight`` for normalized ``text`` as a function of the entry, each entry weighed once however
        often it is asked (the decision and ``others_words`` ask it of the same entries). ``asking`` as for
        ``weight``; ``scores``: how well each entry (by id) matches the question, where known."""
        weighed: dict[str, float] = {}

        def of(entry: Entry) -> float:
            found = weighed.get(entry.id)
            if found is None:
                found = weighed[entry.id] = self.weight(text, entry, asking, scores.get(entry.id))
            return found

        return of
