"""Topic: whether a question puts another topic's word where the entry's own word stands.

Most of an entry's phrasings share its topic's word: every way of asking whether one is still pressed for the
money *during an extension* holds 延期. A question that lacks it and holds instead a word of the same kind that
is another entry's topic (逾期: 我逾期了会不会被起诉), sharing a character with it (期) and held by none of the
entry's phrasings, asks the entry's question about another thing, which the entry does not answer: the
decision does not give it with confidence. Words are compared as pairs of adjacent characters of sound keys,
as the index holds them, so that a homophone typo (分其 for 分期) counts as its word.

An entry's *core* pairs are those held by at least ``CORE`` of its phrasings, measured on entries of at least
``FEWEST`` phrasings (a bare question holds all its pairs, which says nothing about its topic). A large base
(``index.EXACT_FROM`` phrasings) keeps no count per entry: there the check is off.

>>> from assistant import Matcher
>>> topics = Topics(Matcher().index)
>>> topics.displaced("我逾期了会不会被起诉", Matcher().entry("extension-collection"))
True
>>> topics.displaced("延期了会不会被起诉", Matcher().entry("extension-collection"))
False
"""

from __future__ import annotations

import threading

from ..models import Entry
from ..normalize import sound_key
from .index import Index

CORE = 0.7
"""The share of an entry's phrasings that must hold a pair for it to be the entry's topic word. (Chosen on the
pooled held-out folds of ``tools/crossval.py``: at 0.7 no right answer is lost; at 0.6 five are.)"""

FEWEST = 4
"""Entries with fewer phrasings than this have no topic word measured."""


class Topics:
    """The topic check for one knowledge base (see the module's docstring); its tables are gathered on the
    first question that needs them. Safe to share across threads."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._cores: list[frozenset[str]] | None = None
        self._all: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    def _tables(self) -> list[frozenset[str]]:
        """Each entry's core pairs (empty for small talk, the out-of-scope pseudo-entry and entries of too few
        phrasings), gathered once; their union is ``_all``."""
        if self._cores is None:
            with self._lock:
                if self._cores is None:
                    index = self.index
                    counts = index.entry_term_counts or []
                    cores: list[frozenset[str]] = []
                    for owner, entry in enumerate(index.entries):
                        phrasings = index.first_phrasing[owner + 1] - index.first_phrasing[owner]
                        if (owner >= len(counts) or entry.smalltalk or owner == index.negative
                                or phrasings < FEWEST):
                            cores.append(frozenset())
                            continue
                        cores.append(frozenset(term.replace("\x1f", "") for term, count in counts[owner].items()
                                               if len(term) == 3 and count >= CORE * phrasings))
                    self._all = frozenset().union(*cores)
                    self._cores = cores
        return self._cores

    def displaced(self, text: str, entry: Entry) -> bool:
        """True when normalized ``text`` lacks a core pair of ``entry`` and holds in its stead another
        entry's core pair sharing a character with it that none of ``entry``'s phrasings hold; False otherwise,
        and for an entry the index does not hold. Never raises for any text."""
        index = self.index
        owner = index.entry_index.get(entry.id, -1)
        if owner < 0 or index.entry_term_counts is None:
            return False
        own = self._tables()[owner]
        if not own:
            return False
        key = sound_key(text)
        pairs = {key[i:i + 2] for i in range(len(key) - 1)}
        lacking = own - pairs
        if not lacking:
            return False
        held = index.entry_term_counts[owner]
        others = [pair for pair in pairs & self._all if pair[0] + "\x1f" + pair[1] not in held]
        return any(not set(pair).isdisjoint(core) for pair in others for core in lacking)
