"""Names: the base's own words that the general dictionary does not know, and whether a question names one that
the entry about to be answered never does.

Salience (``salience``) weighs the words a base never mentions. A base also holds names of its own that the
general dictionary (``data/words.tsv``, of 2012) does not know and cuts into single characters: 微信 (微|信), 官网,
客服. A question naming one is about that thing: 微信的客服电话是多少 asks for WeChat's hotline, not the hotline
of the entry whose phrasings and answer never name 微信, though the base's entries about its official account do.

A base's own name is two characters the dictionary cuts into two single ones, neither a function word, the first
noun-like (微 of 微信, not 找 of 找客服 or 能 of 能查), found side by side in its texts (phrasings, answers and
synonyms; not its declared out-of-scope questions) at least ``TIMES`` times. Of a short question (up to
``salience.SHORT``) it weighs as salience weighs an unknown word (the surprisal of its commoner character, plus
``unmentioned.NAME_BONUS``) when the entry's phrasings and answer never hold it, unless the entry has fewer than
``index.FEWEST`` phrasings: a bare question says too little of what it is about (客服电话是多少 of a wallet's list
answers 青柚客服电话多少, 青柚 being the wallet's own name), or an entry cited from the very section of the same
document holds it: the two tell one passage (登录官网的密码忘了怎么办 is asked of forgot-password, which never says
官网, while login-app of the same section, 登录微粒贷官方网站或APP > 登录账户, does), or every time it is named a
verb of saying follows (客服说我逾期会上征信是真的吗: who said it, not what is asked). In a
large base (``index.EXACT_FROM`` phrasings) the check is off: cutting every phrasing into words would stall its
first question.

(The bundled base's names are 微信, 官网, 客服 and 钱要.)

In a long list of bare questions, the names it asks about again and again (its recurring topic words,
``topic.RECURRING``: 柚借, 柚付 and 柚存 of a wallet's list of three products) tell sibling questions apart: a
question naming one is about that product, and the list's entries whose question does not name it are ranked
after those naming it (``unnamed``, read by ``ranking.rank``): 柚付过期没还咋办 puts 柚付逾期了怎么办 before
优惠券过期了还能用吗, which scores higher on its shared 过期了…还. An entry so ranked after the best still stands as
a runner-up the best must lead to be answered (``Matcher``). Only names: a recurring word the general dictionary
knows (逾期, 还款 of the bundled base reduced to bare questions) is as often left out of a question that means
another entry.

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> names = Names(matcher.index)
>>> names.weight(matcher.normalize("微信的客服电话是多少"), matcher.entry("hotline-number")) >= 10
True
>>> names.weight(matcher.normalize("微粒贷的客服电话是多少"), matcher.entry("hotline-number"))
0.0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from itertools import pairwise
from typing import Any

from ..models import Entry
from ..normalize import is_chinese, sound_key
from ..once import Once
from ..plain_data import text_list
from .index import FEWEST, Index, PerEntry, bare_entry
from .salience import SHORT
from .topic import Topics
from .unmentioned import NAME_BONUS
from .vocabulary import written_texts
from .words import Dictionary, chinese_runs, dictionary

TIMES = 3
"""How often two characters must stand side by side in the base's texts to be one of its names: once or twice
may be two words that meet (钱要 of 欠的钱要尽快还; at 2, 照算, 量入 and 金存 would be names too)."""

QUANTITIES = frozenset("数额量率")
"""Characters that, after a noun, make how much of it (期数, 笔数, 金额): an amount of a thing any entry about the thing
may be asked, never the name of another thing; a pair ending on one is no name (``_pairs``): 期数 of
谈好期数之后要签什么 names no other thing than the entry on instalments."""

SAYS = ("说", "告诉", "讲", "表示", "通知", "提醒")
"""Verbs of saying: a name before one tells who said it, not what the question is about (``_only_says``)."""


class Names:
    """The base's own names (see the module's docstring), gathered on the first question that needs them. Safe to
    share across threads."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._names = Once(self._gather)
        self._keys: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())  # names, their sound keys

    def names(self) -> frozenset[str]:
        """The base's own names: two characters the general dictionary cuts apart, side by side ``TIMES`` times
        or more in its texts; none in a large base."""
        return self._names.get()

    def gathered(self) -> dict[str, list[str]]:
        """The base's own names (``names``), gathered now if not yet, as a list of text: what the cache stores
        beside the index (``Matcher.gathered``). ``adopt`` takes it back."""
        return {"names.names": sorted(self.names())}

    def adopt(self, data: Mapping[str, Any]) -> None:
        """Take what ``gathered`` returned (read back from the cache), before the first question. Raises
        ``TypeError`` or ``KeyError`` when ``data`` does not hold it."""
        self._names.set(frozenset(text_list(data, "names.names")))

    def _gather(self) -> frozenset[str]:
        table = dictionary()
        counts: Counter[str] = Counter()
        for text in self._texts():
            counts.update(_pairs(self.index.normalize(text), table))
        return frozenset(pair for pair, times in counts.items() if times >= TIMES)

    def _texts(self) -> list[str]:
        if self.index.exact:
            return []  # a large base: cutting every phrasing into words would stall its first question
        return written_texts(self.index.knowledge)

    def weight(self, text: str, entry: Entry) -> float:
        """The weight of the heaviest of the base's own names that normalized ``text`` holds and ``entry`` never
        does (0.0 when none, for a text longer than ``salience.SHORT`` and for an entry of fewer than
        ``index.FEWEST`` phrasings). Never raises for any text."""
        if len(text) > SHORT:
            return 0.0
        names = self.names()
        # (a name is two characters side by side: a text holding none needs no cutting into words)
        if not names or len(entry.phrasings) < FEWEST or not any(name in text for name in names):
            return 0.0
        table = dictionary()
        own = _passage_texts(self.index, self.index.entry_index[entry.id])
        return max((min(map(table.surprisal, name)) + NAME_BONUS for name in _pairs(text, table)
                    if name in names and name not in own and not _only_says(text, name)), default=0.0)

    def unnamed(self, text: str, owners: Iterable[int], topics: Topics) -> frozenset[int]:
        """Of the entries ``owners`` (places in the index), the bare ones (one phrasing, not small talk) whose
        question lacks a name of the base's that normalized ``text`` holds and that the list recurs (a topic word of
        its bare questions, ``topics``: 柚付 of 柚付过期没还咋办, which 优惠券过期了还能用吗 lacks); empty when ``text``
        holds none. Names are compared as sound keys, so that a homophone typo (有付) names its product. Never
        raises for any text."""
        test = self.unnamed_by(text, topics)
        return frozenset() if test is None else frozenset(filter(test, owners))

    def unnamed_by(self, text: str, topics: Topics) -> Callable[[int], bool] | None:
        """The test ``unnamed`` puts each entry (its place in the index) to for normalized ``text``: true of an
        entry ranked after those naming the product asked about; None when ``text`` names none, so that nothing
        is. Candidate strategies read it to score every entry that may come first (``cutoff.CutOff``)."""
        names = self.names()
        if not names:
            return None
        _, held, every_core = topics.tables()
        key = sound_key(text)
        asked = {key[i:i + 2] for i in range(len(key) - 1)} & every_core
        asked &= self._name_keys(names)
        if not asked:
            return None
        index = self.index

        def unnamed(owner: int) -> bool:
            return bare_entry(index, owner) and not asked <= held[owner]

        return unnamed

    def _name_keys(self, names: frozenset[str]) -> frozenset[str]:
        """The sound keys of ``names`` (the base's, ``names``), worked out once."""
        known, keys = self._keys
        if known is not names:
            keys = frozenset(map(sound_key, names))
            self._keys = (names, keys)
        return keys


