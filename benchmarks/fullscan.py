"""A fast, exact stand-in for the matcher's full scan, for the benchmark's ``agree`` job only.

The full scan (``worker.PRESELECTION_KNOBS`` set to infinity) scores every entry that has a phrasing sharing
a term with the question: about 22 s a question in pure Python at 100,000 entries. ``FullScan`` gives the
same ``reply(query)`` while scoring only the entries that can matter. See ``FullScan`` for the argument.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from typing import Any

from assistant.matcher import _B, _K1, _SHORT_QUERY, _TEMPERATURE, WEIGHTS, Matcher, _Scored
from assistant.models import Reply
from assistant.normalize import sound_key, terms

_SLACK = 1e-9
"""Added to each upper bound on ``z``: the bounds add up the same terms in another order than the scoring
does, so they may be off by a few units in the last place."""

_ROUNDING = 0.051
"""A Match's score is rounded to 0.1 before ``_decide`` compares it: an entry below a cut-off minus this
stays below the cut-off once rounded."""


def _logistic(z: float) -> float:
    """``_Features.scored``'s score for ``z``, before its 99.9 cap (which is monotone too)."""
    return 100.0 / (1.0 + math.exp(-max(min(z / _TEMPERATURE, 40.0), -40.0)))


class FullScan(Matcher):
    """Replies exactly as ``Matcher.reply(query)`` does with no candidate pre-selection, scoring fewer entries.

    Only ``reply(query)`` is supported (no ``previous``: follow-ups score other texts too, see below).

    **Bounds.** An entry's score is ``100 / (1 + exp(-z / T))`` (clamped, capped at 99.9), increasing in
    ``z = Σ WEIGHTS[i] · signal[i]`` (``_Features.vector``), except that a phrasing equal to the normalized
    question scores exactly 100. Reading *every* posting of the question's terms gives, exactly (up to the
    order floating-point sums are taken in, hence ``_SLACK``):

    * each phrasing's shared term weight, hence its recall and precision, so the entry's ``recall``,
      ``precision`` (negative weight: known exactly, nothing to bound) and ``balance``;
    * how many of each entry's phrasings hold each query term, hence ``coverage`` and ``bm25`` exactly as
      ``_entry_signals`` computes them (with ``exclude`` = -1 every phrasing counts and the entry length is
      ``_entry_length``);
    * ``length``, a constant of the question.

    Only ``lexical`` (the best fuzz ratio, in [0, 1]) is unknown: its terms ``w0·lexical + w6·lexical·coverage``
    are at most ``max(0, w0 + w6·coverage)``. That gives an upper bound ``ub(e)`` on every entry's score.
    The entries sharing a term with the question are exactly those the full scan scores.

    **Which entries are scored.** Small-talk entries and the out-of-scope pseudo-entry (small talk too)
    always, and any entry owning a phrasing equal to the question (the 100 override). Then the real entries
    in decreasing order of ``ub``, with ``Matcher._entry_features`` + ``.scored()`` exactly as
    ``Matcher._features`` / ``_score_text`` do, until the next bound is below ``θ = max(θ0, s4)``, where
    ``s4`` is the 4th best real score so far (−∞ before four) and ``θ0 = min(0.75·suggest, answer − margin)
    − 0.051``; and, when the question is short and holds an out-of-scope term (so that ``_candidates``
    checks the best real entry's phrasings for it), also below the best real score so far. Every entry
    left out thus scores strictly below θ (and below the best real entry in that case), whatever its
    lexical signal, and once rounded to 0.1 as in a ``Match``, strictly below ``0.75·suggest`` and
    ``answer − margin`` when ``θ = θ0``.

    **Why those left out cannot change the reply.** ``_candidates`` pops the out-of-scope entry (exact),
    ranks the real entries (top 5 by score, then lower index) and, unless the best real one reaches
    ``suggest``, all entries. ``_decide`` then reads only ranked[0] (status and match), ranked[1]'s score
    (runner-up), ranked[:4] filtered at ``suggest`` and ranked[:2] filtered at 0.75·suggest. Scored entries
    get the very scores the full scan gives them, so:

    * if ``θ = s4``: four scored real entries outscore every left-out one, so ranked[:4] is the same in both
      (the 5th place, which may differ, is never read) — in the small-talk ranking too, since small talk is
      all scored;
    * if ``θ = θ0``: every entry scoring at least θ0 is scored, so the ranking's prefix of entries at or
      above θ0 is the same, and every other entry, rounded, is below 0.75·suggest (≤ suggest) and below
      answer − margin. Hence the same answer to "best real ≥ suggest" (which ranking), the same
      suggestions from ranked[:4] and ranked[:2] (each at least 0.75·suggest), the same status "none" when
      ranked[0] is below ``suggest``, and the same ranked[0] whenever it is at least 0.75·suggest. A
      runner-up that differs is below answer − margin in both, so when the best reaches ``answer`` its lead
      is clear in both, and when it does not the runner-up is not read;
    * ``refused`` compares the out-of-scope score with ``max(best score, suggest)``: left-out entries are
      below ``suggest``, so they do not change it; the out-of-scope-term check reads the best real entry,
      which is exact when that check can run (short question holding such a term) by the extra condition.

    So the reply has the same status, answered entry and suggestions as the full scan's, and the same
    match (entry and score) whenever its score is at least 0.75·suggest; below that the match itself may
    be another weak entry.
    """

    stats: dict[str, Any]
    """How the last question went: entries sharing a term with it, entries scored."""
    keep_bounds = False
    """Set to keep the last question's bounds in ``stats`` (to check them against the full scan's scores)."""

    @classmethod
    def of(cls, matcher: Matcher) -> FullScan:
        """A FullScan sharing every table of ``matcher`` (nothing is copied)."""
        full = cls.__new__(cls)
        full.__dict__.update(vars(matcher))
        full.stats = {}
        return full

    def reply(self, query: str, previous: str | None = None) -> Reply:
        if previous is not None:
            raise ValueError("FullScan answers questions on their own only (no previous question)")
        return super().reply(query)

    def search(self, query: str, limit: int = 5, *, smalltalk: bool = True) -> list[Any]:
        raise NotImplementedError("FullScan is exact for reply() only")

    def _score_text(self, text: str, exclude: int = -1, skip_entry: int = -1) -> dict[int, _Scored]:
        if exclude != -1 or skip_entry != -1:
            raise ValueError("FullScan scores whole questions only")
        # As Matcher._features does
        key = sound_key(text)
        query_terms = terms(key)
        query_weight = sum(self._idf.get(term, self._unknown_idf) for term in query_terms) or 1.0
        length = min(len(text), 60) / 60.0

        def score(owner: int) -> _Scored:
            features = self._entry_features(owner, text, key, query_terms, query_weight, exclude)
            assert features is not None  # it shares a term with the question
            features.length = length
            return features.scored()

        bounds, exact_owners = self._bounds(text, query_terms, query_weight, length)
        entries = self._entries
        scored: dict[int, _Scored] = {}
        for owner in exact_owners:
            scored[owner] = score(owner)
        for owner in bounds:
            if entries[owner].smalltalk and owner not in scored:
                scored[owner] = score(owner)
        limits = self.thresholds
        floor = min(0.75 * limits.suggest, limits.answer - limits.margin) - _ROUNDING
        foreign = len(text) <= _SHORT_QUERY and any(term in text for term in self._foreign_terms)
        top4: list[float] = []  # the best four real scores so far, a min-heap
        for owner, s in scored.items():
            if not entries[owner].smalltalk:
                self._keep(top4, s.score)
        order = sorted(((bound, owner) for owner, bound in bounds.items()
                        if owner not in scored and not entries[owner].smalltalk), reverse=True)
        done = 0
        for bound, owner in order:
            theta = max(floor, top4[0] if len(top4) == 4 else -math.inf)
            if foreign:  # the best real entry must be known: stop only below it too
                theta = min(theta, max(top4) if top4 else -math.inf)
            if bound < theta:
                break
            s = scored[owner] = score(owner)
            self._keep(top4, s.score)
            done += 1
        self.stats = {"sharing": len(bounds), "scored": len(scored), "bounded": done}
        if self.keep_bounds:
            self.stats.update(bounds=bounds, exact=exact_owners)
        return scored

    @staticmethod
    def _keep(top4: list[float], value: float) -> None:
        if len(top4) < 4:
            heapq.heappush(top4, value)
        elif value > top4[0]:
            heapq.heapreplace(top4, value)

    def _bounds(self, text: str, query_terms: set[str], query_weight: float,
                length: float) -> tuple[dict[int, float], list[int]]:
        """An upper bound on the score of every entry sharing a term with the question (by entry index),
        and the entries owning a phrasing equal to the question."""
        postings, idf, owner_of, weights = self._postings, self._idf, self._owner, self._weights
        present = [(term, postings[term]) for term in query_terms if term in postings]
        # Each phrasing's shared weight
        shared: dict[int, float] = {}
        get = shared.get
        for term, posting in present:
            weight = idf[term]
            for phrasing in posting:
                shared[phrasing] = get(phrasing, 0.0) + weight
        # Per entry: best recall, best precision (best shared weight), best recall·precision
        recall: dict[int, float] = {}
        best_shared: dict[int, float] = {}
        balance: dict[int, float] = {}
        for phrasing, weight in shared.items():
            owner = owner_of[phrasing]
            its_recall = weight / (weights[phrasing] or 1.0)
            if owner in recall:
                if its_recall > recall[owner]:
                    recall[owner] = its_recall
                if weight > best_shared[owner]:
                    best_shared[owner] = weight
                if its_recall * weight > balance[owner]:
                    balance[owner] = its_recall * weight
            else:
                recall[owner] = its_recall
                best_shared[owner] = weight
                balance[owner] = its_recall * weight
        # Per entry: coverage and BM25, from how many of its phrasings hold each term
        covered: dict[int, float] = dict.fromkeys(recall, 0.0)
        bm25: dict[int, float] = dict.fromkeys(recall, 0.0)
        entry_length, average = self._entry_length, self._average_length or 1.0
        for term, posting in present:
            weight = idf[term]
            for owner, frequency in Counter(map(owner_of.__getitem__, posting)).items():
                covered[owner] += weight
                bm25[owner] += weight * frequency * (_K1 + 1) / (
                    frequency + _K1 * (1 - _B + _B * entry_length[owner] / average))
        w = WEIGHTS
        constant = w[5] * length + w[9] + _SLACK * 10
        bounds: dict[int, float] = {}
        for owner, its_recall in recall.items():
            coverage = covered[owner] / query_weight
            precision = best_shared[owner] / query_weight
            z = (max(0.0, w[0] + w[6] * coverage) + w[1] * its_recall + w[2] * precision
                 + w[3] * math.sqrt(balance[owner] / query_weight) + w[4] * coverage
                 + w[7] * its_recall * coverage + w[8] * bm25[owner] / (query_weight * (_K1 + 1)) + constant)
            bounds[owner] = _logistic(z + _SLACK * (1 + abs(z)))
        # The 100 override: a phrasing equal to the question holds all its terms
        exact: list[int] = []
        if present and len(present) == len(query_terms):
            texts = self._texts
            rarest = min((posting for _, posting in present), key=len)
            exact = list(dict.fromkeys(owner_of[p] for p in rarest if texts[p] == text))
        return bounds, exact

