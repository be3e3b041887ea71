"""A knowledge-base check: alternates that, left out of their own entry, would be answered with another one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..models import Entry
from ..replies import Match
from .decision import decide
from .index import Index
from .ranking import rank
from .signals import Scored, corroborates
from .thresholds import Thresholds

PROGRESS_EVERY = 1_000
"""``progress`` is called after every this many alternates asked."""


def find_confusables(index: Index, score: Callable[..., dict[int, Scored]], thresholds: Thresholds, *,
                     progress: Callable[[int, int], None] | None = None) -> list[tuple[Entry, str, Match]]:
    """Return ``(entry, alternate, wrong match)`` for each alternate that, scored by ``score(text, exclude=its
    phrasing)`` with itself left out, is answered with another entry: a sign the two entries need wording that
    tells them apart. Empty when every alternate still reaches its own entry or no answer.

    ``score`` should do a bounded amount of work per question (``candidates.Preselection.capped``): the check
    asks every alternate. ``progress(done, total)`` is called after every ``PROGRESS_EVERY`` alternates asked
    (never on a base with fewer).
    """
    found = []
    entries = index.entries
    asked = [phrasing for phrasing, raw in enumerate(index.raw)
             if not (entry := entries[index.owner[phrasing]]).smalltalk and raw != entry.question]
    for done, phrasing in enumerate(asked, 1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(asked))
        raw, entry, text = index.raw[phrasing], entries[index.owner[phrasing]], index.texts[phrasing]
        scored = score(text, exclude=phrasing)
        real = {owner: s for owner, s in scored.items() if not entries[owner].smalltalk}
        reply = decide(raw, rank(index, real, 5), thresholds, index.knowledge,
                       corroborated=partial(_corroborated, index, text, phrasing))
        if reply.status == "answer" and reply.match is not None and reply.match.entry.id != entry.id:
            found.append((entry, raw, reply.match))
    return found


def _corroborated(index: Index, text: str, phrasing: int, best: Match, runner_up: Match) -> bool:
    return corroborates(index, text, index.entry_index[best.id], index.entry_index[runner_up.id], phrasing)
