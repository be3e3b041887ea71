"""Another entry's word: whether a short yes-or-no question asks of a thing another entry's own question is about.

A question naming what the base does talk about may still ask a matter no entry answers: 在公众号里能直接申请分期吗
reads like the entry on querying through the official account, one word more; 查还款详情会不会影响我的征信 like the
entry on how to query the details; 客服能帮我减免一部分本金吗 like the entry on what the hotline does. The word more
(分期, 征信, 减免) is no stranger to the base, so salience (``salience.py``) does not weigh it: another entry's own
question asks about it, and the entry about to be answered writes it nowhere, in none of its phrasings nor its
answer. Such a question asks the entry's thing of another entry's, which neither answers: the entry is not given
with confidence (a "您是不是想问…" list, or the fallback when nothing else comes close). Only when the question
holds another word the entry never writes either (本金 beside 减免, 影响 beside 征信, 申请 beside 分期): one word
alone may be the entry's own put otherwise (减免 of 分期能减免利息吗, the entry saying 少付; 欠款 of
客服能帮我查欠款明细不, the entry saying 明细). So does a thing the base never mentions, of any weight, which the
salience check weighs only from its threshold (``beyond``: 电脑 of 微粒贷APP能在电脑上登录吗, 8.3, beside 能在…登录;
短信 and 通知 of 额度恢复了会发短信通知我吗): a yes-or-no question about it is none the entry answers.

Only yes-or-no questions (``YES_OR_NO``: …吗, 能不能…, …不): whether a thing holds is answered only by an entry that
speaks of it. A question asking how or what (分期还款怎么在公众号申请) may be the entry's own asked with a word more,
and a statement (快递盒压坏了东西也坏了, of the entry on damaged goods) tells what happened in the asker's words.

Only rare words count (``RARE``: the general corpus's surprisal), of two characters or more and holding no
function word of two characters or more (怎么办 holds 怎么: it asks how, and is no thing); and not a word the base
writes in ``PERVASIVE`` of its entries or more (逾期, 微粒贷 of a base about an overdue 微粒贷 loan: every entry is
about it, whether it writes it or not). Only questions up to ``SHORT`` long (normalized): a long question's story
names other things in passing (我额度被降了，现在想申请分期). Only entries of ``FEWEST`` phrasings or more: a bare
list's entry writes its thing once, in its askers' words or not (柚借借款会打电话审核吗 answers
柚借借钱会不会打电话核实, and never writes 借钱 nor 核实). Off for a large base (``index.exact``), as the topic
check is: its questions would all be cut on the first question.

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> words = OthersWords(matcher.index)
>>> sorted(words.unwritten(matcher.normalize("在公众号里能直接申请分期吗"), matcher.entry("wechat-query")))
['分期']
>>> sorted(words.unwritten(matcher.normalize("在公众号里能查还款记录吗"), matcher.entry("wechat-query")))
[]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from ..lazy_regex import LazyPattern
from ..models import Entry
from ..normalize import clean, is_chinese
from ..once import Once
from .index import FEWEST, Index
from .words import Dictionary, chinese_words, dictionary

SHORT = 16
"""The longest question (normalized) read: as salience's ``SHORT``, a longer one tells a story."""

YES_OR_NO = LazyPattern(r"吗[啊呀呢]?$|[不没否][啊呀呢]?$|是否", needs=("吗", "不", "没", "否"))
"""How a yes-or-no question is put: 吗 or 不 ending it, or 是否; or as ``EITHER_OR``."""

EITHER_OR = LazyPattern(r"(.)[不没]\1", needs=("不", "没"))
"""A character, 不 or 没 and the character again: a yes-or-no question when it is a Chinese verb (能不能). Any
character, told Chinese after: a class of every Chinese character costs more to compile than the question to read."""


def asks_yes_or_no(text: str) -> bool:
    """True when normalized ``text`` is put as a yes-or-no question (``YES_OR_NO``, ``EITHER_OR``)."""
    return YES_OR_NO.search(text) is not None or any(is_chinese(found[1]) for found in EITHER_OR.finditer(text))

RARE = 12.0
"""The least surprisal (−ln of its general-corpus frequency) of a word read as a thing asked about: 征信 (14.5),
分期 and 减免 (12.2), 还清 (13.2); not 影响 (7.8), 申请 (10), 账户 (11.8), which ask of anything, nor the words
any question may hold (一下, 以后)."""

PERVASIVE = 0.5
"""The share of the base's entries (their phrasings and answers) writing a word from which it is what the whole
base is about (逾期 in 26 of 42 entries, 微粒 in 27), not one entry's thing."""


