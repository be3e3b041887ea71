"""A fast, exact stand-in for the matcher's full scan, for the benchmark's ``agree`` job only.

The full scan (``worker.PRESELECTION_KNOBS`` set to infinity) scores every entry that has a phrasing sharing
a term with the question: about 22 s a question in pure Python at 100,000 entries (2 s at 10,000). ``FullScan``
gives the same ``reply(query)`` while scoring only the entries that can change it: about 0.4 s a question at
100,000 entries, after 6–8 s of preparation (0.07 s at 10,000); see ``FullScan`` for the argument.
``PYTHONPATH=. python benchmarks/fullscan.py [SIZE|real ...]`` checks it against the full scan itself.
"""

from __future__ import annotations

import heapq
import math
import sys
import time
from array import array
from collections import Counter
from operator import truediv
from typing import Any

from assistant.matcher import _B, _K1, _TEMPERATURE, WEIGHTS, Matcher, _Scored
from assistant.models import Reply

_SLACK = 1e-9
"""Relative margin added to each bound on ``z``: bounds add up the same weights in another order than the
scoring does, so they may be off by a few units in the last place."""

_LEVELS = (0.8, 1.0, 1.3, 1.7, 2.2)
"""IDF levels for which each phrasing's weight in terms at most that common is kept (see ``FullScan.of``)."""

_SPECIAL_SHARE, _SPECIAL_LEAST = 0.01, 64
"""At each level, how many real entries (a share of them, and at least) most made of common terms are bounded
one by one when common terms are not read; the others are bounded all together."""


def _logistic(z: float) -> float:
    """``_Features.scored``'s score for ``z``, before its 99.9 cap (monotone too)."""
    return 100.0 / (1.0 + math.exp(-max(min(z / _TEMPERATURE, 40.0), -40.0)))


def _bound(least_coverage: float, recall: float, least_precision: float, balance: float, coverage: float,
           length: float, bm25: float) -> float:
    """The bound on a score whose signals are bounded so: recall, balance (max of recall × precision, before
    its square root), coverage and BM25 from above; coverage and precision from below too (precision's weight
    is negative, and so is lexical × coverage's); lexical anywhere in [0, 1]."""
    w = WEIGHTS
    z = (max(0.0, w[0] + w[6] * least_coverage) + w[1] * recall + w[2] * least_precision
         + w[3] * math.sqrt(balance) + w[4] * coverage + w[5] * length + w[7] * recall * coverage + w[8] * bm25
         + w[9])
    return _logistic(z + _SLACK * (1 + abs(z)))


class _Level:
    """What is known of the common terms (IDF at most ``idf``) without reading their postings.

    ``phrasing[p]``: phrasing p's weight in such terms; ``entry[e]``: the largest share of such terms in the
    weight of any phrasing of entry e (a bound on the recall they alone can give); ``special``: the real
    entries with the largest shares, bounded one by one; ``other_share`` and ``other_lightest``: the largest
    share and the lightest phrasing among all other real entries. The last level (infinite IDF) knows nothing:
    every term counts, shares are 1, and its special entries are those with the lightest phrasings.
    """

    __slots__ = ("entry", "idf", "other_lightest", "other_share", "phrasing", "special")

    def __init__(self, idf: float, phrasing: array[float] | None, entry: array[float] | None, special: list[int],
                 other_share: float, other_lightest: float) -> None:
        self.idf = idf
        self.phrasing = phrasing
        self.entry = entry
        self.special = special
        self.other_share = other_share
        self.other_lightest = other_lightest


