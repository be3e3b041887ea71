"""Which entries of a large knowledge base a question must score: an upper bound on every entry's score.

A large base (see ``candidates``) does not guess which entries are worth scoring: it bounds the score of every
entry from the postings of the question's terms, with numpy over all entries at once, and scores entries in
decreasing order of bound until the next bound is below the reply's cut-off (``candidates.Bounded``). An
entry left out cannot reach the cut-off, so the reply is the one scoring every entry would give.

The bound follows the score (``signals.Features``): ``z = Σ WEIGHTS[i] · signal[i]``, mapped to 0–100 by an
increasing logistic. For the question's terms Q (IDF weight W in all), per phrasing p of weight w(p):

* the weight s(p) of the terms of Q it holds gives recall s/w and balance (s/w)·(s/W), the entry taking the best
  over its phrasings (at most: a bare entry's recall also counts ``signals.lacking_rarer``, which only lowers it);
  precision's weight is negative, so 0 bounds it;
* coverage and BM25 come from how many of the entry's phrasings hold each term (the entry postings);
* lexical (the best fuzz ratio, in [0, 1]) is unknown: it adds at most ``max(0, w0 + w6 · coverage)``.

Reading every posting of a common term costs more than it tells, so the commonest terms (a share ``_SKIPPED``
of W) are not read at first: a phrasing holds at most their weight, and at most its own weight in terms as
common (kept per phrasing for a few IDF levels, ``Index.common_weight``). When that leaves too many entries
above the cut-off, more terms are read and only the entries still above it bounded again.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np

from .signals import K1 as _K1
from .signals import SIGNALS, WEIGHTS
from .signals import TEMPERATURE as _TEMPERATURE
from .signals import B as _B

_SKIPPED = 0.3
"""At first, the commonest terms up to this share of the question's weight are not read phrasing by phrasing."""

_SKIPPED_IN_ENTRIES = 0.04
"""… and the commonest up to this share not even entry by entry (their coverage and BM25 bounded instead)."""

_SCORED_PER_READ = 40
"""Entries scored before reading more terms, when the bounds still leave more above the cut-off."""

_MOST_SCORED = 400
"""At most this many entries are scored by bound for one question: past it the reply may not be exact. It never
happens on the benchmark's question mix: at 100,000 entries, 17 are scored at the median, 99 at most."""

_BATCH = 1 << 20
"""Postings added up at once, at most (past this size, one term at a time)."""

_BOUNDED_HERE = frozenset({"lexical", "recall", "balance", "coverage", "length", "lexical_coverage",
                           "recall_coverage", "bm25", "answer", "bias"})
"""The signals ``_bound`` bounds one by one from the postings; any other adds its weight times its upper bound."""

_SLACK = 1e-4
"""Relative margin on each bound: phrasing weights are summed in float32 here, in float64 by the score."""


def _most(weight: float, upper: np.ndarray) -> np.ndarray | float:
    """The most ``weight`` times a signal (at least 0, at most ``upper``) can add to the score's sum."""
    return weight * upper if weight >= 0 else 0.0