class OthersWords:
    """The check for one knowledge base (see the module's docstring); its tables are gathered on the first
    question that needs them. Safe to share across threads."""

    def __init__(self, index: Index) -> None:
        self.index = index
        # Per entry, the things its own question asks about, and all it writes (phrasings and answer); and for
        # each such thing, how many entries' questions ask about it.
        self._tables = Once(self._gather)
        self._pervasive = lru_cache(maxsize=1024)(self._find_pervasive)

    def unwritten(self, text: str, entry: Entry) -> frozenset[str]:
        """The rare words of short yes-or-no normalized ``text`` that another entry's own question holds and
        ``entry`` writes in none of its phrasings nor its answer, when ``text`` holds another word ``entry`` never
        writes (see the module's docstring); empty otherwise, for a long question or one asking how or what, small
        talk, an entry of fewer than ``FEWEST`` phrasings or the index does not hold, and every entry of a large
        base. Never raises for any text."""
        owner = self._read(text, entry)
        if owner < 0:
            return frozenset()
        asked = _things(text)
        if not asked:
            return frozenset()
        questions, written, asked_by = self._tables.get()
        # Another entry's question holds a word when more questions hold it than ``entry``'s own does.
        found = frozenset(word for word in asked if asked_by[word] > (word in questions[owner])
                          and word not in written[owner] and not self._pervasive(word))
        return found if found and self._beside(text, owner) else frozenset()

    def beyond(self, text: str, entry: Entry, foreign: Callable[[], float]) -> bool:
        """True when short yes-or-no normalized ``text`` asks of a thing ``entry`` never writes: another entry's
        (``unwritten``), or one the base never mentions, of any weight (``foreign()``, salience's weight of
        ``text`` against ``entry``: 电脑 of 微粒贷APP能在电脑上登录吗 weighs 8.3, under salience's threshold), beside
        another word ``entry`` never writes (电脑 and 输入 of 打客服电话要先输入身份证号吗); False otherwise, and
        whenever ``unwritten`` is empty for the reasons it gives. ``foreign`` is called only then, and only whether
        it is above zero counts: the match score salience reads (``salience.EXPLAINED``) changes how much a
        common noun weighs, never whether it weighs."""
        owner = self._read(text, entry)
        if owner < 0:
            return False
        return bool(self.unwritten(text, entry)) or (self._beside(text, owner) and foreign() > 0)

    def _read(self, text: str, entry: Entry) -> int:
        # The index of ``entry`` when ``text`` is a question this check reads of it (short, yes-or-no, an entry of
        # FEWEST phrasings or more of a base not large); -1 otherwise.
        index = self.index
        owner = index.entry_index.get(entry.id, -1)
        if (owner < 0 or entry.smalltalk or index.exact or len(entry.phrasings) < FEWEST or len(text) > SHORT
                or not asks_yes_or_no(text)):
            return -1
        return owner

    def _beside(self, text: str, owner: int) -> bool:
        # Whether ``text`` holds two words or more (``_words``) that entry ``owner`` never writes.
        written = self._tables.get()[1][owner]
        return len([word for word in _words(text) if word not in written]) >= 2

    def _gather(self) -> tuple[list[frozenset[str]], list[str], Counter[str]]:
        index = self.index
        questions: list[frozenset[str]] = []
        written: list[str] = []
        for owner, entry in enumerate(index.entries):
            if entry.smalltalk or owner == index.negative:
                questions.append(frozenset())
                written.append("")
                continue
            questions.append(_things(index.normalize(entry.question)))
            written.append("|".join((*index.phrasing_texts(owner), *map(clean, entry.phrasings),
                                     clean(entry.answer))))
        return questions, written, Counter(word for words in questions for word in words)

    def _find_pervasive(self, word: str) -> bool:
        # Whether ``word`` is written by PERVASIVE of the base's entries (small talk aside) or more.
        written = self._tables.get()[1]
        texts = [text for text in written if text]
        return bool(texts) and sum(word in text for text in texts) >= PERVASIVE * len(texts)


def _words(text: str) -> frozenset[str]:
    # The words of two characters or more of ``text``'s Chinese runs as the general dictionary cuts them, neither
    # function words, nor holding one of two characters or more (怎么办), nor negated (不会, 不能 of 会不会, 能不能).
    words = dictionary()
    return frozenset(word for _, word in chinese_words(text, words)
                     if len(word) > 1 and word[0] not in "不没" and not _asks(word, words))


def _things(text: str) -> frozenset[str]:
    # The words of ``text`` (``_words``) RARE or rarer: things and doings a question may ask about.
    words = dictionary()
    return frozenset(word for word in _words(text) if words.surprisal(word) >= RARE)


def _asks(word: str, words: Dictionary) -> bool:
    # Whether ``word`` is a function word or holds one of two characters or more (怎么 of 怎么办).
    return any(words.function_word(word[start:end]) for start in range(len(word))
               for end in range(start + 2, len(word) + 1))
