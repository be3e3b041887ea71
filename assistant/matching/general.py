"""A thing named alone: the general question it asks, and the entry answering that.

A question that only names a thing (延期, 罚息, 征信) says what it is about, not what it asks of it; most often it
asks about the thing in general: whether it is there or may be had, what its yes-or-no question asks (延期吗: can
the loan be extended; 罚息吗: is a penalty charged). Several entries may be about the thing, each asking one thing
of it (how long an extension lasts, what it costs, how to apply for one); the one a yes-or-no question about it
reads with confidence, through a phrasing that asks about the thing and nothing else (微粒贷能延期吗, 逾期上征信吗),
is the general one, and answers it (``Matcher``; a thing named by two words, as a keyword search is typed, may
be written apart by such a phrasing, in their order: 逾期罚息 by 逾期有罚息吗, or without a word most of the base
says: 逾期征信 by 上征信吗); so does the one entry of such a
phrasing that the yes-or-no question offers beside others asking something more of the thing (逾期了能分期吗
beside 分期数, how many, for 分期).
A phrasing naming something more (延期还款合同条款 for 合同,
分期还款要签协议吗 for 协议: one of two entries on agreements, an instalment's and an extension's) asks that too:
the list of the entries about the thing stays.

"Nothing else" leaves aside only particles, pronouns and the like, and the words or characters most of the base
says anyway (逾期, 微粒贷 in a base about being late with 微粒贷; 能, 有, 上 of 上征信: ``PERVASIVE``): not 数 of 分期数
(how many), 收 of 逾期会多收利息吗 (what is charged more), nor 客 and 服 of a word the dictionary does not hold
unless the base says them everywhere.

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> matcher.general.about_it("延期", "微粒贷能延期吗"), matcher.general.about_it("合同", "延期还款合同条款")
(True, False)
>>> matcher.general.about_it("征信", "上征信吗", typed="信用记录", written="上征信吗")
False
"""

from __future__ import annotations

from itertools import pairwise

from ..normalize import PAIR_JOINER, is_chinese, sound_key
from .index import Index
from .words import LONGEST_WORD, chinese_words, dictionary

YES_NO = "吗"
"""The particle that makes a thing named alone its yes-or-no question (延期吗)."""

LONGEST = 2 * LONGEST_WORD
"""A thing named alone is read as its general question up to this many characters (two words: 延期还款)."""

PERVASIVE = 0.25
"""A word held by the phrasings of at least this share of the base's entries (逾期, 微粒贷, 还款 of the bundled
base) is what the whole base is about: a phrasing naming it besides the thing asks nothing more of it. (The share
is that of the entries holding each of the word's pairs of characters, ``Index.entries_holding``, so that no
phrasing is read again, however large the base.)"""


def named_alone(text: str) -> bool:
    """True when normalized ``text`` only names a thing: Chinese characters (two to ``LONGEST``) that the general
    dictionary cuts into no particle, pronoun, question word or the like (延期, 罚息, 公众号, 延期还款; not 要多久,
    罚息呢, 怎么延期)."""
    if not 2 <= len(text) <= LONGEST or not all(map(is_chinese, text)):
        return False
    words = dictionary()
    return not any(words.function_word(word) for word in words.segment(text))


def _words(text: str) -> list[str]:
    # The general dictionary's words of ``text``'s Chinese runs, no function words.
    words = dictionary()
    return [word for _, word in chinese_words(text, words) if not words.function_word(word)]


class General:
    """The general-question check for one index (see the module's docstring). Safe to share across threads."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def pervasive(self, word: str) -> bool:
        """True when every pair of adjacent characters of ``word`` (as sound keys, the index's terms), or its one
        character, is held by the phrasings of at least ``PERVASIVE`` of the base's entries (逾期, 微粒贷, 贷 of the
        bundled base); False for an empty word and for a term no entry holds."""
        key, index = sound_key(word), self.index
        least = PERVASIVE * index.entries_counted()
        if len(key) == 1:
            return index.entries_holding(key) >= least
        for first, second in pairwise(key):
            if index.entries_holding(first + PAIR_JOINER + second) < least:
                return False
        return bool(key)

    def about_it(self, thing: str, phrasing: str, *, typed: str = "", written: str = "", partly: bool = False) -> bool:
        """True when normalized ``phrasing`` writes normalized ``thing`` (as sound keys; a thing of two words or
        more may be written word by word, in their order: 逾期罚息 in 逾期有罚息吗, and without those of its words
        most of the base says, though not without all: 逾期征信 in 上征信吗) and, besides it, no word
        of two characters or more but function words and the words most of the base says (``pervasive``): it asks
        about the thing and nothing else (微粒贷能延期吗 for 延期; not 延期上限, nor 延期还款合同条款 for 合同); and,
        given the thing as typed and the phrasing as written (``normalize.clean``: before synonyms), when the
        phrasing writes it so: a word the base's synonyms read as another (信用记录 as 征信) is not asked in general
        what that other is (上征信吗). ``partly``: only whether ``phrasing`` writes ``thing`` (an entry's own
        question naming it: 怎么申请延期还款 for 延期, not 怎么知道自己的还款日是哪天 for 查询, which only an alternate
        names)."""
        if typed and self._written_apart(typed, written) is None:
            return False
        rest = self._written_apart(thing, phrasing)
        if rest is None or partly:
            return rest is not None
        return all(self.pervasive(word) for word in _words(rest))

    def _written_apart(self, thing: str, phrasing: str) -> str | None:
        # What ``phrasing`` says besides ``thing`` (its parts joined by a comma, so that no word is read across them),
        # or None when it does not write the thing: whole, or word by word in their order with something between
        # (逾期罚息 of 逾期有罚息吗: the thing named by its words alone, as a keyword search is typed). A word of the
        # thing that most of the base says may go unwritten, as a phrasing may say it besides (逾期征信 of 上征信吗),
        # but not every word.
        key, written_key = sound_key(thing), sound_key(phrasing)
        at = written_key.find(key)
        if at >= 0:
            return phrasing[:at] + "，" + phrasing[at + len(thing):]
        words = dictionary().segment(thing)
        if len(words) < 2:
            return None
        parts, start, found = [], 0, False
        for word in words:
            at = written_key.find(sound_key(word), start)
            if at < 0:
                if self.pervasive(word):
                    continue
                return None
            parts.append(phrasing[start:at])
            start, found = at + len(word), True
        return "，".join([*parts, phrasing[start:]]) if found else None
