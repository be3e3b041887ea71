"""The ids of a bare list's entries (a file that is only ``- question: … answer: …`` items), made from each
question's text, so that they stay the same when the file is renamed, moved into a folder or reordered.

An id is what a bot keeps between turns (the protocol's ``previous``), what an evaluation file labels its
questions with and what ``assistant learn --entry`` writes to: an id that silently came to name another entry
(as an id made from an item's place did when an item was inserted above it) would read a follow-up with the
wrong question, score an evaluation against the wrong answers or teach the wrong entry. An id made from the
question changes only when the question is reworded, and then it names no entry (a request naming it is
refused, loudly), never another one.

The id is the question's first words, in toneless pinyin for Chinese (``ji-dian-kai-men``), and a short hash of
the whole question, so two questions opening alike get two ids: ``ni-men-ji-dian-kai-men-0b2590``. The ids
bare lists had before, made from the file's name and the item's place (``shop-2``), are kept as ``former_ids``
that still find their entry, so stored conversations, evaluation files and misses logs go on working until the
file is renamed or reordered (``Knowledge.get``); replies carry the new ids.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from .normalize import is_chinese, pinyin_syllables, simplified, sound_key

WORDS = 6
"""How many words (a Chinese character's syllable, or a Latin word or number) of the question the id spells."""
HASH_DIGITS = 6
"""Hexadecimal digits of the question's hash closing the id: 16.7 million values."""

_LATIN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _syllable_of_key() -> dict[str, str]:
    return {character: syllable for syllable, character in pinyin_syllables().items()}


def _words(text: str, limit: int) -> list[str]:
    """The first ``limit`` words of normalized ``text``: each Chinese character's syllable (when the table has
    it), each run of Latin letters and digits; everything else separates them."""
    syllables = _syllable_of_key()
    words: list[str] = []
    run = ""
    for char in text:
        if len(words) >= limit:
            break
        if _LATIN.fullmatch(char):
            run += char
            continue
        if run:
            words.append(run)
            run = ""
        if is_chinese(char) and (syllable := syllables.get(sound_key(char))):
            words.append(syllable)
    if run:
        words.append(run)
    return words[:limit]


def question_id(question: str) -> str:
    """Return the id a bare list gives the entry asking ``question``: its first ``WORDS`` words joined by ``-``
    (``q`` when it has none), then the first ``HASH_DIGITS`` hexadecimal digits of the SHA-256 of the question
    normalized (NFKC, case folded, simplified characters, only letters, digits and Chinese characters kept), so
    that a question written with other punctuation, spaces, case or traditional characters keeps its id.

    >>> question_id("你们几点开门？")
    'ni-men-ji-dian-kai-men-0b2590'
    >>> question_id("你們幾點開門?") == question_id("你们几点开门？")
    True
    >>> question_id("When are you open?")
    'when-are-you-open-73c905'
    """
    text = simplified(unicodedata.normalize("NFKC", question).casefold())
    kept = "".join(filter(str.isalnum, text))
    digest = hashlib.sha256(kept.encode("utf-8")).hexdigest()[:HASH_DIGITS]
    words = _words(text, WORDS) or ["q"]
    return "-".join([*words, digest])
