"""Swapped nouns: whether a question puts another entry's noun where an entry of few phrasings has its own.

An entry of a bot author's small base has a few short phrasings, so ``topic.py`` cannot learn its topic word from
them (it needs ``topic.FEWEST`` phrasings). What stands in for it is the closest phrasing itself: when it holds a
noun the question lacks (机场 of 从机场怎么过来) and the question holds instead a noun that the phrasings of one other
real entry alone write, and none of this entry's phrasings nor its answer (地铁 of 坐地铁怎么过来, where 离地铁站远吗
is the address entry's), the question asks this entry's question about the other entry's thing: the decision does
not give the entry with confidence (it is ``displaced``, as under ``topic.Topics.displaced``), and a list is
offered. A noun several entries write is no one entry's thing, and one sharing a character with the noun it
stands for is that noun put otherwise (账号 for 账户).

Nouns are the general dictionary's words of two characters or more that it tags as nouns or names
(``words.Dictionary.noun_like``); a single character or a verb (能, 要, 来) is how a question is put as often as what
it asks about. Off in a large base (``index.EXACT_FROM`` phrasings: every phrasing would be read per answer) and for
entries of more than ``signals.FEW_PHRASINGS`` phrasings, whose topic words ``topic.py`` reads; and, as the salience
check, for a question longer than ``salience.SHORT``, whose story names things in passing (时候, 违约金 of
延期的时候罚息违约金还会一直涨吗，到期能免吗).
"""

from __future__ import annotations

from rapidfuzz import fuzz

from ..models import Entry
from .index import Index
from .salience import SHORT
from .signals import few_phrasings
from .words import ASKED_NOUN, chinese_runs, dictionary


def nouns(text: str) -> list[str]:
    """The nouns of ``text`` (normalized): the general dictionary's words of two characters or more tagged as
    nouns or names, in order, as it cuts each run of Chinese characters; not one among the general corpus's
    commonest (``words.ASKED_NOUN``: 时候, 地方, 问题), which says how a question asks (啥时候, 什么地方) more
    often than what about. Empty when there is none."""
    table = dictionary()
    return [word for _, run in chinese_runs(text) for word in table.segment(run)
            if len(word) >= 2 and table.noun_like(word) and not table.function_word(word)
            and table.surprisal(word) >= ASKED_NOUN]


class Swapped:
    """Reads, for a base's entries of few phrasings, whether a question swaps an entry's noun for another's."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def displaced(self, text: str, entry: Entry) -> bool:
        """True when normalized ``text`` lacks a noun of ``entry``'s phrasing closest to it (by edit ratio) and
        holds instead a noun that the phrasings of one other real entry alone write (not the questions the base
        declares out of scope), none of ``entry``'s phrasings nor its answer. False for small talk, an entry of many
        phrasings, a question longer than ``salience.SHORT``, and in a large base."""
        index = self.index
        owner = index.entry_index.get(entry.id)
        if (owner is None or index.exact or entry.smalltalk or len(text) > SHORT
                or not few_phrasings(index, owner)):
            return False
        start, end = index.first_phrasing[owner], index.first_phrasing[owner + 1]
        if start == end:
            return False
        closest = index.texts[max(range(start, end), key=lambda phrasing: fuzz.ratio(text, index.texts[phrasing]))]
        missing = [noun for noun in nouns(closest) if noun not in text]
        if not missing:
            return False
        own = [index.texts[phrasing] for phrasing in range(start, end)] + [index.normalize(entry.answer)]
        entries = index.entries
        for noun in nouns(text):
            if (noun in closest or any(noun in written for written in own)
                    or any(not set(noun).isdisjoint(its) for its in missing)):
                continue  # the entry's own, or its noun put otherwise (账号 for 账户)
            writers = {index.owner[phrasing] for phrasing, written in enumerate(index.texts) if noun in written}
            writers.discard(index.negative)
            if len(writers) == 1 and not entries[next(iter(writers))].smalltalk:
                return True
        return False
