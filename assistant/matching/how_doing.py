"""How to do what: whether a question asks how to do a thing the entry never speaks of doing, which another does.

A short question asking 怎么 + a doing (征信怎么查: 查) is about that doing. An entry none of whose phrasings nor answer
writes it (逾期以后怎么修复信用记录, matched through 征信怎么修复) answers how to do another thing with the same
object; when the question of one of the next matches writes the doing and what it is done to (需要定期查看个人
信用报告吗: 查 and 征信, as normalized), the question may be that one's: the best is not given with confidence (a
"您是不是想问…" list instead). A doing no close entry's question writes with the question's thing (怎么办 of
微粒贷逾期了该怎么办 for 忘了还款日期怎么办) says nothing against the best.

Only entries with alternates, and questions up to ``SHORT`` characters: a bare list's question is one phrasing,
whose verb is often not the one its askers use; a long question's 怎么 may be its story's.

>>> from assistant import Matcher
>>> doing(Matcher().normalize("征信怎么查")), doing(Matcher().normalize("逾期了怎么办")), doing("怎么才能不逾期")
('查', '办', '')
"""

from __future__ import annotations

from collections.abc import Sequence

from ..normalize import is_chinese
from ..replies import Match
from .index import Index, normalized_answer
from .words import LONGEST_WORD, dictionary

SHORT = 10
"""The longest question (normalized) read for its doing."""

HOW = "怎么"
"""How, as normalization writes every way of saying it (咋, 如何, 怎样)."""


def doing(text: str) -> str:
    """The word right after the first 怎么 of normalized ``text``, as the general dictionary cuts it, when it is no
    particle, adverb or the like, nor opens on one (怎么才能… has none); empty when ``text`` asks no 怎么."""
    at = text.find(HOW)
    if at < 0 or at + len(HOW) >= len(text):
        return ""
    words = dictionary()
    word = words.segment(text[at + len(HOW):at + len(HOW) + LONGEST_WORD])[0]
    # (才能 of 怎么才能不逾期 is cut as a noun: a word opening on an adverb is no doing)
    return "" if (words.function_word(word) or words.function_word(word[0])
                  or not all(map(is_chinese, word))) else word


def elsewhere(text: str, ranked: Sequence[Match], index: Index, suggest: float) -> bool:
    """True when short normalized ``text`` asks how to do a thing (``doing``) that the best of ``ranked`` (with
    alternates) writes in none of its phrasings nor its answer, and that the question of one of the next three
    matches scoring ``suggest`` or more (with alternates) writes with every other word of two characters or more of
    ``text`` (function words aside): the best answers how to do another thing, the other is about doing it to the
    same thing (not 怎么办 of 微粒贷逾期了该怎么办 for 忘了还款日期怎么办, nor 联系客服 for 怎么联系微粒贷客服)."""
    if len(text) > SHORT or not ranked or not ranked[0].entry.alternates or ranked[0].parts.context:
        return False
    at = text.find(HOW) + len(HOW)
    following = ranked[1:4]
    questions = [index.phrasing_texts(index.entry_index[m.id])[0] for m in following]
    if at < len(HOW) or at >= len(text) or not any(text[at] in question for question in questions):
        return False  # (no next question writes what follows 怎么: the dictionary need not be read)
    word = doing(text)
    if not word:
        return False
    best = index.entry_index[ranked[0].id]
    if any(word in phrasing for phrasing in index.phrasing_texts(best)) or word in normalized_answer(index, best):
        return False
    words = dictionary()
    said = [piece for piece in words.segment(text) if len(piece) > 1 and piece not in (HOW, word)
            and not words.function_word(piece)]
    return any(m.entry.alternates and not m.entry.smalltalk and m.score >= suggest
               and all(piece in question for piece in (word, *said)) for m, question in zip(following, questions))
