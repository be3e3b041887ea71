"""Ranking: the entries a candidate strategy scored (``candidates.Candidates.score``), as the matches the decision
reads, best first (``rank``).

Ties go to the entry the base lists first, so a reply never depends on the order a strategy met the entries in; and
the entries a check puts after all others (``names.Names.unnamed``: a bare list's entries not naming the product asked
about) come last, best first among themselves, as ``cutoff.CutOff`` reads them.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Set

from ..replies import Match
from .index import Index
from .signals import Scored


def rank(index: Index, scored: Mapping[int, Scored], limit: int, after: Set[int] = frozenset()) -> list[Match]:
    """The best ``limit`` of the scored entries as matches, best first (ties: the earlier entry), each score
    rounded to 0.1 within 0–100; the entries of ``after`` (places in ``index.entries``) come after all the others,
    best first among themselves (``names.Names.unnamed``: a bare list's entries not naming the product asked
    about)."""
    top = heapq.nlargest(limit, scored.items(), key=lambda item: (item[0] not in after, item[1].score, -item[0]))
    return [Match(index.entries[owner], round(min(max(s.score, 0.0), 100.0), 1), index.raw[s.phrasing], s.parts)
            for owner, s in top]
