"""Renamed: a question naming the base's own thing only by a synonym of another kind may ask about that other thing.

A base's synonyms may make one of the names of two things of different kinds: 微粒贷, a loan, and 微众银行, the bank
lending it (their heads, ``kinds.HEADS``: 贷 and 银行). A question about the loan may name it by its lender
(微众银行逾期了怎么办, 逾期后跟微众银行协商分期): it names a matter of the base besides, one of the words of its
entries' topics (逾期, 分期, 客服, 公众号 …: ``follow_up_words.topic_names``). One naming nothing of the base's
matters but that name (微众银行有线下网点吗, 微众银行是什么, 微众银行是正规银行吗) asks about the bank, which no entry
about the loan answers: it weighs as a question naming another lender does (``kinds.WEIGHT``), and its answer is
held back. A matter only of entries that never name the base's own thing (理财 of the entries on planning one's
finances, 理财规划) is the asker's, not the loan's: named beside the lender (微众银行的理财产品收益怎么样,
微众银行的理财产品安全吗), it is the bank's product asked about. A synonym of the same kind (晚还 for 逾期), or a
question naming the base's own name too (微粒贷和微众银行是什么关系: ``asked.compared``), is not read here.

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> other_kind("微众银行有线下网点吗", matcher.normalize("微众银行有线下网点吗"), matcher.index) > 0
True
>>> other_kind("微众银行逾期了怎么办", matcher.normalize("微众银行逾期了怎么办"), matcher.index)
0.0
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from ..normalize import sound_key, terms
from .follow_up_words import topic_names
from .index import Index, PerIndex
from .kinds import HEADS, WEIGHT


def head(name: str) -> str | None:
    """The head saying what kind of thing ``name`` is (银行 of 微众银行, 贷 of 微粒贷: the longest of ``kinds.HEADS``
    it ends with); None when it ends with none."""
    return next((found for found in _longest_first() if name.endswith(found)), None)


@cache
def _longest_first() -> tuple[str, ...]:
    # ``kinds.HEADS``, the longest first (of equal lengths, in their order).
    return tuple(sorted(HEADS, key=len, reverse=True))


def other_kind(typed: str, text: str, index: Index) -> float:
    """The weight of what the question ``typed`` (cleaned, its synonyms not yet replaced; ``text``, normalized)
    names by a synonym of another kind than the term the base's synonyms replace it with (微众银行 for 微粒贷), when
    it names neither that term nor a word of any topic of the base's entries naming that term in a phrasing:
    ``kinds.WEIGHT``; 0.0 otherwise."""
    renamed = {canonical for variant, canonical in index.normalize.replacements.items()
               if variant in typed and canonical not in typed
               and head(variant) is not None and head(variant) != head(canonical)}
    if not renamed:
        return 0.0
    asked = terms(sound_key(_without(text, renamed)))
    # The topics of the entries whose phrasings name the base's own thing: the loan's matters, not the asker's own.
    topics = frozenset[str]().union(*(topics_naming(index, canonical) for canonical in renamed))
    return 0.0 if any(topic_names(topic, index) & asked for topic in topics) else WEIGHT


def _without(text: str, names: Iterable[str]) -> str:
    """``text`` with every place one of ``names`` is written in it blanked (as spaces, which no term holds), the
    places all found in ``text`` as it is: the same whichever name is taken first, where one holds another (乙贷 of
    甲乙贷)."""
    blanked = bytearray(len(text))
    for name in names:
        start = text.find(name) if name else -1
        while start >= 0:
            blanked[start:start + len(name)] = b"\x01" * len(name)
            start = text.find(name, start + len(name))
    return "".join(" " if blank else char for char, blank in zip(text, blanked))


def _find_topics_naming(index: Index, term: str) -> frozenset[str]:
    """The topics of the entries (not small talk) some phrasing of which, normalized, holds ``term``."""
    named = {index.owner[at] for at, phrasing in enumerate(index.texts) if term in phrasing}
    return frozenset(entry.topic for owner, entry in enumerate(index.entries)
                     if entry.topic and not entry.smalltalk and owner in named)


topics_naming = PerIndex(_find_topics_naming)
"""The topics of the entries (not small talk) of an index some phrasing of which, normalized, holds a term (微粒贷:
逾期处理, 客服 …, not 理财规划), read from every phrasing once per index and term."""