class ScoreBounds:
    """Numpy views of a matcher's tables, and the bounds they give. Read-only once built: share it."""

    def __init__(self, *, owner: array[int], first_phrasing: array[int], weights: array[float],
                 entry_length: array[int], average_length: float, real: Sequence[bool],
                 postings: Mapping[str, memoryview], entry_number: Mapping[str, int], entry_starts: array[int],
                 entry_owners: array[int], entry_counts: array[int], levels: Sequence[float],
                 common_weight: Sequence[array[float]], idf: Mapping[str, float]) -> None:
        self._owner = np.frombuffer(owner, dtype=np.int32)
        self._first = np.frombuffer(first_phrasing, dtype=np.int32).astype(np.int64)
        self._weights = np.frombuffer(weights, dtype=np.float64)
        self._divisors = np.where(self._weights > 0, self._weights, 1.0).astype(np.float32)
        # The phrasings by weight, sorted once: verbatim's search then makes no pass over every weight per question
        self._by_weight = np.argsort(self._weights, kind="stable").astype(np.int32)
        phrasings = np.diff(self._first)
        normalization = _K1 * (1 - _B + _B * np.frombuffer(entry_length, dtype=np.int32) / (average_length or 1.0))
        self._normalization = normalization
        # The most a term held by all n phrasings of an entry adds to its BM25 sum, per unit of IDF
        self._saturation = phrasings / (phrasings + normalization)
        # The answer signal is a share divided by the entry's phrasings, squared (answer_signal.answer_share): at most
        # 1 / phrasings², which makes it next to nothing for an entry with alternates. Bounded by 1 instead, it
        # scored ten times as many entries per question at 1,000 entries.
        self._answer_most = np.where(phrasings > 0, 1.0 / np.maximum(phrasings, 1) ** 2, 0.0)
        self._real = np.array(real, dtype=bool) & (phrasings > 0)
        self._postings = postings
        self._entry_number = entry_number
        self._entry_starts = entry_starts
        self._entry_owners = np.frombuffer(entry_owners, dtype=entry_owners.typecode)  # 2 or 4 bytes each
        self._entry_counts = np.frombuffer(entry_counts, dtype=entry_counts.typecode)
        self._levels = tuple(levels)
        self._common = [np.frombuffer(level, dtype=np.float32) for level in common_weight]
        self._idf = idf

    def verbatim(self, query_weight: float) -> list[int]:
        """Return the phrasings whose weight is the question's: the only ones that can equal it."""
        margin = 1e-9 * max(query_weight, 1.0)
        # Those within twice the margin by bisection (rounding moves the ends by far less), then exactly
        weights, by_weight = self._weights, self._by_weight
        low = bisect_left(by_weight, query_weight - 2 * margin, key=weights.__getitem__)
        high = bisect_left(by_weight, query_weight + 2 * margin, low, key=weights.__getitem__)
        near = by_weight[low:high]
        found: list[int] = np.sort(near[np.abs(weights[near] - query_weight) <= margin]).tolist()
        return found

    def candidates(self, query_terms: set[str], query_weight: float, length: float,
                   cut_off: Callable[[], float]) -> Iterator[int]:
        """Yield the real entries whose bound reaches ``cut_off()``, highest bound first.

        ``cut_off`` is asked again before each entry: the caller scores what is yielded and may raise it. Stops
        when the next bound is below it, or after ``_MOST_SCORED`` entries.
        """
        present = sorted((self._idf[term], term) for term in query_terms if term in self._postings)
        shared = np.zeros(len(self._owner))  # per phrasing: the weight of the terms read that it holds
        # The commonest terms, up to a share of the weight, are not read in the entry postings at all
        unread_in_entries, in_entries = 0.0, 0
        while (in_entries < len(present)
               and unread_in_entries + present[in_entries][0] <= _SKIPPED_IN_ENTRIES * query_weight):
            unread_in_entries += present[in_entries][0]
            in_entries += 1
        # per entry: the weight of the terms read it holds, and BM25's sum
        covered, bm25 = self._entry_sums(present[in_entries:])
        read_from = len(present)  # present[read_from:] are read phrasing by phrasing
        skipped = _SKIPPED
        alive: np.ndarray | None = None  # the entries still above the cut-off, after the first bounds
        bounds = np.zeros(0)
        yielded = 0
        while True:
            # How many of the commonest terms stay unread, and the level their weight per phrasing is kept at
            unread, first_read, level = 0.0, 0, -1
            while first_read < read_from:
                weight = present[first_read][0]
                its_level = next((i for i, top in enumerate(self._levels) if weight <= top), -1)
                if its_level < 0 or unread + weight > skipped * query_weight:
                    break
                unread, level = unread + weight, its_level
                first_read += 1
            self._read_phrasings(present[first_read:read_from], shared)
            read_from = first_read
            if not read_from and in_entries:  # reading everything now: the entry postings too
                self._read_entries(present[:in_entries], covered, bm25)
                unread_in_entries, in_entries = 0.0, 0
            if alive is None:
                bounds = self._bound(None, shared, covered, bm25, unread, level, unread_in_entries, query_weight,
                                     length)
                alive = np.flatnonzero(self._real & (bounds >= cut_off()))
            else:
                tighter = self._bound(alive, shared, covered, bm25, unread, level, unread_in_entries,
                                      query_weight, length)
                bounds[alive] = np.minimum(bounds[alive], tighter)
                alive = alive[bounds[alive] >= cut_off()]
            # The likeliest first, as many as may be scored before reading more
            room = _SCORED_PER_READ + 1 if read_from else _MOST_SCORED - yielded
            likely = alive
            if len(likely) > room:
                likely = likely[np.argpartition(-bounds[likely], room)[:room]]
            likely = likely[np.argsort(-bounds[likely], kind="stable")]
            for scored_now, (owner, bound) in enumerate(zip(likely.tolist(), bounds[likely].tolist())):
                if bound < cut_off():
                    return
                if read_from and scored_now == _SCORED_PER_READ:
                    break
                if yielded == _MOST_SCORED:
                    return
                bounds[owner] = -math.inf  # yielded once only
                yielded += 1
                yield owner
            else:  # every likely entry yielded: done, unless there are more to read and to score
                if not read_from or len(likely) == len(alive):
                    return
            alive = alive[bounds[alive] >= cut_off()]
            if not len(alive):
                return
            skipped = skipped / 4 if skipped > 0.01 else 0.0

    def _read_phrasings(self, terms: Sequence[tuple[float, str]], shared: np.ndarray) -> None:
        """Add the terms' weight to the shared weight of every phrasing holding them."""
        # A few terms at a time: all at once, the temporary arrays of a long question take hundreds of MB.
        batch: list[tuple[float, np.ndarray]] = []
        size = 0
        for position, (weight, term) in enumerate(terms):
            posting = np.frombuffer(self._postings[term], dtype=np.int32)
            batch.append((weight, posting))
            size += len(posting)
            if size >= _BATCH or position == len(terms) - 1:
                read = [posting for _, posting in batch]
                shared += np.bincount(np.concatenate(read), minlength=len(shared),
                                      weights=np.repeat([weight for weight, _ in batch], [len(r) for r in read]))
                batch, size = [], 0

    def _entry_sums(self, terms: Sequence[tuple[float, str]]) -> tuple[np.ndarray, np.ndarray]:
        """Per entry, the weight of the terms it holds and their BM25 sum: what ``_read_entries`` adds to zeros,
        added up in the same order (one ``bincount`` for all the terms, not two scattered additions a term)."""
        owners_read, counts_read, weights = [], [], []
        for weight, term in terms:
            number = self._entry_number[term]
            start, end = self._entry_starts[number], self._entry_starts[number + 1]
            owners_read.append(self._entry_owners[start:end])
            counts_read.append(self._entry_counts[start:end])
            weights.append(weight)
        size = len(self._real)
        if not weights:
            return np.zeros(size), np.zeros(size)
        owners, counts = np.concatenate(owners_read), np.concatenate(counts_read)
        each = np.repeat(weights, [len(read) for read in owners_read])
        covered = np.bincount(owners, weights=each, minlength=size)
        bm25 = np.bincount(owners, weights=each * counts / (counts + self._normalization[owners]), minlength=size)
        return covered, bm25

    def _read_entries(self, terms: Sequence[tuple[float, str]], covered: np.ndarray, bm25: np.ndarray) -> None:
        """Add the terms' weight to the coverage and BM25 sum of every entry holding them."""
        normalization = self._normalization
        for weight, term in terms:
            number = self._entry_number[term]
            start, end = self._entry_starts[number], self._entry_starts[number + 1]
            owners, counts = self._entry_owners[start:end], self._entry_counts[start:end]
            covered[owners] += weight
            bm25[owners] += weight * counts / (counts + normalization[owners])

    def _bound(self, alive: np.ndarray | None, shared: np.ndarray, covered: np.ndarray, bm25: np.ndarray,
               unread: float, level: int, unread_in_entries: float, query_weight: float, length: float) -> np.ndarray:
        """The bound on the score of every entry (``alive``: of these entries only), from what has been read."""
        divisors, saturation = self._divisors, self._saturation
        owners, entries = self._owner, len(self._real)  # each phrasing's place among the entries bounded
        common = self._common[level] if level >= 0 else None
        if alive is not None:
            counts = self._first[alive + 1] - self._first[alive]
            starts = np.zeros(len(alive), dtype=np.int64)
            np.cumsum(counts[:-1], out=starts[1:])
            index = np.repeat(self._first[alive] - starts, counts) + np.arange(int(counts.sum()))
            owners, entries = np.repeat(np.arange(len(alive)), counts), len(alive)
            shared, divisors = shared[index], divisors[index]
            common = common[index] if common is not None else None
            covered, bm25, saturation = covered[alive], bm25[alive], saturation[alive]
            answer_most = self._answer_most[alive]
        else:
            answer_most = self._answer_most
        most = shared.astype(np.float32)
        if common is not None:  # at most the unread weight, and at most the phrasing's weight in common terms
            most = np.minimum(most + np.minimum(np.float32(unread), common), divisors)
        recall = most / divisors
        # Each entry's best, from 0 (every value is at least 0): twice as quick as maximum.reduceat on 150,000
        # phrasings. (An entry with no phrasing gets 0: it is never real, whatever its bound.)
        best_recall = np.zeros(entries, dtype=np.float32)
        np.maximum.at(best_recall, owners, recall)
        best_balance = np.zeros(entries, dtype=np.float32)
        np.maximum.at(best_balance, owners, recall * most)
        balance = best_balance / query_weight
        # Coverage and BM25 are read entry by entry for all but the very commonest terms
        least_coverage = covered / query_weight
        coverage = np.minimum((covered + unread_in_entries) / query_weight, 1.0)
        # Each weighted signal at its most: a signal with a positive weight at its upper bound, one with a
        # negative weight at its lower bound (0 for all but lexical · coverage, whose least is known). With
        # today's weights, precision's is negative: 0 bounds its term, as for any signal not bounded here.
        w = WEIGHTS
        z = (_most(w.recall, best_recall) + _most(w.balance, np.sqrt(balance)) + _most(w.coverage, coverage)
             + w.length * length + _most(w.recall_coverage, best_recall) * coverage
             + _most(w.bm25, bm25 + unread_in_entries * saturation) / query_weight + w.bias
             + _most(w.answer, answer_most)
             + np.maximum(0.0, w.lexical + w.lexical_coverage * (least_coverage if w.lexical_coverage < 0
                                                                  else coverage))
             + sum(max(0.0, w.by_name[name]) * most for name, most in SIGNALS if name not in _BOUNDED_HERE))
        z += _SLACK * (1.0 + np.abs(z))
        bound: np.ndarray = 100.0 / (1.0 + np.exp(-np.clip(z / _TEMPERATURE, -40.0, 40.0)))
        return bound
