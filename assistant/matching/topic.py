"""Topic: whether a question puts another topic's word where the entry's own word stands.

Most of an entry's phrasings share its topic's word: every way of asking whether one is still pressed for the
money *during an extension* holds 延期. A question that lacks it and holds instead a word of the same kind that
is another entry's topic (逾期: 我逾期了会不会被起诉), sharing a character with it (期) and held by none of the
entry's phrasings, asks the entry's question about another thing, which the entry does not answer: the
decision does not give it with confidence. Words are compared as pairs of adjacent characters of sound keys,
as the index holds them, so that a homophone typo (分其 for 分期) counts as its word.

A question counting in the unit the entry's own question counts in, with a number none of the entry's phrasings
hold (逾期30天 for 微粒贷逾期4天了怎么办), is displaced the same way: the entry is about its own count.

An entry's *core* pairs are those held by at least ``CORE`` of its phrasings, measured on entries of at least
``FEWEST`` phrasings (a bare question holds all its pairs, which says nothing about its topic). In a large base
(``index.EXACT_FROM`` phrasings) the check is off: gathering the pairs of every phrasing would stall its first
question.

>>> from assistant import Matcher
>>> topics = Topics(Matcher().index)
>>> topics.displaced("我逾期了会不会被起诉", Matcher().entry("extension-collection"))
True
>>> topics.displaced("延期了会不会被起诉", Matcher().entry("extension-collection"))
False
"""

from __future__ import annotations

import re
import threading
from collections import Counter

from ..models import Entry
from ..normalize import sound_key
from .index import Index

CORE = 0.7
"""The share of an entry's phrasings that must hold a pair for it to be the entry's topic word. (Chosen on the
pooled held-out folds of ``tools/crossval.py``: at 0.7 no right answer is lost; at 0.6 five are.)"""

FEWEST = 4
"""Entries with fewer phrasings than this have no topic word measured."""


COUNT = re.compile(r"(\d+)(个月|小时|天|期|次|年|周)")
"""A number with a unit of time or of instalments, as normalization writes it (三十天 → 30天)."""


def _counts(text: str) -> set[tuple[str, str]]:
    return {(number.lstrip("0"), unit) for number, unit in COUNT.findall(text)}


class Topics:
    """The topic check for one knowledge base (see the module's docstring); its tables are gathered on the
    first question that needs them. Safe to share across threads."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._tables: tuple[list[frozenset[str]], list[frozenset[str]], frozenset[str]] | None = None
        self._lock = threading.Lock()

    def tables(self) -> tuple[list[frozenset[str]], list[frozenset[str]], frozenset[str]]:
        """Per entry, its core pairs (none for small talk, the out-of-scope pseudo-entry, entries of fewer than
        ``FEWEST`` phrasings and every entry of a large base) and all the pairs its phrasings hold; and the
        union of the core pairs. Gathered once, from the phrasings' sound keys."""
        if self._tables is None:
            with self._lock:
                if self._tables is None:
                    self._tables = self._gather()
        return self._tables

    def _other_number(self, text: str, owner: int) -> bool:
        asked = _counts(text)
        if not asked:
            return False
        index = self.index
        first, end = index.first_phrasing[owner], index.first_phrasing[owner + 1]
        own = _counts(index.texts[first])
        said = set().union(*(_counts(index.texts[phrasing]) for phrasing in range(first, end)))
        units = {unit for _, unit in own}
        return any(unit in units for _, unit in asked) and not asked & said

    def _gather(self) -> tuple[list[frozenset[str]], list[frozenset[str]], frozenset[str]]:
        index = self.index
        cores: list[frozenset[str]] = []
        held: list[frozenset[str]] = []
        nothing: frozenset[str] = frozenset()  # one for every entry without pairs: each its own took MB
        for owner, entry in enumerate(index.entries):
            first, end = index.first_phrasing[owner], index.first_phrasing[owner + 1]
            if index.exact or entry.smalltalk or owner == index.negative or end - first < FEWEST:
                cores.append(nothing)
                held.append(nothing)
                continue
            counts: Counter[str] = Counter()
            for phrasing in range(first, end):
                key = index.keys[phrasing] if index.keys is not None else sound_key(index.texts[phrasing])
                counts.update({key[i:i + 2] for i in range(len(key) - 1)})
            cores.append(frozenset(pair for pair, count in counts.items() if count >= CORE * (end - first)))
            held.append(frozenset(counts))
        return cores, held, frozenset().union(*cores)

    def displaced(self, text: str, entry: Entry) -> bool:
        """True when normalized ``text`` lacks a core pair of ``entry`` and holds in its stead another
        entry's core pair sharing a character with it that none of ``entry``'s phrasings hold, or when it
        counts in a unit that ``entry``'s question counts in with a number none of ``entry``'s phrasings
        hold (逾期30天 for 逾期4天了怎么办); False otherwise, and for an entry the index does not hold. Never raises
        for any text."""
        owner = self.index.entry_index.get(entry.id, -1)
        if owner < 0:
            return False
        if self._other_number(text, owner):
            return True
        cores, held, every_core = self.tables()
        if not cores[owner]:
            return False
        key = sound_key(text)
        pairs = {key[i:i + 2] for i in range(len(key) - 1)}
        lacking = cores[owner] - pairs
        others = (pairs & every_core) - held[owner]
        return any(not set(pair).isdisjoint(core) for pair in others for core in lacking)
