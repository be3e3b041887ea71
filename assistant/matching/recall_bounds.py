"""Which entries a small base's pre-selection must score besides those it chose: an upper bound on their score.

Pre-selection (``candidates.Preselection``) scores the few entries its estimate ranks first. On a small base it
has read, for every entry sharing a term with the question, its best recall and the question's weight it holds
anywhere (its coverage): with those the score of every other entry is bounded (``RecallBounds``), and the entries
whose bound reaches the reply's cut-off are scored too, so the reply is the one scoring every entry would give.

The bound follows ``signals.score``, ``z = Σ WEIGHTS[name] · signal``: recall (at most the one read: a bare
entry's also counts ``signals.lacking_rarer``, which only lowers it) and coverage as known, precision
and BM25 at most the coverage (a phrasing holds at most what its entry holds; BM25 is a saturated share of it),
balance at most √(recall · coverage), lexical (not known, 0–1) adds at most ``max(0, w_lexical +
w_lexical_coverage · coverage)``, the answer at most 1 / phrasings², and each signal whose weight is negative at
0, its least. The few entries whose bound reaches the cut-off are bounded again with their BM25 and answer worked
out (``closer``) before they are scored. Bounds are compared as weighted sums, not scores, so no logistic is
computed for the entries that stay out (``least_sum``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from operator import mul

from .answer_signal import AnswerTerms, answer_share
from .index import Index
from .signals import SIGNALS, TEMPERATURE, WEIGHTS, entry_signals

SLACK = 1e-7
"""Relative margin on a bound: the score adds up the same weights in another order."""

BOUNDED_HERE = frozenset({"lexical", "recall", "precision", "balance", "coverage", "length", "lexical_coverage",
                          "recall_coverage", "bm25", "answer", "bias"})
"""The signals bounded one by one; any other adds its weight times its upper bound (``signals.SIGNALS``)."""


def best_recalls(index: Index, shared_weights: list[float]) -> dict[int, float]:
    """Each entry's best recall over its phrasings (a small base's, with ``inverse_weights``), from the weight
    of the question's terms in each phrasing; entries sharing no term left out."""
    recalls = list(map(mul, shared_weights, index.inverse_weights or ()))
    recall: dict[int, float] = {}
    for owner, (start, end) in enumerate(pairwise(index.first_phrasing)):
        if start < end and (best := max(recalls[start:end])) > 0.0:
            recall[owner] = best
    return recall


def met_recalls(index: Index, shared_by: dict[int, float]) -> dict[int, float]:
    """Each entry's best recall over its phrasings met (an index without ``inverse_weights``), from the weight of
    the question's terms in each phrasing met (``shared_by``); entries none of whose phrasings were met left out."""
    owner_of, weights = index.owner, index.weights
    recall: dict[int, float] = {}
    for phrasing, shared in shared_by.items():
        owner = owner_of[phrasing]
        its_recall = shared / (weights[phrasing] or 1.0)
        if its_recall > recall.get(owner, -1.0):
            recall[owner] = its_recall
    return recall


def found_anywhere(index: Index, present: list[tuple[int, str]]) -> list[float]:
    """Per entry of a small base (with ``term_entries``), the weight of the question's terms ``present`` (as
    (postings, term)) that any of its phrasings holds."""
    found = [0.0] * len(index.entries)
    term_entries, idf = index.term_entries or {}, index.idf
    for _, term in present:
        weight = idf[term]
        for owner in term_entries[term]:
            found[owner] += weight
    return found


def least_sum(cut: float) -> float:
    """The least weighted sum ``z`` whose score (``signals.logistic``) may reach ``cut``."""
    if cut <= 0.0:
        return -math.inf
    if cut >= 100.0:
        return math.inf  # (a phrasing asked word for word scores 100 whatever its sum: see ``RecallBounds``)
    return TEMPERATURE * math.log(cut / (100.0 - cut))


class EntryTables:
    """What the bounds read of every entry of an index, made once per index: the most its ``answer`` signal
    can be (1 / phrasings², ``answer_signal.answer_share``) and which entries are small talk."""

    __slots__ = ("answer_most", "smalltalk")

    def __init__(self, index: Index) -> None:
        first = index.first_phrasing
        self.answer_most = [1.0 / (end - start) ** 2 if end > start else 0.0 for start, end in pairwise(first)]
        self.smalltalk = frozenset(index.smalltalk)


