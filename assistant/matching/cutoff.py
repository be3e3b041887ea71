"""The lowest score an entry must reach to change what a reply or a search reads: the cut-off a candidate strategy
(``candidates``) compares an entry's bound with before scoring it.

The caller reads the best ``keep`` real entries reaching ``floor`` in the order ``ranking.rank`` puts them: the
entries it ranks after all others (``after``: ``names.Names.unnamed``, a bare list's entries not naming the product
the question names) come last, however high they score. It also reads the best of those entries as a runner-up the
best must lead (``Matcher``). So an entry ranked first matters when it reaches the ``keep``-th best score of the
entries ranked first, or whatever it scores while fewer are (it comes before every entry ranked after, which may
reach ``floor``); one ranked after, when it reaches the ``keep``-th best of those ranked after while fewer
than ``keep`` entries are ranked first, and else only when it is the best of them. A cut-off counting every entry
alike would skip an entry ranked first scoring below one ranked after: the top of ``search(limit=1)`` would then
differ from that of ``search(limit=5)``, and from scoring every entry.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable

RankedAfter = Callable[[int], bool]
"""Whether an entry (its place in ``index.entries``) is ranked after all the others (``names.Names.unnamed_by``)."""


class CutOff:
    """The cut-off of one question, raised as real entries are scored (``add``). ``foreign``: a short question
    naming another product reads the best real entry whatever its score (``foreign.may_name_another_product``),
    so the cut-off never rises above the best score met in an entry's rank."""

    __slots__ = ("_best", "_first", "_later", "after", "floor", "foreign", "keep")

    def __init__(self, keep: int, floor: float, foreign: bool, after: RankedAfter | None = None) -> None:
        self.keep, self.floor, self.foreign, self.after = keep, floor, foreign, after
        self._first: list[float] = []  # the best ``keep`` scores of the entries ranked first, a min-heap
        self._later: list[float] = []  # the same of the entries ranked after them
        self._best = [-math.inf, -math.inf]  # the best score so far of either rank

    def add(self, owner: int, score: float) -> None:
        """Count real entry ``owner`` scoring ``score``."""
        later = self.after is not None and self.after(owner)
        heap = self._later if later else self._first
        if len(heap) < self.keep:
            heapq.heappush(heap, score)
        elif score > heap[0]:
            heapq.heapreplace(heap, score)
        self._best[later] = max(self._best[later], score)

    def of(self, owner: int) -> float:
        """The score real entry ``owner`` must reach to change what the caller reads."""
        return self._cut(self.after is not None and self.after(owner))

    def lowest(self) -> float:
        """The lowest cut-off of any real entry: below it, none is worth scoring."""
        return self._cut(False) if self.after is None else min(self._cut(False), self._cut(True))

    def _cut(self, later: bool) -> float:
        keep, floor = self.keep, self.floor
        first = self._first
        if not later:
            if self.after is not None:
                # an entry ranked first comes before every entry ranked after, whatever it scores
                floor = -math.inf
            cut = max(floor, first[0]) if len(first) == keep else floor
        elif len(first) == keep:
            cut = max(floor, self._best[True])  # read only as the runner-up the best must lead
        else:
            cut = max(floor, self._later[0]) if len(self._later) == keep else floor
        return min(cut, self._best[later]) if self.foreign else cut