def _passage(index: Index, entry: Entry) -> list[Entry]:
    """``entry`` and the base's other entries whose main citation is the same as its (same document, same
    section); ``entry`` alone when it cites nothing."""
    source = entry.source
    if source is None:
        return [entry]
    return [entry, *(other for other in index.knowledge.entries if other.id != entry.id and other.source == source)]


def _find_passage_texts(index: Index, owner: int) -> str:
    """The phrasings and answers of entry ``owner`` and of the entries of its passage (``_passage``), normalized,
    joined by a unit separator. An entry cited from the very section of the same document as this one tells the
    same passage: what it names is this entry's too (登录官网的密码忘了 of forgot-password, whose section
    登录微粒贷官方网站或APP > 登录账户 login-app shares, naming 官网)."""
    texts = [text for other in _passage(index, index.entries[owner]) for text in (*other.phrasings, other.answer)]
    return "\x1f".join(map(index.normalize, texts))


_passage_texts = PerEntry(_find_passage_texts)


def _only_says(text: str, name: str) -> bool:
    """True when every ``name`` in ``text`` is followed by a verb of saying (``SAYS``): it tells who said what is
    asked about, 客服说我逾期会上征信是真的吗 asks whether being late is reported."""
    return all(text.startswith(SAYS, at + len(name)) for at in range(len(text)) if text.startswith(name, at))


def _pairs(text: str, table: Dictionary) -> list[str]:
    """The two characters side by side in ``text`` that ``table`` cuts into single ones, neither a function word,
    the first noun-like, the second no quantity of it (``QUANTITIES``)."""
    found = []
    for _, run in chinese_runs(text):
        words = table.segment(run)
        for first, second in pairwise(words):
            if (len(first) == len(second) == 1 and is_chinese(first) and is_chinese(second)
                    and table.noun_like(first) and not table.function_word(first)
                    and not table.function_word(second) and second not in QUANTITIES):
                found.append(first + second)
    return found