class RecallBounds:
    """Bounds on the scores of a small base's entries for one question, from what pre-selection read: each
    entry's best recall (``recall``, entries sharing no term left out; read again whole when pre-selection's
    budget left postings ``unread``) and the weight of the question it holds (``found``)."""

    __slots__ = ("answer_most", "found", "index", "partial", "recall", "smalltalk", "unread", "without_answer")

    def __init__(self, index: Index, recall: dict[int, float], found: list[float],
                 partial: list[float] | dict[int, float], unread: list[tuple[float, Sequence[int], int]],
                 tables: EntryTables) -> None:
        """``partial``: the weight of the terms read in each phrasing (a list over all, or a dict of those met),
        to which the ``unread`` postings (as (IDF, posting, how much of it was read)) are added when bounds are
        asked for. ``tables``: the index's (``EntryTables``)."""
        self.index = index
        self.answer_most, self.smalltalk = tables.answer_most, tables.smalltalk
        self.recall = recall
        self.found = found
        self.partial = partial
        self.unread = unread
        self.without_answer: dict[int, float] = {}  # entry -> its bound's sum, less the answer's share

    def above(self, query_weight: float, length: float, real_cut: float,
              smalltalk_cut: float) -> list[tuple[float, int]]:
        """Return (bound on the weighted sum, entry) for every entry sharing a term with the question whose
        bound reaches ``real_cut`` (``smalltalk_cut`` for small talk), highest first (ties: the earlier entry).
        An entry that may hold the question word for word is bounded by infinity."""
        if self.unread:  # the budget left postings unread: read them now, every recall is needed exactly
            self._read_unread()
        w = WEIGHTS
        w_recall, w_answer = max(w.recall, 0.0), max(w.answer, 0.0)
        # per unit of the question's weight held (coverage · query_weight)
        w_bm25 = max(w.bm25, 0.0) / query_weight
        w_held = (max(w.coverage, 0.0) + max(w.precision, 0.0)) / query_weight + w_bm25
        w_both = max(w.recall_coverage, 0.0) / query_weight
        w_balance = max(w.balance, 0.0) / math.sqrt(query_weight)
        w_lexical, w_lexical_held = w.lexical, w.lexical_coverage / query_weight
        fixed = w.length * length + w.bias + sum(max(0.0, w.by_name[name]) * most for name, most in SIGNALS
                                                 if name not in BOUNDED_HERE)
        least_real, least_smalltalk = least_sum(real_cut), least_sum(smalltalk_cut)
        least = min(least_real, least_smalltalk)
        least -= 2 * SLACK * (1.0 + abs(least))  # (the slack is added to the few bounds that pass)
        found, recall = self.found, self.recall
        # Written as comprehensions over all entries met: most are far below the cut-off, and this runs for
        # every question, so the loop is kept to arithmetic.
        owners = list(recall)
        helds = list(map(found.__getitem__, owners))
        sums = [fixed + (w_recall + w_both * held) * its_recall + w_held * held
                + w_balance * math.sqrt(its_recall * held) + (lexical if (lexical := w_lexical + w_lexical_held * held)
                                                              > 0.0 else 0.0)
                for its_recall, held in zip(recall.values(), helds)]
        answer_most = self.answer_most
        passing = [(z, owner) for z, owner in zip(sums, owners) if z + w_answer * answer_most[owner] >= least]
        without_answer, smalltalk = self.without_answer, self.smalltalk
        out: list[tuple[float, int]] = []
        for z, owner in passing:
            most = z + w_answer * answer_most[owner]
            most += SLACK * (1.0 + abs(most))
            if most >= (least_smalltalk if owner in smalltalk else least_real):
                without_answer[owner] = z - w_bm25 * found[owner]  # (closer works both out)
                out.append((most, owner))
        if max(recall.values(), default=0.0) >= 1.0 - 1e-9:
            verbatim = query_weight * (1.0 - 1e-9)
            for owner, its_recall in recall.items():
                if its_recall >= 1.0 - 1e-9 and found[owner] >= verbatim:
                    without_answer[owner] = math.inf  # it may hold the question word for word: a score of 100
                    out.append((math.inf, owner))
        out.sort(key=lambda item: (-item[0], item[1]))
        return out

    def read_unread(self) -> None:
        """Read now the postings pre-selection's budget left unread, as ``above`` would at its first call: bounds
        shared by callers asking at once (``candidates.Reading``) are then never added to twice."""
        if self.unread:
            self._read_unread()

    def _read_unread(self) -> None:
        shared = self.partial
        if isinstance(shared, list):
            for weight, posting, read in self.unread:
                for phrasing in posting[read:]:
                    shared[phrasing] += weight
            self.recall = best_recalls(self.index, shared)
        else:  # a dict of the phrasings met (an index without ``inverse_weights``)
            for weight, posting, read in self.unread:
                for phrasing in posting[read:]:
                    shared[phrasing] = shared.get(phrasing, 0.0) + weight
            self.recall = met_recalls(self.index, shared)
        self.unread = []

    def closer(self, owner: int, query_terms: set[str], query_weight: float, answer: AnswerTerms) -> float:
        """Entry ``owner``'s bound on the weighted sum (once ``above`` has bounded it) with its ``bm25`` and
        ``answer`` signals worked out (``signals.entry_signals``, ``answer_signal.answer_share``) rather than bounded:
        a few lookups, worth it for the few entries whose first bound reaches the cut-off."""
        z = self.without_answer[owner]
        if math.isinf(z):
            return z
        index, w = self.index, WEIGHTS
        counts = index.entry_term_counts
        if counts is None:
            bm25 = self.found[owner] / query_weight
        else:
            held = counts[owner]
            frequencies = {term: held[term] for term in query_terms & held.keys()}
            bm25 = entry_signals(frequencies, index.entry_length[owner], index.average_length, index.idf,
                                 query_weight)[1]
        z += max(w.bm25, 0.0) * bm25 + max(w.answer, 0.0) * answer_share(index, owner, set(), answer)
        return z + SLACK * (1.0 + abs(z))
