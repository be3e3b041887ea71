"""A knowledge-base check: alternates that, left out of their own entry, would be answered with another one."""

from __future__ import annotations

from collections.abc import Callable

from ..models import Entry, Match
from .decision import Thresholds, decide, rank
from .index import Index
from .signals import Scored


def find_confusables(index: Index, score: Callable[..., dict[int, Scored]],
                     thresholds: Thresholds) -> list[tuple[Entry, str, Match]]:
    """Return ``(entry, alternate, wrong match)`` for each alternate that, scored by ``score(text, exclude=its
    phrasing)`` with itself left out, is answered with another entry: a sign the two entries need wording that
    tells them apart. Empty when every alternate still reaches its own entry or no answer."""
    found = []
    entries = index.entries
    for phrasing, raw in enumerate(index.raw):
        entry = entries[index.owner[phrasing]]
        if entry.smalltalk or raw == entry.question:
            continue
        scored = score(index.texts[phrasing], exclude=phrasing)
        real = {owner: s for owner, s in scored.items() if not entries[owner].smalltalk}
        reply = decide(raw, rank(index, real, 5), thresholds, index.knowledge)
        if reply.status == "answer" and reply.match is not None and reply.match.entry.id != entry.id:
            found.append((entry, raw, reply.match))
    return found
