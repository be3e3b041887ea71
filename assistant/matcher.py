"""Matching a query against a knowledge base: ranked matches, and the answer / clarify / none decision.

An entry is scored on those of its phrasings (question and alternates) that share a term with the query.
The signals:

* ``characters``: the best ``fuzz.ratio`` of the normalized query and a phrasing;
* ``pinyin``: the same ratio on toneless-pinyin keys, so 预期 scores like 逾期;
* ``recall``, ``precision`` and their balance: the overlap of character unigrams and bigrams, weighted by
  how rare each is across entries (IDF), best over the phrasings: a long question containing a phrasing's
  key terms scores high, a question sharing only common words scores low;
* ``coverage`` and ``bm25``: the query's term weight found anywhere in the entry, and BM25 over the entry's
  phrasings taken together.

A logistic combination of them (``WEIGHTS``) gives the 0–100 score. An entry's score depends only on the
query and the entry, never on which other entries were looked at.

Which entries are looked at depends on the base's size:

* a small base (under ``_EXACT_FROM`` phrasings, as the bundled one) pre-selects: an inverted index over
  the terms is read within a budget of postings, the entries met are ranked by an estimate built like the
  score (recall and coverage), the likeliest have their coverage measured on all their phrasings, and the
  best of those are scored (see ``_candidate_entries``). Pure Python, so ``assistant ask`` imports no numpy;
* a large base bounds the score of every entry from the postings of the question's terms, with numpy, and
  scores entries in decreasing order of bound until the next bound is below the lowest score the reply
  reads (``_score_exactly``, ``bounds.ScoreBounds``): the reply is the one scoring every entry would give.
"""

from __future__ import annotations

import heapq
import math
import sys
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, replace
from itertools import chain, pairwise
from operator import mul
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from .errors import UnknownEntryError
from .knowledge import load_knowledge
from .models import Entry, Knowledge, Match, Reply, ScoreParts
from .normalize import MAX_QUERY_CHARS, Normalizer, sound_key, terms

if TYPE_CHECKING:
    from .bounds import ScoreBounds

_PINYIN_DISCOUNT = 2.0
"""Points taken off a pinyin-only similarity, so that with equal sound the right characters win."""


WEIGHTS: tuple[float, ...] = (0.31, 5.12, -0.16, 1.86, 5.64, 2.7, -0.34, 1.95, 1.83, -6.57)
"""Logistic weights of the signals (see ``_Features.vector``), fitted by ``tools/fit_weights.py``.

The fit had one more signal, an entry's BM25 relative to the best candidate's. It made an entry's score
depend on which other entries were candidates, so it was folded into ``coverage`` (its weight added to
coverage's: the signal was 1 for the winning entries). Refitting without it scored lower on the held-out
set (89.0% against 91.8% answered right), so the folded weights stay.
"""


_FOLLOW_UP = 12
"""Normalized queries up to this length may be follow-ups, read with the previous question."""

_UNRELATED_FOLLOW_UP = 0.92
"""A follow-up's score for an entry unrelated to the previous answer is multiplied by this."""

_SHORT_QUERY = 16
"""Normalized queries up to this length are short: out_of_scope_terms apply to them."""

_K1, _B = 1.2, 0.75
"""BM25's usual term-frequency saturation and length normalization."""

_TERM_READS = 10
"""Pre-selection reads at most this many times ``candidate_limit`` postings of any one term."""

_ESTIMATE = (WEIGHTS[1], WEIGHTS[4] + WEIGHTS[8], WEIGHTS[7])
"""Pre-selection's estimate of an entry: the weights of recall, coverage (bm25 taken as coverage, which
bounds it) and their product, the signals that weigh most in the score."""

_TEMPERATURE = 3.0
"""Spreads the logistic's top end so that close candidates stay apart on the 0–100 scale."""

_EXACT_FROM = 5_000
"""Bases of at least this many phrasings choose the entries to score by bounds (``bounds.ScoreBounds``)."""

_COMMON_LEVELS = (0.5, 0.8, 1.0, 1.3, 1.7, 2.2)
"""IDF levels at which each phrasing's weight in terms at most that common is kept (see ``bounds``)."""

_ROUNDING = 0.051
"""A Match's score is rounded to 0.1 before the decision compares it: an entry below a cut-off minus this
stays below the cut-off once rounded."""


# The two per-query records are plain classes: making a dataclass costs ~0.5 ms of every start.
class _Scored:
    """An entry's score for one query, the phrasing that earned it, and the score's parts."""

    __slots__ = ("parts", "phrasing", "score")

    def __init__(self, score: float, phrasing: int, parts: ScoreParts) -> None:
        self.score = score
        self.phrasing = phrasing
        self.parts = parts


class _Features:
    """An entry's signals for one query: the best of each over its phrasings, then entry-wide coverage and BM25,
    and the question's length."""

    __slots__ = ("balance", "bm25", "characters", "coverage", "length", "lexical", "phrasing", "pinyin",
                 "precision", "recall")

    def __init__(self, phrasing: int, characters: float, pinyin: float, lexical: float, recall: float,
                 precision: float, balance: float, coverage: float, bm25: float) -> None:
        self.phrasing = phrasing
        self.characters = characters
        self.pinyin = pinyin
        self.lexical = lexical
        self.recall = recall
        self.precision = precision
        self.balance = balance
        self.coverage = coverage
        self.bm25 = bm25
        self.length = 0.0

    def vector(self) -> tuple[float, ...]:
        """The inputs of the logistic score, in the order of ``WEIGHTS``."""
        return (self.lexical, self.recall, self.precision, self.balance, self.coverage, self.length,
                self.lexical * self.coverage, self.recall * self.coverage, self.bm25, 1.0)

    def scored(self) -> _Scored:
        z = sum(w * x for w, x in zip(WEIGHTS, self.vector()))
        score = 100.0 / (1.0 + math.exp(-max(min(z / _TEMPERATURE, 40.0), -40.0)))
        # A phrasing word for word (once normalized) scores a full 100, and only that does.
        score = 100.0 if self.characters >= 100.0 else min(score, 99.9)
        return _Scored(score, self.phrasing, ScoreParts(round(self.characters, 1), round(self.pinyin, 1),
                                                        round(100 * self.recall, 1), round(100 * self.coverage, 1)))


