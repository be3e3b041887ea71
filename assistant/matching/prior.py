"""A tiny bare list's term weights, its own IDF tempered by how common each term is in general Chinese.

In a bot author's short list of questions each asked once, a question's frame (多少钱, 几点, 怎么) is often written
by one entry only (单次票多少钱), so its IDF is the base's highest, as high as that of the thing another entry is
about (泳帽, 月卡); a question naming the thing in that frame (泳帽多少钱一个) then reads as the entry holding the
frame. Words that common in general Chinese say how something is asked, not what about: in such a base each term
weighs its IDF times a share that grows with its surprisal in the general corpus (``common_share``), so a term
the base holds once but everyone says weighs less than the thing asked about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableMapping

from ..normalize import PAIR_JOINER, sound_key
from .words import dictionary

COMMONEST = 8.0
"""A term of this surprisal or less (一个, 可以, 多少, 钱) weighs ``FLOOR`` of its IDF."""

TELLING = 9.0
"""A term of this surprisal or more (卡, 票, 讲解, a word the dictionary lacks) weighs its whole IDF."""

FLOOR = 0.5
"""The least share of its IDF a term weighs."""

TINY = 80
"""A bare list of at most this many entries is tempered (``temper``)."""


def common_share(written: str) -> float:
    """The share of its IDF that a term written ``written`` (a character, or two joined by ``PAIR_JOINER``)
    weighs: from ``FLOOR`` for the commonest words to 1 for telling ones (a question's term no entry holds weighs
    ``Index.unknown_idf`` times it). A pair the dictionary lacks as a word counts as its rarer character; a term of
    other characters (digits, Latin letters) weighs its whole IDF."""
    table = dictionary()
    parts = written.split(PAIR_JOINER)
    if not all(len(part) == 1 and "\u4e00" <= part <= "\u9fff" for part in parts):
        return 1.0
    word = "".join(parts)
    surprisal = table.surprisal(word) if len(parts) == 1 or table.code(word) is not None \
        else max(map(table.surprisal, parts))
    return min(1.0, max(FLOOR, FLOOR + (1.0 - FLOOR) * (surprisal - COMMONEST) / (TELLING - COMMONEST)))


def temper(idf: MutableMapping[str, float], texts: Iterable[str]) -> None:
    """Multiply each term's IDF in ``idf`` (terms of sound keys) by ``common_share`` of its writing, read off the
    normalized ``texts`` the terms were found in (the first writing of each sound)."""
    written: dict[str, str] = {}
    for text in texts:
        for char, key in zip(text, sound_key(text), strict=True):
            written.setdefault(key, char)
    for term, weight in idf.items():
        idf[term] = weight * common_share(PAIR_JOINER.join(written.get(unit, unit)
                                                             for unit in term.split(PAIR_JOINER)))


def written_share(text: str, key: str) -> Callable[[str], float]:
    """``common_share`` of a term of sound key ``key`` as normalized ``text`` writes it."""
    written = dict(zip(key, text, strict=True))
    return lambda term: common_share(PAIR_JOINER.join(written.get(unit, unit) for unit in term.split(PAIR_JOINER)))