class FullScan(Matcher):
    """Replies exactly as ``Matcher.reply(query)`` does with no candidate pre-selection, scoring fewer entries.

    Only ``reply(query)`` is supported, without ``previous`` (follow-ups score other texts too).

    **Bounds.** An entry's score is ``100 / (1 + exp(-z / T))`` (clamped, capped at 99.9), increasing in
    ``z = Σ WEIGHTS[i] · signal[i]`` (``_Features.vector``), except that a phrasing equal to the normalized
    question scores exactly 100. The signals, for the question's terms Q (of weight ``W = Σ idf``):

    * per phrasing p, its shared weight ``s(p) = Σ idf`` of the terms of Q it holds: recall ``s/w(p)`` (w(p) the
      phrasing's weight), precision ``s/W``; the entry takes the best of each and of recall × precision
      (balance, square root), over its phrasings sharing a term;
    * coverage: the weight of the terms of Q held anywhere in the entry, over W; BM25 from how many of its
      phrasings hold each (``_entry_signals``; with ``exclude`` = -1 the length is ``_entry_length``);
    * length, a constant of the question; lexical (best fuzz ratio, in [0, 1]), unknown.

    The commonest terms of Q (set U, weight ``W_U``) need not be read: a phrasing holds at most ``W_U`` of them,
    and at most its own weight in terms as common (kept per phrasing for a few IDF levels, ``_LEVELS``). Reading
    the postings of the other terms gives exactly their part of every phrasing's shared weight and of every
    entry's coverage and BM25; adding at most ``min(W_U, common weight)`` per phrasing, ``W_U`` to coverage and
    ``W_U · n/(n + K)`` to BM25's sum (a term held by all n phrasings) bounds every signal from above, and the
    part read bounds precision and coverage from below (negative weights: precision, lexical × coverage, the
    latter taken as ``max(0, w0 + w6 · coverage)`` over lexical in [0, 1]). An entry holding none of the terms
    read is bounded by ``W_U`` and its phrasings' largest share of common terms alone; U is the largest set of
    commonest terms for which that bound, taken over all entries but a few bounded one by one, is below θ
    (below). With U empty, every bound is exact but for lexical.

    **Which entries are scored,** with ``Matcher._entry_features`` + ``.scored()`` exactly as
    ``Matcher._features`` / ``_score_text`` do (an entry sharing no term gets no features and, as in the full
    scan, no score): small-talk entries and the out-of-scope pseudo-entry (small talk too), always; any entry
    owning a phrasing equal to the question (the 100 override); the pre-selection's own candidates (cheap, and
    they give θ a good start); then the other entries in decreasing order of bound, until the next bound is
    below ``θ = max(θ0, s4)``: ``s4`` the 4th best real score so far (−∞ before four), and
    ``θ0 = min(0.75·suggest, answer − margin) − 0.051``. When the question is short and holds an out-of-scope
    term (so that ``_candidates`` checks the best real entry's phrasings for it), θ is also at most the best
    real score so far (−∞ before one), so that the best real entry is known; with ``exact_top`` (the default),
    θ is also at most the best score of any entry but the out-of-scope one, so that the best match is known
    even when weak. θ only grows, so every entry left out scores below the final θ, whatever its lexical
    signal; and once rounded to 0.1 (as in a ``Match``), an entry below θ0 is below 0.75·suggest and
    answer − margin.

    **Why the entries left out cannot change the reply.** ``_candidates`` pops the out-of-scope entry (exact),
    ranks the real entries (top 5 by score, then lower index) and, unless the best real one reaches
    ``suggest``, all entries. ``_decide`` reads only ranked[0] (status and match), ranked[1]'s score
    (runner-up), ranked[:4] filtered at ``suggest`` and ranked[:2] filtered at 0.75·suggest. Scored entries get
    the very scores the full scan gives them, so:

    * if ``θ = s4``: four scored real entries outscore every entry left out, so ranked[:4] is the same (the 5th
      place, never read, may differ), in the ranking of all entries too, since small talk is all scored;
    * if ``θ = θ0``: every entry scoring at least θ0 is scored, so the rankings' prefixes of entries at or above
      θ0 are the same, and every other entry, rounded, is below 0.75·suggest and below answer − margin. Hence
      the same choice of ranking (best real ≥ suggest?), the same suggestions from ranked[:4] and ranked[:2]
      (each at least 0.75·suggest), status "none" in both when ranked[0] is below ``suggest``, and the same
      ranked[0] whenever it is at least 0.75·suggest. A runner-up that differs is below answer − margin in
      both, so a best match reaching ``answer`` leads clearly in both, and one below it does not answer;
    * ``refused`` compares the out-of-scope score with ``max(best score, suggest)``: entries left out are below
      ``suggest`` and do not change it; the out-of-scope-term check reads the best real entry, exact whenever
      that check can run (short question holding such a term).

    So the reply has the same status, answered entry and suggestions as the full scan's, and the same match
    (entry, score, phrasing) whenever its score is at least 0.75·suggest; below that, the match is the same
    with ``exact_top`` (ranked[0] is the best real entry or the best of all, both known), and may be another
    weak entry without. ``python benchmarks/fullscan.py`` checks all of this, and every bound, against the
    full scan itself.
    """

    stats: dict[str, Any]
    """How the last question went: postings read and in all, entries bounded and scored."""
    keep_bounds = False
    """Set to keep the last question's bounds in ``stats`` (to check them against the full scan's scores)."""
    exact_top = True
    """Also find the best match when it is weak (below 0.75·suggest), so that ``reply.match`` is always the full
    scan's: the benchmark compares the top entries even under "none"."""
    _levels: list[_Level]
    _lightest: array[float]
    _saturation: array[float]
    _normalization: array[float]

    @classmethod
    def of(cls, matcher: Matcher) -> FullScan:
        """A FullScan sharing every table of ``matcher``, plus a few of its own: per entry, its lightest
        phrasing's weight and BM25 figures; per IDF level, each phrasing's weight in terms at most that common
        (reading their postings once: 6–8 s at 100,000 entries)."""
        full = cls.__new__(cls)
        full.__dict__.update(vars(matcher))
        full.stats = {}
        entries, first, weights = full._entries, full._first_phrasing, full._weights
        count = len(entries)
        average = full._average_length or 1.0
        # Per entry: BM25's length normalization K and the most a term held by all n phrasings adds to
        # BM25's sum, as a share n / (n + K) of its IDF
        full._normalization = array("d", bytes(8 * count))
        full._saturation = array("d", bytes(8 * count))
        full._lightest = array("d", bytes(8 * count))
        for owner in range(count):
            low, high = first[owner], first[owner + 1]
            normalization = _K1 * (1 - _B + _B * full._entry_length[owner] / average)
            full._normalization[owner] = normalization
            full._saturation[owner] = (high - low) / ((high - low) + normalization)
            full._lightest[owner] = min(weights[low:high]) if high > low else math.inf
        real = [owner for owner, entry in enumerate(entries) if not entry.smalltalk]
        special = max(_SPECIAL_LEAST, int(len(real) * _SPECIAL_SHARE))
        # Each phrasing's weight in terms up to each level, and per entry the largest share of it in a phrasing
        full._levels = []
        common = array("d", bytes(8 * len(weights)))
        by_idf = sorted((idf, term) for term, idf in full._idf.items() if idf <= _LEVELS[-1])
        position = 0
        for level in _LEVELS:
            while position < len(by_idf) and by_idf[position][0] <= level:
                idf, term = by_idf[position]
                position += 1
                for phrasing in full._postings[term]:
                    common[phrasing] += idf
            share = array("d", bytes(8 * count))
            for owner in range(count):
                low, high = first[owner], first[owner + 1]
                if high > low:
                    share[owner] = max(map(truediv, common[low:high], weights[low:high]))
            ranked = sorted(real, key=share.__getitem__, reverse=True)
            others = ranked[special:]
            full._levels.append(_Level(level, array("d", common), share, ranked[:special],
                                       max((share[o] for o in others), default=0.0),
                                       min((full._lightest[o] for o in others), default=math.inf)))
        ranked = sorted(real, key=full._lightest.__getitem__)
        full._levels.append(_Level(math.inf, None, None, ranked[:special], 1.0,
                                   min((full._lightest[o] for o in ranked[special:]), default=math.inf)))
        return full

    def reply(self, query: str, previous: str | None = None) -> Reply:
        if previous is not None:
            raise ValueError("FullScan answers questions on their own only (no previous question)")
        return super().reply(query)

    def search(self, query: str, limit: int = 5, *, smalltalk: bool = True) -> list[Any]:
        raise NotImplementedError("FullScan is exact for reply() only")

    def _score_text(self, text: str, exclude: int = -1, skip_entry: int = -1, keep: int = 4,
                    floor: float | None = None) -> dict[int, _Scored]:
        if exclude != -1 or skip_entry != -1 or keep != 4 or floor is not None:
            raise ValueError("FullScan scores whole questions only")
        key, query_terms, query_weight, length = self._query(text)  # as Matcher._features does
        entries = self._entries
        scored: dict[int, _Scored] = {}
        top4: list[float] = []  # the best four real scores so far, a min-heap
        best = [-math.inf, -math.inf]  # the best real score so far, and the best of any entry but out-of-scope

        def score(owner: int) -> None:
            features = self._entry_features(owner, text, key, query_terms, query_weight, exclude)
            if features is None:  # no phrasing shares a term with the question: the full scan skips it too
                return
            features.length = length
            found = scored[owner] = features.scored()
            if owner != self._negative:
                best[1] = max(best[1], found.score)
            if not entries[owner].smalltalk:
                if len(top4) < 4:
                    heapq.heappush(top4, found.score)
                elif found.score > top4[0]:
                    heapq.heapreplace(top4, found.score)
                best[0] = max(best[0], found.score)

        floor = self._decision_floor()
        foreign = self._may_name_another_product(text)

        def theta() -> float:
            cut = max(floor, top4[0] if len(top4) == 4 else -math.inf)
            if foreign:  # the best real entry must be known too
                cut = min(cut, best[0])
            if self.exact_top:  # and the best of all, however weak
                cut = min(cut, best[1])
            return cut

        postings, idf = self._postings, self._idf
        present = sorted((idf[term], len(postings[term]), term) for term in query_terms if term in postings)
        # Scored whatever the bounds: small talk and the out-of-scope entry, any entry with a phrasing equal
        # to the question (it scores 100, above any bound), and, for a first θ, the pre-selection's choice
        for owner in self._smalltalk:
            score(owner)
        for owner in self._verbatim(text, len(query_terms), present, query_weight):
            if owner not in scored:
                score(owner)
        for owner in Matcher._candidate_entries(self, query_terms, query_weight)[0]:
            if owner not in scored:
                score(owner)
        # The commonest terms are not read as long as the entries holding none of the others stay below θ
        first_theta = theta()
        unread = 0.0
        cut = 0
        level = self._levels[0]
        while cut < len(present):
            more = unread + present[cut][0]
            its_level = self._level(present[cut][0])
            if self._others_bound(its_level, more, query_weight, length) >= first_theta:
                break
            unread, level = more, its_level
            cut += 1
        read = [term for _, _, term in present[cut:]]
        bounds = self._entry_bounds(read, unread, level if cut else None, query_weight, length)
        order = sorted(((bound, owner) for owner, bound in bounds.items() if owner not in scored), reverse=True)
        bounded = 0
        for bound, owner in order:
            if bound < theta():
                break
            score(owner)
            bounded += 1
        self.stats = {"read": sum(size for _, size, _ in present[cut:]),
                      "postings": sum(size for _, size, _ in present), "bounded": len(bounds),
                      "scored": len(scored), "scored_by_bound": bounded}
        if self.keep_bounds:
            others = self._others_bound(level, unread, query_weight, length) if cut else -math.inf
            self.stats.update(bounds=bounds, first_theta=first_theta, others=others)
        return scored

    def _level(self, idf: float) -> _Level:
        """The first level covering terms of this IDF."""
        for level in self._levels:
            if idf <= level.idf:
                return level
        raise AssertionError("the last level covers every term")

    def _verbatim(self, text: str, query_terms: int, present: list[tuple[float, int, str]],
                  query_weight: float) -> list[int]:
        """The entries with a phrasing equal to the question: it holds every term of the question (so it is in
        the postings of the rarest), and its weight is the question's."""
        if not present or len(present) < query_terms:
            return []
        term = min(present, key=lambda item: item[1])[2]
        weights, texts = self._weights, self._texts
        margin = 1e-6 * max(query_weight, 1.0)
        return list(dict.fromkeys(self._owner[p] for p in self._postings[term]
                                  if abs(weights[p] - query_weight) <= margin and texts[p] == text))

    @staticmethod
    def _untouched(share: float, lightest: float, saturation: float, unread: float, query_weight: float,
                   length: float) -> float:
        """The bound for an entry holding none of the terms read: its phrasings share at most ``unread``, and at
        most ``share`` of their weight (``lightest``: the lightest phrasing's weight)."""
        recall = min(1.0, share, unread / lightest)
        coverage = unread / query_weight
        return _bound(0.0, recall, 0.0, recall * unread / query_weight, coverage, length, coverage * saturation)

    def _others_bound(self, level: _Level, unread: float, query_weight: float, length: float) -> float:
        """The bound for every real entry but the level's special ones, holding none of the terms read."""
        return self._untouched(level.other_share, level.other_lightest, 1.0, unread, query_weight, length)

    def _entry_bounds(self, read: list[str], unread: float, level: _Level | None, query_weight: float,
                      length: float) -> dict[int, float]:
        """A bound on the score of every real entry holding a term of ``read`` or special at ``level`` (by entry
        index), when the terms not read (all at most as common as ``level`` says) weigh ``unread`` in all."""
        postings, idf, owner_of, weights = self._postings, self._idf, self._owner, self._weights
        # Each phrasing's shared weight in the terms read
        shared: dict[int, float] = {}
        get = shared.get
        for term in read:
            weight = idf[term]
            for phrasing in postings[term]:
                shared[phrasing] = get(phrasing, 0.0) + weight
        # Per entry: the best recall, the best shared weight read (a lower bound of precision's) and the best
        # recall × shared weight, each phrasing counted with the most it can share of the terms not read
        common = level.phrasing if level is not None else None
        recall: dict[int, float] = {}
        best_shared: dict[int, float] = {}
        balance: dict[int, float] = {}
        for phrasing, weight in shared.items():
            owner = owner_of[phrasing]
            phrasing_weight = weights[phrasing]
            most = weight + (min(unread, common[phrasing]) if common is not None else unread)
            if most > phrasing_weight:
                most = phrasing_weight
            its_recall = most / phrasing_weight
            if owner in recall:
                if its_recall > recall[owner]:
                    recall[owner] = its_recall
                if weight > best_shared[owner]:
                    best_shared[owner] = weight
                if its_recall * most > balance[owner]:
                    balance[owner] = its_recall * most
            else:
                recall[owner] = its_recall
                best_shared[owner] = weight
                balance[owner] = its_recall * most
        # Per entry: coverage and BM25's sum of the terms read, from how many of its phrasings hold each
        covered: dict[int, float] = dict.fromkeys(recall, 0.0)
        bm25: dict[int, float] = dict.fromkeys(recall, 0.0)
        normalization = self._normalization
        for term in read:
            weight = idf[term]
            for owner, frequency in Counter(map(owner_of.__getitem__, postings[term])).items():
                covered[owner] += weight
                bm25[owner] += weight * frequency / (frequency + normalization[owner])
        entries, lightest, saturation = self._entries, self._lightest, self._saturation
        shares = level.entry if level is not None else None
        bounds: dict[int, float] = {}
        for owner, its_recall in recall.items():
            if entries[owner].smalltalk:
                continue
            its_balance = balance[owner]
            if unread:  # phrasings holding no term read
                untouched = min(1.0, shares[owner] if shares is not None else 1.0, unread / lightest[owner])
                its_recall = max(its_recall, untouched)
                its_balance = max(its_balance, untouched * unread)
            bounds[owner] = _bound(covered[owner] / query_weight, its_recall, best_shared[owner] / query_weight,
                                   its_balance / query_weight, (covered[owner] + unread) / query_weight, length,
                                   (bm25[owner] + unread * saturation[owner]) / query_weight)
        if level is not None:
            for owner in level.special:
                if owner not in bounds:
                    share = shares[owner] if shares is not None else 1.0
                    bounds[owner] = self._untouched(share, lightest[owner], saturation[owner], unread,
                                                    query_weight, length)
        return bounds