@dataclass(frozen=True)
class Thresholds:
    """The decision's cut-offs, on the 0–100 score scale. Defaults are tuned on ``tests/eval``.

    * ``answer``: the best match must score at least this to be given as the answer …
    * ``margin``: … and lead the runner-up entry by at least this many points;
    * ``confident``: a score this high is answered even with a close runner-up, unless the runner-up
      is as high;
    * ``suggest``: below this nothing is relevant (status ``none``); between ``suggest`` and a confident
      answer, the reply asks "您是不是想问…" with the candidates scoring at least ``suggest``.

    >>> strict = Matcher(thresholds=Thresholds(answer=100))   # answer only questions asked word for word
    >>> strict.reply("微粒贷客服电话是多少呀").status
    'clarify'
    """

    answer: float = 53.0
    margin: float = 4.0
    confident: float = 90.0
    suggest: float = 45.0

    def __post_init__(self) -> None:
        for name in ("answer", "margin", "confident", "suggest"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or math.isnan(value) or not 0 <= value <= 100:
                raise ValueError(f"threshold {name} must be a number from 0 to 100, not {value!r}")


class Matcher:
    """Matches questions against a knowledge base. Immutable once built: share one across threads.

    ``entry_limit`` and ``candidate_limit`` bound a small base's pre-selection: at most ``entry_limit``
    entries are scored per question, the best of ``candidate_limit`` entries whose coverage of the question
    is measured (see ``_candidate_entries``). By default both grow with the knowledge base (7 and 64 up to
    899 entries, 8 and 64 at 1,000); larger values come closer to scoring every entry, at a cost in time. A
    base of ``_EXACT_FROM`` phrasings or more needs neither to reply and search: it scores every entry that
    can change the reply (see ``_score_exactly``); they still bound its leave-one-out check (``confusables``).

    >>> matcher = Matcher()              # the bundled knowledge base
    >>> matcher.reply("微粒贷客服电话是多少").status
    'answer'
    >>> matcher.reply("今天天气怎么样").status
    'none'
    """

    def __init__(self, knowledge: Knowledge | None = None, *, thresholds: Thresholds | None = None,
                 candidate_limit: int | None = None, entry_limit: int | None = None) -> None:
        self.knowledge: Knowledge = knowledge if knowledge is not None else load_knowledge()
        self.thresholds: Thresholds = thresholds or Thresholds()
        self.normalize: Normalizer = Normalizer(self.knowledge.synonyms)
        self._entries: tuple[Entry, ...] = self.knowledge.entries
        # Questions the knowledge base declares out of scope are matched like one more entry; when it
        # wins, the reply is "none". It is marked small talk so it is never offered as a suggestion.
        self._negative = -1
        self._foreign_terms = tuple(t for t in map(self.normalize, self.knowledge.out_of_scope_terms) if t)
        if self.knowledge.out_of_scope:
            self._negative = len(self._entries)
            first, *rest = self.knowledge.out_of_scope
            self._entries += (Entry(id="(out of scope)", question=first, answer=self.knowledge.fallback,
                                    alternates=tuple(rest), smalltalk=True),)
        self._entry_index = {entry.id: index for index, entry in enumerate(self._entries)}
        self._smalltalk = tuple(index for index, entry in enumerate(self._entries) if entry.smalltalk)
        self._raw: list[str] = []
        self._texts: list[str] = []
        self._owner = array("i")
        for index, entry in enumerate(self._entries):
            seen: set[str] = set()
            for raw in entry.phrasings:
                text = self.normalize(raw)
                if text and text not in seen:
                    seen.add(text)
                    self._raw.append(raw)
                    # Most phrasings are already in normalized form: one string object then serves as both.
                    self._texts.append(raw if text == raw else text)
                    self._owner.append(index)
        self._first_phrasing = array("i", [0] * (len(self._entries) + 1))
        for phrasing, owner in enumerate(self._owner):
            self._first_phrasing[owner + 1] = phrasing + 1
        for owner in range(len(self._entries)):  # entries with no phrasing left
            self._first_phrasing[owner + 1] = max(self._first_phrasing[owner + 1], self._first_phrasing[owner])
        # One entry's terms at a time: a set per phrasing kept for the whole build takes gigabytes at
        # 100,000 entries, for tables that then hold a tenth of that.
        postings: dict[str, array[int]] = {}
        entries_with: dict[str, int] = {}
        # An entry's length for BM25: its phrasings' terms, counted once per phrasing holding each.
        self._entry_length = array("i", [0] * len(self._entries))
        # Each phrasing's sound key and terms: kept for small bases, where scoring an entry is then a few
        # set operations; recomputed (a few microseconds) for the few candidate entries of a large one,
        # where keeping them would take gigabytes.
        keep = len(self._texts) <= 50_000
        keys: list[str] = []
        phrasing_terms: list[frozenset[str]] = []
        entry_terms: list[frozenset[str]] = []
        entry_term_counts: list[dict[str, int]] = []
        term_entries: dict[str, list[int]] = {}
        self._exact = len(self._texts) >= _EXACT_FROM
        for owner in range(len(self._entries)):
            counts: Counter[str] = Counter()
            for phrasing in range(self._first_phrasing[owner], self._first_phrasing[owner + 1]):
                key = sound_key(self._texts[phrasing])
                found = terms(key)
                if keep:  # terms interned: one string per term, pickled once in the cache
                    keys.append(key)
                    phrasing_terms.append(frozenset(map(sys.intern, found)))
                self._entry_length[owner] += len(found)
                counts.update(found)
                for term in found:
                    posting = postings.get(term)
                    if posting is None:
                        postings[term] = posting = array("i")
                    posting.append(phrasing)
            for term in counts:
                entries_with[term] = entries_with.get(term, 0) + 1
            if not self._exact:
                entry_term_counts.append({sys.intern(term): count for term, count in counts.items()})
                for term in counts:
                    holders = term_entries.get(term)
                    if holders is None:
                        term_entries[term] = holders = []
                    holders.append(owner)
            elif keep:
                entry_terms.append(frozenset(map(sys.intern, counts)))
        count = max(len(self._entries), 1)
        self._idf = {term: math.log(1 + count / owners) for term, owners in entries_with.items()}
        self._unknown_idf = math.log(1 + count)
        weights = array("d", bytes(8 * len(self._texts)))  # 8 bytes a phrasing, not 32 in a list
        for term, posting in postings.items():
            weight = self._idf[term]
            for phrasing in posting:
                weights[phrasing] += weight
        self._weights = weights
        if not self._exact:
            # Each term's postings lightest phrasing first: those where the term is the largest share of the
            # weight, so a common term's first postings are the phrasings it matters most to (see
            # _candidate_entries). One term at a time, to keep the build's peak memory low.
            for term, posting in postings.items():
                postings[term] = array("i", sorted(posting, key=weights.__getitem__))
        # (A large base keeps them in phrasing order, as built: bounds read them all at once.)
        self._postings = postings
        # A large base bounds every entry's score from its entry postings: per term, the entries holding it
        # and in how many of their phrasings; all terms' in two arrays (one per term would take hundreds of
        # MB more while the cache is written), term number k's from _entry_starts[k] to _entry_starts[k + 1].
        self._entry_number: dict[str, int] = {}
        self._entry_starts = array("q")
        self._entry_owners = array("i")
        self._entry_counts = array("B")
        self._common_weight: list[array[float]] = []
        if self._exact:
            self._entry_postings(entries_with)
            self._common_weight = self._common_weights(postings)
        self._bounds: ScoreBounds | None = None  # built at the first question (it imports numpy)
        self._average_length = sum(self._entry_length) / count
        self._keys: list[str] | None = keys if keep else None
        self._phrasing_terms: list[frozenset[str]] | None = phrasing_terms if keep else None
        # Pre-selection measures an entry's coverage of the question (step 3 of _candidate_entries) from
        # its terms: a large base keeps each entry's set (up to 50,000 phrasings); a small one the entries
        # holding each term, and per entry how many of its phrasings hold each term, for scoring.
        self._entry_terms: list[frozenset[str]] | None = entry_terms if keep and self._exact else None
        self._term_entries: dict[str, tuple[int, ...]] | None = None  # tuples: quicker to read from the cache
        self._entry_term_counts: list[dict[str, int]] | None = None
        # … and adds up the question's term weights per phrasing in a list over all phrasings, which needs
        # each phrasing's 1 / weight.
        self._inverse_weights: array[float] | None = None
        if not self._exact:
            self._term_entries = {term: tuple(holders) for term, holders in term_entries.items()}
            self._entry_term_counts = entry_term_counts
            self._inverse_weights = array("d", (1.0 / (weight or 1.0) for weight in weights))
        # Pre-selection: at most ``_entry_limit`` entries are scored per question, the likeliest of
        # ``_candidate_limit`` entries measured closely, met by reading about ``_posting_budget`` postings
        # (3,000 up to 14,400 phrasings, then 25 per square root of the phrasings). A larger base has more
        # near neighbours to tell apart, so all three grow with it.
        automatic = min(max(round(math.sqrt(len(self._entries)) / 4), 7), 60)
        self._entry_limit = entry_limit if entry_limit is not None else automatic
        self._candidate_limit = (candidate_limit if candidate_limit is not None
                                 else max(64, 7 * automatic, len(self._entries) // 100))
        self._posting_budget = max(3_000, round(25 * math.sqrt(len(self._texts))))

    def _entry_postings(self, entries_with: dict[str, int]) -> None:
        """Fill the entry postings from the phrasing postings (in phrasing order, so by entry)."""
        import numpy as np

        most_phrasings = max((self._first_phrasing[o + 1] - self._first_phrasing[o]
                              for o in range(len(self._entries))), default=0)
        total = sum(entries_with.values())
        self._entry_owners = array("i", [0]) * total
        self._entry_counts = array("B" if most_phrasings < 1 << 8 else "H" if most_phrasings < 1 << 16 else "I",
                                   [0]) * total
        owners_of = np.frombuffer(self._owner, dtype=np.int32)
        owners = np.frombuffer(self._entry_owners, dtype=np.int32)
        counts = np.frombuffer(self._entry_counts, dtype=self._entry_counts.typecode)
        start = 0
        starts = [0]
        for number, (term, posting) in enumerate(self._postings.items()):
            held_by = owners_of[np.frombuffer(posting, dtype=np.int32)]
            changes = np.flatnonzero(held_by[1:] != held_by[:-1]) + 1
            end = start + len(changes) + 1
            owners[start:end] = held_by[np.concatenate(([0], changes))]
            counts[start:end] = np.diff(np.concatenate(([0], changes, [len(held_by)])))
            self._entry_number[term] = number
            starts.append(end)
            start = end
        self._entry_starts = array("q", starts)

    def _common_weights(self, postings: dict[str, array[int]]) -> list[array[float]]:
        """Per IDF level (``_COMMON_LEVELS``), each phrasing's weight in terms at most that common."""
        import numpy as np

        common = np.zeros(len(self._texts))
        levels: list[array[float]] = []
        by_idf = sorted((idf, term) for term, idf in self._idf.items() if idf <= _COMMON_LEVELS[-1])
        position = 0
        for level in _COMMON_LEVELS:
            while position < len(by_idf) and by_idf[position][0] <= level:
                idf, term = by_idf[position]
                common[np.frombuffer(postings[term], dtype=np.int32)] += idf
                position += 1
            # Rounded up to float32: a bound must not lose what rounding would take off
            levels.append(array("f", np.nextafter(common.astype(np.float32), np.float32(np.inf)).tobytes()))
        return levels

    def _make_bounds(self) -> ScoreBounds:
        from .bounds import ScoreBounds

        bounds = ScoreBounds(
            owner=self._owner, first_phrasing=self._first_phrasing, weights=self._weights,
            entry_length=self._entry_length, average_length=self._average_length,
            real=[not entry.smalltalk for entry in self._entries], postings=self._postings,
            entry_number=self._entry_number, entry_starts=self._entry_starts, entry_owners=self._entry_owners,
            entry_counts=self._entry_counts, levels=_COMMON_LEVELS,
            common_weight=self._common_weight, idf=self._idf)
        self._bounds = bounds  # built twice at worst, by two threads at once: both the same
        return bounds

    def consistent(self) -> bool:
        """True when the matcher's tables agree with each other and with its entries: every phrasing has an
        entry, every posting a phrasing and every term a weight. A matcher read from a cache file is used only
        then (a same-user file with a valid checksum may still hold anything)."""
        phrasings, entries = len(self._texts), len(self._entries)
        first = self._first_phrasing
        try:
            if not (len(self._raw) == len(self._owner) == len(self._weights) == phrasings
                    and len(first) == entries + 1 and first[0] == 0 and first[-1] == phrasings
                    and all(a <= b for a, b in pairwise(first)) and len(self._entry_length) == entries
                    and self._entry_index == {entry.id: index for index, entry in enumerate(self._entries)}
                    and self._entries[:len(self.knowledge.entries)] == self.knowledge.entries
                    and self._postings.keys() == self._idf.keys()):
                return False
            if phrasings and (min(self._owner) < 0 or max(self._owner) >= entries):
                return False
            if any(owner != self._owner[phrasing] for owner in range(entries)
                   for phrasing in range(first[owner], first[owner + 1])):
                return False
            if any(len(posting) and (min(posting) < 0 or max(posting) >= phrasings)
                   for posting in self._postings.values()):
                return False
            for table in (self._keys, self._phrasing_terms, self._inverse_weights):
                if table is not None and len(table) != phrasings:
                    return False
            if self._entry_term_counts is not None and len(self._entry_term_counts) != entries:
                return False
            if self._term_entries is not None and (
                    self._term_entries.keys() != self._idf.keys()
                    or any(owner < 0 or owner >= entries for held in self._term_entries.values() for owner in held)):
                return False
            if self._entry_terms is not None and len(self._entry_terms) != entries:
                return False
            if self._exact and (len(self._entry_starts) != len(self._postings) + 1
                                or self._entry_number.keys() != self._postings.keys()
                                or len(self._entry_owners) != len(self._entry_counts)
                                or self._entry_starts[-1] != len(self._entry_owners)
                                or (len(self._entry_owners) and (min(self._entry_owners) < 0
                                                                 or max(self._entry_owners) >= entries))
                                or len(self._common_weight) != len(_COMMON_LEVELS)
                                or any(len(level) != phrasings for level in self._common_weight)):
                return False
        except (TypeError, ValueError, AttributeError, IndexError, KeyError):
            return False
        return True

    @classmethod
    def from_path(cls, path: str | None = None, *, thresholds: Thresholds | None = None) -> Matcher:
        """Load the knowledge base at ``path`` (None: the bundled one) and build a matcher on it."""
        return cls(load_knowledge(path), thresholds=thresholds)

    def __repr__(self) -> str:
        return f"Matcher({self.knowledge.title!r}, {len(self._entries)} entries, {len(self._texts)} phrasings)"

    # -- scoring -------------------------------------------------------------------------------------

    def _key(self, phrasing: int) -> str:
        """The sound key of a phrasing's normalized text."""
        return self._keys[phrasing] if self._keys is not None else sound_key(self._texts[phrasing])

    def _terms(self, phrasing: int, key: str | None = None) -> Set[str]:
        """The terms of a phrasing (``key``: its sound key, when the caller already has it)."""
        if self._phrasing_terms is not None:
            return self._phrasing_terms[phrasing]
        return terms(key if key is not None else self._key(phrasing))

    def _query(self, text: str) -> tuple[str, set[str], float, float]:
        """What scoring needs of normalized ``text``: its sound key, its terms, their weight (IDF, an unknown
        term counting as the rarest) and the length signal."""
        key = sound_key(text)
        query_terms = terms(key)
        query_weight = sum(self._idf.get(term, self._unknown_idf) for term in query_terms) or 1.0
        return key, query_terms, query_weight, min(len(text), 60) / 60.0

    def _features(self, text: str, exclude: int = -1, skip_entry: int = -1) -> dict[int, _Features]:
        """Return the signals of every candidate entry for normalized ``text`` (phrasing ``exclude`` left out).

        An entry's signals depend only on the query and the entry itself, never on which other entries are
        candidates: pre-selection decides which entries are scored, not how.
        """
        key, query_terms, query_weight, length = self._query(text)
        owners, shared_weights = self._candidate_entries(query_terms, query_weight)
        found: dict[int, _Features] = {}
        for owner in owners:
            if owner == skip_entry:
                continue
            features = self._entry_features(owner, text, key, query_terms, query_weight, exclude, shared_weights)
            if features is not None:
                features.length = length
                found[owner] = features
        return found

    def _candidate_entries(self, query_terms: set[str], query_weight: float) -> tuple[list[int], list[float] | None]:
        """Return the entries worth scoring for a question with these terms, likeliest first, and on a small
        base whose postings of these terms were all read, the weight of the question's terms in each phrasing
        (0.0 in one sharing none), so that ``_entry_features`` need not work it out again; else None.

        Three steps, each narrower and closer to the final score:

        1. Postings are read within a budget, so the work per question is bounded at any size: rarest terms
           first, each term reading at most an equal share of what is left of the budget, and at most a few
           times ``candidate_limit`` postings. A common term's share goes to the phrasings it weighs most in,
           since postings come lightest phrasing first.
        2. Each entry met is estimated from what was read: its best phrasing's recall and the query weight
           found in it, combined as the score combines them. The best ``candidate_limit`` go on.
        3. Their coverage is measured on all their phrasings (on a small base, from the entries holding
           each term; on a larger one, from each entry's terms, kept up to 50,000 phrasings, or a substring
           test per query term on the entry's joined sound keys), the estimate redone, and the best
           ``entry_limit`` are scored.

        A small base adds up the terms' weights per phrasing in a list over all its phrasings (cheaper than
        a dict of those met when most are), and hands that list on to scoring.
        """
        present = sorted((len(posting), term) for term in query_terms
                         if (posting := self._postings.get(term)) is not None)
        owner_of, idf = self._owner, self._idf
        reads: list[tuple[float, array[int]]] = []
        unread = self._posting_budget
        most = _TERM_READS * self._candidate_limit
        complete = True
        for left, (size, term) in zip(range(len(present), 0, -1), present):
            share = min(size, unread // left, most)
            unread -= share
            complete = complete and share == size
            posting = self._postings[term]
            reads.append((idf[term], posting if share == size else posting[:share]))
        recall: dict[int, float] = {}  # entry -> the best recall of its phrasings read
        shared_weights: list[float] | None = None
        inverse_weights = self._inverse_weights
        if inverse_weights is not None:
            # Small base: a list over all phrasings is cheaper to add to than a dict of those met, and each
            # entry's best recall is then the max of its slice
            shared_weights = [0.0] * len(inverse_weights)
            for weight, read in reads:
                for phrasing in read:
                    shared_weights[phrasing] += weight
            recalls = list(map(mul, shared_weights, inverse_weights))
            for owner, (start, end) in enumerate(pairwise(self._first_phrasing)):
                if start < end and (best := max(recalls[start:end])) > 0.0:
                    recall[owner] = best
            if not complete:
                shared_weights = None
        else:
            shared_by: dict[int, float] = {}  # phrasing -> the weight of the question's terms read in it
            for weight, read in reads:
                for phrasing in read:
                    shared_by[phrasing] = shared_by.get(phrasing, 0.0) + weight
            weights = self._weights
            for phrasing, shared in shared_by.items():
                owner = owner_of[phrasing]
                its_recall = shared / (weights[phrasing] or 1.0)
                if its_recall > recall.get(owner, -1.0):
                    recall[owner] = its_recall
        if len(recall) <= self._entry_limit:
            return list(recall), shared_weights
        w_recall, w_coverage, w_both = _ESTIMATE
        # The estimate, w_recall·r + w_coverage·c + w_both·r·c, written out: it is computed for every entry met.
        w_coverage /= query_weight
        w_both /= query_weight
        if len(recall) <= self._candidate_limit:
            likely = list(recall)
        else:
            found_in: dict[int, float] = {}  # entry -> the weight of the question's terms read in it
            for weight, read in reads:
                for owner in set(map(owner_of.__getitem__, read)):
                    found_in[owner] = found_in.get(owner, 0.0) + weight
            likely = [-negated for _, negated in heapq.nlargest(self._candidate_limit, (
                ((w_recall + w_both * found) * recall[owner] + w_coverage * found, -owner)
                for owner, found in found_in.items()))]
        # The question's weight found anywhere in each likely entry
        if self._term_entries is not None:
            found_anywhere = [0.0] * len(self._entries)
            term_entries = self._term_entries
            for _, term in present:
                weight = idf[term]
                for owner in term_entries[term]:
                    found_anywhere[owner] += weight
            found_all = [found_anywhere[owner] for owner in likely]
        elif self._entry_terms is not None:
            entry_terms = self._entry_terms
            found_all = [sum(map(idf.__getitem__, query_terms & entry_terms[owner])) for owner in likely]
        else:
            # A bigram term a+b is the substring ab of a key (the newline keeps phrasings apart): close
            # enough for an estimate, without the terms of every phrasing kept.
            searched = [(term.replace("\x1f", ""), idf[term]) for _, term in present]
            texts, first = self._texts, self._first_phrasing
            found_all = []
            for owner in likely:
                joined = sound_key("\n".join(texts[first[owner]:first[owner + 1]]))
                found_all.append(sum(weight for substring, weight in searched if substring in joined))
        return [-negated for _, negated in heapq.nlargest(self._entry_limit, (
            ((w_recall + w_both * found) * recall[owner] + w_coverage * found, -owner)
            for owner, found in zip(likely, found_all)))], shared_weights

    def _entry_features(self, owner: int, text: str, key: str, query_terms: set[str], query_weight: float,
                        exclude: int, shared_weights: list[float] | None = None) -> _Features | None:
        """Return entry ``owner``'s signals for a question: the best of each over its phrasings (all but
        ``exclude``), then entry-wide coverage and BM25. None when no phrasing left shares a term with it.

        ``shared_weights`` (from ``_candidate_entries``): the weight of the question's terms in each
        phrasing, which spares intersecting term sets; ignored with ``exclude`` (they count every phrasing).
        """
        term_counts = self._entry_term_counts
        if exclude != -1 or term_counts is None:  # (the entry's term frequencies come from term_counts)
            shared_weights = None
        # Plain locals and comparisons rather than attributes and max(): this loop is where a question's
        # time goes.
        best = -1
        characters = pinyin = lexical = recall = precision = balance = 0.0
        shared_sets: list[set[str]] = []
        length = self._entry_length[owner]
        weight_of = self._idf.__getitem__
        weights, texts = self._weights, self._texts
        for phrasing in range(self._first_phrasing[owner], self._first_phrasing[owner + 1]):
            # As with whole entries, only phrasings sharing a term with the question count.
            if shared_weights is not None:
                shared = shared_weights[phrasing]
                if not shared:
                    continue
                phrasing_key = self._key(phrasing)
            else:
                phrasing_key = self._key(phrasing)
                phrasing_terms = self._terms(phrasing, phrasing_key)
                if phrasing == exclude:
                    length -= len(phrasing_terms)
                    continue
                shared_terms = query_terms & phrasing_terms
                if not shared_terms:
                    continue
                shared_sets.append(shared_terms)
                shared = sum(map(weight_of, shared_terms))
            its_recall = shared / (weights[phrasing] or 1.0)
            its_precision = shared / query_weight
            its_characters = fuzz.ratio(text, texts[phrasing])
            its_pinyin = fuzz.ratio(key, phrasing_key)
            its_lexical = (its_characters if its_characters > its_pinyin - _PINYIN_DISCOUNT
                           else its_pinyin - _PINYIN_DISCOUNT) / 100.0
            if best < 0 or its_lexical + its_recall > lexical + recall:
                best = phrasing
            if its_characters > characters:
                characters = its_characters
            if its_pinyin > pinyin:
                pinyin = its_pinyin
            if its_lexical > lexical:
                lexical = its_lexical
            if its_recall > recall:
                recall = its_recall
            if its_precision > precision:
                precision = its_precision
            if its_recall * its_precision > balance:
                balance = its_recall * its_precision
        if best < 0:
            return None
        # How many of the entry's phrasings hold each of the question's terms
        frequencies: Mapping[str, int]
        if shared_weights is not None and term_counts is not None:
            counts = term_counts[owner]
            frequencies = {term: counts[term] for term in query_terms & counts.keys()}
        else:
            frequencies = Counter(chain.from_iterable(shared_sets))
        coverage, bm25 = self._entry_signals(frequencies, length, query_weight)
        return _Features(best, characters, pinyin, lexical, recall, precision, math.sqrt(balance), coverage, bm25)

    def _entry_signals(self, frequencies: Mapping[str, int], length: int, query_weight: float) -> tuple[float, float]:
        """The entry-wide signals, from how many of the entry's phrasings hold each of the question's terms
        and the entry's length: the share of the query's term weight found anywhere in the entry, and BM25
        over the entry's phrasings taken together (a term many phrasings share counts more), as a share of
        the most the query could score."""
        length_ratio = length / (self._average_length or 1.0)
        covered = bm25 = 0.0
        for term, frequency in frequencies.items():
            idf = self._idf[term]
            covered += idf
            bm25 += idf * frequency * (_K1 + 1) / (frequency + _K1 * (1 - _B + _B * length_ratio))
        return covered / query_weight, bm25 / (query_weight * (_K1 + 1))

    def _score_text(self, text: str, exclude: int = -1, skip_entry: int = -1, keep: int = 4,
                    floor: float | None = None) -> dict[int, _Scored]:
        """Score the candidate entries for normalized ``text``; return them by entry index.

        A large base scores every entry that can be among the best ``keep`` real entries and reach ``floor``
        (default: the lowest score the decision reads, see ``_decision_floor``), so those are the ones
        scoring every entry would give; with ``exclude`` (a phrasing left out), it pre-selects as a small
        base does.
        """
        if self._exact and exclude == -1:
            return self._score_exactly(text, skip_entry, keep, self._decision_floor() if floor is None else floor)
        return {owner: features.scored() for owner, features in self._features(text, exclude, skip_entry).items()}

    def _may_name_another_product(self, text: str) -> bool:
        """True when normalized ``text`` is a short question holding an out-of-scope term: ``_candidates``
        then reads the best real entry's phrasings, whatever its score."""
        return len(text) <= _SHORT_QUERY and any(term in text for term in self._foreign_terms)

    def _decision_floor(self) -> float:
        """The lowest score ``_decide`` tells apart from nothing: below both the 0.75·suggest that a second
        suggestion needs and the answer − margin that a runner-up must reach to hold an answer back, once
        rounded as a Match is."""
        limits = self.thresholds
        return min(0.75 * limits.suggest, limits.answer - limits.margin) - _ROUNDING

    def _score_exactly(self, text: str, skip_entry: int, keep: int, floor: float) -> dict[int, _Scored]:
        """Score, for normalized ``text``, every small-talk entry, any entry with a phrasing equal to it (it
        scores 100, above any bound), and the real entries in decreasing order of bound until the next bound
        is below the cut-off: the ``keep``-th best real score so far, or ``floor`` if higher.

        A short question naming another product reads the best real entry (``_candidates``), so that one is
        found even below ``floor``.
        """
        bounds = self._bounds if self._bounds is not None else self._make_bounds()
        key, query_terms, query_weight, length = self._query(text)
        entries = self._entries
        scored: dict[int, _Scored] = {}
        best: list[float] = []  # the best ``keep`` real scores so far, a min-heap
        best_real = [-math.inf]
        foreign = self._may_name_another_product(text)

        def score(owner: int) -> None:
            if owner == skip_entry or owner in scored:
                return
            features = self._entry_features(owner, text, key, query_terms, query_weight, -1)
            if features is None:  # no phrasing shares a term with the question
                return
            features.length = length
            found = scored[owner] = features.scored()
            if not entries[owner].smalltalk:
                if len(best) < keep:
                    heapq.heappush(best, found.score)
                elif found.score > best[0]:
                    heapq.heapreplace(best, found.score)
                best_real[0] = max(best_real[0], found.score)

        def cut_off() -> float:
            cut = max(floor, best[0]) if len(best) == keep else floor
            return min(cut, best_real[0]) if foreign else cut

        for owner in self._smalltalk:
            score(owner)
        for phrasing in bounds.verbatim(query_weight):
            if self._texts[phrasing] == text:
                score(self._owner[phrasing])
        for owner in bounds.candidates(query_terms, query_weight, length, cut_off):
            score(owner)
        return scored

    def _ranked(self, scored: dict[int, _Scored], limit: int) -> list[Match]:
        top = heapq.nlargest(limit, scored.items(), key=lambda item: (item[1].score, -item[0]))
        return [Match(self._entries[owner], round(min(max(s.score, 0.0), 100.0), 1), self._raw[s.phrasing],
                      s.parts) for owner, s in top]

    def _prepare(self, query: str) -> str:
        if not isinstance(query, str):
            raise TypeError(f"query must be a str, not {type(query).__name__}")
        return self.normalize(query[:MAX_QUERY_CHARS])

    def search(self, query: str, limit: int = 5, *, smalltalk: bool = True) -> list[Match]:
        """Return up to ``limit`` entries matching ``query``, best first, each with a score from 0 to 100.

        Returns an empty list when nothing in the knowledge base shares anything with the query (or the
        query has no letters or digits). ``smalltalk=False`` leaves small-talk entries out.

        >>> [m.id for m in Matcher().search("客服电话", limit=1)]
        ['hotline-number']
        >>> Matcher().search("asdfgh")
        []
        """
        if limit < 1:
            raise ValueError("limit must be at least 1")
        text = self._prepare(query)
        if not text:
            return []
        scored = self._score_text(text, keep=limit, floor=0.0)
        if not smalltalk:
            scored = {owner: s for owner, s in scored.items() if not self._entries[owner].smalltalk}
        scored.pop(self._negative, None)
        return [match for match in self._ranked(scored, limit) if match.score > 0]

    # -- the decision --------------------------------------------------------------------------------

    def reply(self, query: str, previous: str | None = None) -> Reply:
        """Decide what to say to ``query``: an answer, a "您是不是想问…" list, or the fallback.

        ``previous`` is the id of the entry answered just before: a short follow-up (那延期呢？/ 要多久？)
        is then also read together with that question. Returns a ``Reply`` whose ``status`` is
        ``"answer"``, ``"clarify"`` or ``"none"``; never raises for any text (an empty or meaningless
        query gets ``"none"``). Raises ``UnknownEntryError`` when ``previous`` names no entry.

        >>> matcher = Matcher()
        >>> matcher.reply("微粒贷客服电话").answer is not None
        True
        >>> reply = matcher.reply("asdfgh")
        >>> reply.status, reply.answer is None, "400-999-8866" in reply.fallback
        ('none', True, True)
        """
        previous_entry = None
        if previous is not None:
            previous_entry = self.knowledge.get(previous)
            if previous_entry is None:
                raise UnknownEntryError(previous)
        return self._decide(query, *self._candidates(query, previous_entry))

    def _candidates(self, query: str, previous: Entry | None) -> tuple[list[Match], bool]:
        """The ranked matches a reply decides on (small talk only when no real entry is relevant), and
        whether the query reads more like a declared out-of-scope question than like any entry."""
        text = self._prepare(query)
        if not text:
            return [], False
        scored = self._score_text(text)
        negative = scored.pop(self._negative, None)
        if previous is not None and len(text) <= _FOLLOW_UP:
            # Context only helps a follow-up that cannot stand alone: a clear question keeps its own answer.
            plain = self._ranked({o: v for o, v in scored.items() if not self._entries[o].smalltalk}, 1)
            if not plain or plain[0].score < self.thresholds.answer:
                self._add_context(text, previous, scored)
            else:  # a confident reading stands, unless a question related to the previous one fits better
                self._add_context(text, previous, scored, related_only=True)
            # A short follow-up asks something new: the entry just answered is not what it wants again,
            # unless it is plainly asked again.
            again = scored.get(self._entry_index[previous.id])
            if again is None or again.score < self.thresholds.confident:
                scored.pop(self._entry_index[previous.id], None)
            # … and most likely something on the same topic: unrelated entries need a clearer lead.
            for owner, candidate in scored.items():
                if not self._related(previous, self._entries[owner]):
                    candidate.score *= _UNRELATED_FOLLOW_UP
        real = {owner: s for owner, s in scored.items() if not self._entries[owner].smalltalk}
        ranked_real = self._ranked(real, 5)
        best_score = max((s.score for s in scored.values()), default=0.0)
        refused = negative is not None and negative.score >= max(best_score, self.thresholds.suggest)
        # A short question naming another product is about that product; a long story may mention one
        # in passing (我还打算办房贷…) and still ask about this knowledge base.
        if ranked_real and not refused and self._may_name_another_product(text):
            owner = self._entry_index[ranked_real[0].id]
            mentioned = self._texts[self._first_phrasing[owner]:self._first_phrasing[owner + 1]]
            refused = any(term in text and not any(term in m for m in mentioned) for term in self._foreign_terms)
        if ranked_real and ranked_real[0].score >= self.thresholds.suggest:
            return ranked_real, refused
        return self._ranked(scored, 5), refused

    def _add_context(self, text: str, previous: Entry, scored: dict[int, _Scored],
                     related_only: bool = False) -> None:
        """Score ``text`` read after the previous question, for entries that share the follow-up's terms.

        ``related_only`` limits this to the previous entry's follow-ups and the entries of its topic.
        """
        # Context carries only the follow-up's own point to the previous subject: a term of the follow-up
        # that the previous question does not already hold. A question linked to an entry only through words
        # the previous question also had (会, 逾期…) stands on its own: 明天会下雨吗 after 逾期会上征信吗.
        own_terms = terms(sound_key(text)) - terms(sound_key(self.normalize(previous.question)))
        previous_index = self._entry_index[previous.id]
        # Two readings: the follow-up after the whole previous question, and after just its topic
        # (延期还款 + 要多久), which keeps the subject without the previous question's own point.
        readings = [self.normalize(previous.question) + text]
        if previous.topic:
            readings.append(self.normalize(previous.topic) + text)
        combined: dict[int, _Scored] = {}
        for reading in readings:
            for owner, candidate in self._score_text(reading, skip_entry=previous_index).items():
                if owner not in combined or candidate.score > combined[owner].score:
                    combined[owner] = candidate
        for owner, candidate in combined.items():
            entry = self._entries[owner]
            if owner == previous_index or entry.smalltalk:
                continue
            if related_only and not self._related(previous, entry):
                continue
            phrasing_terms = self._terms(candidate.phrasing)
            if not any(self._idf.get(term, 0.0) > 1.0 for term in own_terms & phrasing_terms):
                continue
            current = scored.get(owner)
            if current is None or candidate.score > current.score:
                scored[owner] = _Scored(candidate.score, candidate.phrasing,
                                        replace(candidate.parts, context=True))

    @staticmethod
    def _related(previous: Entry, entry: Entry) -> bool:
        """True when ``entry`` is one of ``previous``'s follow-ups or shares its topic."""
        return entry.id in previous.follow_ups or (entry.topic is not None and entry.topic == previous.topic)

    def _decide(self, query: str, ranked: Sequence[Match], refused: bool = False) -> Reply:
        limits = self.thresholds
        fallback = self.knowledge.fallback
        if refused or not ranked or ranked[0].score < limits.suggest:
            return Reply(query, "none", None, ranked[0] if ranked else None, fallback=fallback)
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        clear_lead = best.score - runner_up >= limits.margin
        confident = best.score >= limits.confident and runner_up < limits.confident
        if best.score >= limits.answer and (clear_lead or confident or best.entry.smalltalk):
            follow_ups = tuple(entry for entry in (self.knowledge.get(i) for i in best.entry.follow_ups)
                               if entry is not None)
            return Reply(query, "answer", best.entry.answer, best, follow_ups=follow_ups)
        suggestions = [m for m in ranked[:4] if m.score >= limits.suggest and not m.entry.smalltalk]
        if len(suggestions) == 1:
            # One weak candidate is no reason to ask (unless it is how a follow-up reads after the previous
            # answer); a fair one is offered with the next best.
            if best.score < (limits.suggest + limits.answer) / 2 and not best.parts.context:
                return Reply(query, "none", None, best, fallback=fallback)
            suggestions = [m for m in ranked[:2] if m.score >= limits.suggest * 0.75 and not m.entry.smalltalk]
        if not suggestions:
            return Reply(query, "none", None, best, fallback=fallback)
        return Reply(query, "clarify", None, best, suggestions=tuple(suggestions))

    def confusables(self) -> list[tuple[Entry, str, Match]]:
        """Return the alternates that, left out of their own entry, would be answered with another entry.

        Each item is ``(entry, alternate, wrong match)``: a sign the two entries need wording that tells
        them apart. Returns an empty list when every alternate still reaches its own entry or no answer.
        """
        found = []
        for phrasing, raw in enumerate(self._raw):
            entry = self._entries[self._owner[phrasing]]
            if entry.smalltalk or raw == entry.question:
                continue
            scored = self._score_text(self._texts[phrasing], exclude=phrasing)
            real = {owner: s for owner, s in scored.items() if not self._entries[owner].smalltalk}
            reply = self._decide(raw, self._ranked(real, 5))
            if reply.status == "answer" and reply.match is not None and reply.match.entry.id != entry.id:
                found.append((entry, raw, reply.match))
        return found

    # -- helpers for the edges -----------------------------------------------------------------------

    def entry(self, entry_id: str) -> Entry:
        """Return the entry with this id; raises ``UnknownEntryError`` when there is none."""
        found = self.knowledge.get(entry_id)
        if found is None:
            raise UnknownEntryError(entry_id)
        return found

    def answer_entry(self, entry_id: str, query: str | None = None) -> Reply:
        """Return the reply that answers with entry ``entry_id`` directly (a picked suggestion)."""
        entry = self.entry(entry_id)
        match = Match(entry, 100.0, entry.question, ScoreParts(100.0, 100.0, 100.0))
        follow_ups = tuple(e for e in (self.knowledge.get(i) for i in entry.follow_ups) if e is not None)
        return Reply(query if query is not None else entry.question, "answer", entry.answer, match,
                     follow_ups=follow_ups)