# -- checking it against the full scan ---------------------------------------------------------------------


def compare(matcher: Matcher, queries: list[str], *, fast: FullScan | None = None) -> dict[str, Any]:
    """Answer ``queries`` with FullScan and with the full scan itself, and count what differs.

    Checked per question: what the person is shown (``worker._said``: status, answered entry, suggestions),
    the match (entry, score, phrasing): always, or with ``exact_top`` off whenever either score is at least
    0.75·suggest; and every bound: each
    real entry the full scan scores below 100 must score at most its bound, or, not bounded one by one, at
    most the bound of all the others, itself below θ.
    """
    from worker import _said, brute_force

    fast = fast if fast is not None else FullScan.of(matcher)
    fast.keep_bounds = True
    full = brute_force(matcher)
    seen: dict[str, dict[int, _Scored]] = {}
    scan = full._score_text

    def recording(text: str, exclude: int = -1, skip_entry: int = -1) -> dict[int, _Scored]:
        found = scan(text, exclude, skip_entry)
        seen["scored"] = dict(found)  # before _candidates pops the out-of-scope entry
        return found

    full._score_text = recording  # type: ignore[method-assign]
    cut = 0.75 * matcher.thresholds.suggest
    out: dict[str, Any] = {"questions": len(queries), "same_reply": 0, "matches_checked": 0, "same_match": 0,
                           "bounds_checked": 0, "bounds_violated": 0, "smallest_margin": math.inf,
                           "entries_scored": 0, "entries_sharing": 0, "questions_with_unread_terms": 0,
                           "differences": []}
    spent_fast = spent_full = 0.0
    for query in queries:
        fast.stats = {}
        seen.clear()
        started = time.perf_counter()
        mine = fast.reply(query)
        middle = time.perf_counter()
        theirs = full.reply(query)
        spent_fast += middle - started
        spent_full += time.perf_counter() - middle
        same = _said(mine) == _said(theirs)
        out["same_reply"] += same
        same_match = True
        if fast.exact_top or max(mine.score, theirs.score) >= cut:
            out["matches_checked"] += 1
            same_match = mine.match == theirs.match
            out["same_match"] += same_match
        if not (same and same_match) and len(out["differences"]) < 20:
            out["differences"].append({"q": query, "fast": [*_said(mine), mine.score],
                                       "full_scan": [*_said(theirs), theirs.score]})
        stats, scored = fast.stats, seen.get("scored", {})
        out["entries_scored"] += stats.get("scored", 0)
        out["entries_sharing"] += len(scored)
        out["questions_with_unread_terms"] += stats.get("read", 0) < stats.get("postings", 0)
        bounds = stats.get("bounds", {})
        for owner, found in scored.items():
            if found.score >= 100.0 or matcher._entries[owner].smalltalk:
                continue
            out["bounds_checked"] += 1
            if owner in bounds:
                margin = bounds[owner] - found.score
            else:
                margin = min(stats["others"], stats["first_theta"]) - found.score
            out["smallest_margin"] = min(out["smallest_margin"], margin)
            if margin < 0:
                out["bounds_violated"] += 1
                if len(out["differences"]) < 20:
                    out["differences"].append({"q": query, "bound_violated": matcher._entries[owner].id,
                                               "score": found.score, "bound": bounds.get(owner)})
    count = max(len(queries), 1)
    out.update(fast_mean_ms=spent_fast / count * 1000, full_scan_mean_ms=spent_full / count * 1000,
               speed_up=spent_full / spent_fast if spent_fast else None)
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import os
    import random
    from pathlib import Path

    import synth

    from assistant import Thresholds
    from assistant.cache import load_matcher

    parser = argparse.ArgumentParser(description="Check FullScan against the full scan on the benchmark's bases.")
    parser.add_argument("sizes", nargs="*", default=["real", "1000"], help="'real' and/or entry counts")
    cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    parser.add_argument("--workdir", default=os.path.join(cache_home, "assistant-bench"),
                        help="where synthetic bases are (default: run.py's)")
    parser.add_argument("--queries", type=int, help="only the first N questions of the mix")
    parser.add_argument("--verbatim", type=int, default=0, help="also ask N phrasings of the base word for word")
    parser.add_argument("--thresholds", help="answer,margin,confident,suggest (default: the matcher's)")
    parser.add_argument("--fast-only", action="store_true", help="time FullScan alone (no full scan)")
    parser.add_argument("--weak-top", action="store_true",
                        help="FullScan.exact_top off: a match below 0.75·suggest may differ")
    args = parser.parse_args(argv)
    thresholds = Thresholds(*map(float, args.thresholds.split(","))) if args.thresholds else None
    repo = Path(__file__).resolve().parent.parent
    for size in args.sizes:
        if size == "real":
            path, paraphrases = None, []
        else:
            folder, paraphrases = synth.build_base(int(size), Path(args.workdir))
            path = str(folder)
        queries = [query.q for query in synth.question_mix(repo, paraphrases)]
        if args.queries:
            queries = queries[:args.queries]
        started = time.perf_counter()
        matcher = load_matcher(path, thresholds=thresholds)
        loaded = time.perf_counter()
        fast = FullScan.of(matcher)
        fast.exact_top = not args.weak_top
        prepared = time.perf_counter()
        if args.verbatim:
            queries += random.Random(size).sample(matcher._raw, min(args.verbatim, len(matcher._raw)))
        result: dict[str, Any] = {"size": size, "entries": len(matcher._entries), "load_s": loaded - started,
                                  "prepare_s": prepared - loaded}
        if args.fast_only:
            times = []
            for query in queries:
                begin = time.perf_counter()
                fast.reply(query)
                times.append(time.perf_counter() - begin)
            times.sort()
            result.update(questions=len(queries), fast_mean_ms=sum(times) / len(times) * 1000,
                          fast_median_ms=times[len(times) // 2] * 1000, fast_max_ms=times[-1] * 1000)
        else:
            result.update(compare(matcher, queries, fast=fast))
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
