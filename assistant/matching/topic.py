"""Topic: whether a question puts another topic's word where the entry's own word stands.

Most of an entry's phrasings share its topic's word: every way of asking whether one is still pressed for the
money *during an extension* holds 延期. A question that lacks it and holds instead a word of the same kind that
is another entry's topic (逾期: 我逾期了会不会被起诉), sharing a character with it (期) and held by none of the
entry's phrasings, asks the entry's question about another thing, which the entry does not answer: the
decision does not give it with confidence. Words are compared as pairs of adjacent characters of sound keys,
as the index holds them, so that a homophone typo (分其 for 分期) counts as its word. When the word the question
holds in its stead is the topic of an entry among the next matches (延期怎么弄: 延期, extension-how's, where
逾期了怎么办 has 逾期), that entry is what was asked (``takes_place``): the decision puts it first.

A word of another topic need share no character with the entry's own where it stands in its slot: beside the two
characters that stand beside the entry's topic word in one of its phrasings (征信多久恢复 of 额度多久恢复: 征信,
another entry's topic word, where the entry says 额度). An entry whose phrasings hold the word put in the slot (征信
of 征信还能恢复正常吗) then takes the best's place as one whose topic it is does.

In a list of bare questions (one phrasing each: what a bot author starts with) the topic words are instead the
words its questions ask about again and again (``RECURRING``): in a list of many questions about two products
(柚借 and 柚付), 柚付额度突然没了 does not answer 柚借额度突然没了是咋回事 with confidence.

Between two close entries of a bare list, a question may hold the word by which a rival's question differs
from the best one's, in the place of the best one's own word (``contrasted``: 分期协议内容 holds 分期 of
分期还款协议里写了什么 where 延期还款协议包含哪些内容 has 延期): the word that tells the siblings apart says the
rival was meant, and the best is not given with confidence.

A bare entry whose phrasing shares with the question only the grammar both end on (了怎么办 of 还书晚了怎么办 and
书丢了怎么办), each holding a content word the other lacks, is asked its form of another thing: displaced too
(``grammar.grammar_only``).

A question counting in the unit the entry's own question counts in, with a number none of the entry's phrasings
hold (逾期30天 for 微粒贷逾期4天了怎么办), is displaced the same way: the entry is about its own count (unless a
phrasing counts in that unit with 几, which leaves any number under ten open: 逾期3天 for 刚逾期几天怎么办). So is a
short question (up to ``NEGATED_SHORT``) that negates the entry's topic word where none of its phrasings does
(不延期的话会被告吗 of the entry on collection during an extension): it asks about the other case, which the entry
does not answer, when the negation opens the question or a condition (``CONDITION``).

A question asking how much, how long or how many of a doing whose verb (one character: ``asked.counted``) sounds in
another entry's topic word and is written in none of the entry's phrasings or answer (借 of 最多能借多少, a
character of 借款, against 分期还款最多能分多少期) counts that other thing, which the entry does not: displaced too.
A verb that is no topic's (拖 of 最多能拖几个月, 晚 of 能不能晚几个月再还) may be the entry's doing put otherwise.

A question counting with a number in a unit that only another entry's phrasings count in (能分36期吗: 能分24期吗, not
逾期了能分期吗), and holding none of the best's words that entry lacks, is about that entry (``_counted``: it takes
the best's place, as under ``takes_place``).

A question naming no word of the entry's declared topic, nor a character of its *condition* (its core pairs that
name its topic: 逾期 of the entry on how the overdue fees are reckoned, 延期 of the one on the rate during an
extension), may ask of a noun that the entry, and another entry under another condition, speak of only under
their own (利息: the overdue interest, the interest during an extension): asked without a condition
(微粒贷平时的利息是怎么算的, 银行存款的利息怎么算), it is the plain thing, which neither says (``unconditioned``).

An entry's *core* pairs are those held by at least ``CORE`` of its phrasings, measured on entries of at least
``index.FEWEST`` phrasings (a bare question holds all its pairs, which says nothing about its topic). In a large base
(``index.EXACT_FROM`` phrasings) the check is off: gathering the pairs of every phrasing would stall its first
question.

>>> from assistant import Matcher
>>> topics = Topics(Matcher().index)
>>> topics.displaced("我逾期了会不会被起诉", Matcher().entry("extension-collection"))
True
>>> topics.displaced("延期了会不会被起诉", Matcher().entry("extension-collection"))
False
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from ..lazy_regex import LazyPattern
from ..models import Entry
from ..normalize import clean, is_chinese, sound_key, terms
from ..once import Once
from .asked import COUNT, COUNT_UNITS, counted
from .follow_up_words import topic_names
from .grammar import grammar_only
from .index import FEWEST, Index, PerEntry
from .words import chinese_words, dictionary

CORE = 0.7
"""The share of an entry's phrasings that must hold a pair for it to be the entry's topic word: a lower share
takes for topic words pairs that only some ways of asking hold, and holds back questions the entry answers."""

RECURRING = 10
"""A bare entry's (one phrasing) topic words are the words of two characters its question shares with more than
this many other bare questions of the base, other than function words (怎么, 什么: ``words.Dictionary``): what
a long list of bare questions asks about again and again (柚借, 柚付) and sets its siblings apart by. A lower
count reads as topics words that other words say as well (额度, 还款), and loses questions the base answers."""


SOME = LazyPattern(rf"几个?({COUNT_UNITS})")
"""A count of 几 (几天, 几个月): some number under ten, which a phrasing saying it leaves open."""

NEGATED_SHORT = 16
"""Questions up to this length (normalized) are read for a negated topic word: a story may say 我从来没逾期过 in
passing and ask what being late does."""

AFTER_TOPIC = ("期间", "以后", "之后", "的话", "后", "了", "时")
"""Words of time or condition that may follow an entry's topic word in its phrasings (延期期间, 延期后, 延期了): taken
out with it, they leave the entry's question asked of nothing (``Topics.untopical``)."""

NEGATION = frozenset("不没未非别")
"""The characters that negate the word after them (不延期, 没分期, 未逾期)."""

CONDITION = ("如果", "要是", "假如", "若是", "万一", "若")
"""Words opening a condition: a negated topic word asks about the other case only as a condition, opening the
question (不延期的话会被告吗) or after one of these (如果没分期会怎样); elsewhere it is a goal or a time (怎样规划财务
才能不逾期, 还没逾期可以先联系客服吗), which the entries on planning or calling early answer."""



def _words(text: str) -> set[str]:
    # The words of two characters or more of ``text``'s Chinese runs, other than function words, as sound keys
    words = dictionary()
    return {sound_key(word) for _, word in chinese_words(text, words)
            if len(word) > 1 and not words.function_word(word)}


def _grammatical_pair(text: str, key: str, pair: str) -> bool:
    # Whether ``pair`` (of sound key ``key`` of ``text``) is written in ``text`` as two function words (我的, 这个):
    # no topic word, whatever an entry's phrasings hold it beside.
    words = dictionary()
    return any(key[i:i + 2] == pair and all(words.function_word(char) for char in text[i:i + 2])
               for i in range(len(key) - 1))


def _counts(text: str) -> set[tuple[str, str]]:
    return {(number.lstrip("0"), unit) for number, unit in COUNT.findall(text)}


class Topics:
    """The topic check for one knowledge base (see the module's docstring); its tables are gathered on the
    first question that needs them. Safe to share across threads."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._tables = Once(self._gather)
        self._conditions = Once(self._gather_conditions)

    def tables(self) -> tuple[list[frozenset[str]], list[frozenset[str]], frozenset[str]]:
        """Per entry, its core pairs (none for small talk, the out-of-scope pseudo-entry, entries of fewer than
        ``index.FEWEST`` phrasings and every entry of a large base) and all the pairs its phrasings hold; and the
        union of the core pairs. Gathered once, from the phrasings' sound keys."""
        return self._tables.get()

    def gathered(self) -> dict[str, list[str]]:
        """The tables (``tables``), gathered now if not yet, as lists of strings: per entry its core pairs, all its
        pairs and its condition (``conditions``), each set one string of its pairs in order. What the cache stores
        beside the index; ``adopt`` takes them back."""
        cores, held, _ = self.tables()
        conditions = self.conditions()
        return {"topics.cores": ["".join(sorted(pairs)) for pairs in cores],
                "topics.held": ["".join(sorted(pairs)) for pairs in held],
                "topics.conditions": ["".join(sorted(conditions.get(owner, ()))) for owner in range(len(cores))]}

    def adopt(self, data: Mapping[str, Any]) -> None:
        """Take the tables ``gathered`` returned (read back from the cache), before the first question. Raises
        ``TypeError`` or ``KeyError`` when ``data`` does not hold them, one string of pairs per entry."""
        nothing: frozenset[str] = frozenset()
        tables: list[list[frozenset[str]]] = []
        for name in ("topics.cores", "topics.held", "topics.conditions"):
            table = data[name]
            if (type(table) is not list or len(table) != len(self.index.entries)
                    or not all(type(pairs) is str and len(pairs) % 2 == 0 for pairs in table)):
                raise TypeError(f"{name} is not a string of pairs per entry")
            tables.append([frozenset(pairs[i:i + 2] for i in range(0, len(pairs), 2)) if pairs else nothing
                           for pairs in table])
        self._tables.set((tables[0], tables[1], frozenset().union(*tables[0])))
        self._conditions.set({owner: pairs for owner, pairs in enumerate(tables[2]) if pairs})

    def _other_number(self, text: str, owner: int) -> bool:
        asked = _counts(text)
        if not asked:
            return False
        index = self.index
        first, end = index.first_phrasing[owner], index.first_phrasing[owner + 1]
        own = _counts(index.texts[first])
        said = set().union(*(_counts(index.texts[phrasing]) for phrasing in range(first, end)))
        # 几天 in a phrasing (刚逾期几天怎么办) says the entry holds for any count of days under ten.
        open_units = set().union(*(SOME.findall(index.texts[phrasing]) for phrasing in range(first, end)))
        units = {unit for _, unit in own}
        return any(unit in units for _, unit in asked) and not asked & said and not any(
            unit in open_units and len(number) == 1 for number, unit in asked)

    def _gather(self) -> tuple[list[frozenset[str]], list[frozenset[str]], frozenset[str]]:
        index = self.index
        cores: list[frozenset[str]] = []
        held: list[frozenset[str]] = []
        bare = self._bare_topics() if not index.exact else {}
        nothing: frozenset[str] = frozenset()  # one for every entry without pairs: one each would take MB
        for owner, entry in enumerate(index.entries):
            first, end = index.first_phrasing[owner], index.first_phrasing[owner + 1]
            if owner in bare:
                cores.append(bare[owner])
                key = index.keys[first] if index.keys is not None else sound_key(index.texts[first])
                held.append(frozenset(key[i:i + 2] for i in range(len(key) - 1)))
                continue
            if index.exact or entry.smalltalk or owner == index.negative or end - first < FEWEST:
                cores.append(nothing)
                held.append(nothing)
                continue
            counts: Counter[str] = Counter()
            for phrasing in range(first, end):
                key = index.keys[phrasing] if index.keys is not None else sound_key(index.texts[phrasing])
                counts.update({key[i:i + 2] for i in range(len(key) - 1)})
            cores.append(frozenset(pair for pair, count in counts.items() if count >= CORE * (end - first)))
            held.append(frozenset(counts))
        return cores, held, frozenset().union(*cores)

    def _bare_topics(self) -> dict[int, frozenset[str]]:
        # Each bare entry's question's pairs of Chinese characters (as sound keys) that RECURRING other bare
        # questions hold too, function words left out.
        index = self.index
        pairs: dict[int, set[str]] = {}
        for owner, entry in enumerate(index.entries):
            first, end = index.first_phrasing[owner], index.first_phrasing[owner + 1]
            if end - first != 1 or entry.smalltalk or owner == index.negative:
                continue
            text = index.texts[first]
            pairs[owner] = {text[i:i + 2] for i in range(len(text) - 1)
                            if is_chinese(text[i]) and is_chinese(text[i + 1])}
        counts = Counter(pair for found in pairs.values() for pair in found)
        recurring = [pair for pair, count in counts.items() if count > RECURRING]
        if not recurring:  # (most bases: the general dictionary is not read for them)
            return {}
        words = dictionary()
        topical = {pair for pair in recurring if not words.function_word(pair)}
        return {owner: frozenset(sound_key(pair) for pair in found & topical) for owner, found in pairs.items()}

    def contrasted(self, text: str, entry: Entry, rival: Entry) -> bool:
        """True when normalized ``text`` holds a word of ``rival``'s question that ``entry``'s lacks, standing
        where a word of ``entry``'s question stands that neither the text nor ``rival``'s question holds: the
        two words as long and alike in one place, the other characters different (分期 for 延期, 柚付 for 柚借;
        not 出来 for 导出, which is no word of the same place). Words are the general dictionary's, of two
        characters or more and no function words, compared as sound keys. Only for two bare entries (one
        phrasing each, their questions): False for any other."""
        if len(entry.phrasings) != 1 or len(rival.phrasings) != 1 or entry.smalltalk or rival.smalltalk:
            return False
        asked = _words(text)
        own, its = _words(self.index.normalize(entry.question)), _words(self.index.normalize(rival.question))
        theirs = (asked & its) - own
        lacking = own - asked - its
        return any(len(word) == len(instead) and any(a == b for a, b in zip(word, instead))
                   for word in theirs for instead in lacking)

    def displaced(self, text: str, entry: Entry) -> bool:
        """True when normalized ``text`` lacks a core pair of ``entry`` and holds in its stead another
        entry's core pair that none of ``entry``'s phrasings hold, sharing a character with it or standing in its
        slot (``_in_slot``: 征信多久恢复 of 额度多久恢复), or when it counts in a unit that ``entry``'s question
        counts in with a number none of ``entry``'s phrasings hold (逾期30天 for 逾期4天了怎么办), or when it shares
        with a bare ``entry`` only the grammar both end on (``grammar.grammar_only``: 还书晚了怎么办 of 书丢了怎么办),
        or when a short one negates a core pair of ``entry`` that none of its phrasings negate (不延期的话会被告吗),
        or when it counts a doing (``asked.counted``) sounding in another entry's core pair that ``entry`` never
        writes (借 of 最多能借多少 for the instalment entry); False otherwise, and for an entry the index does not
        hold. Never raises for any text."""
        owner = self.index.entry_index.get(entry.id, -1)
        if owner < 0:
            return False
        if self._other_number(text, owner) or self._negated(text, owner) or self._counts_another(text, owner):
            return True
        return bool(self._displacing(text, owner)) or grammar_only(self.index, text, owner)

    def _counts_another(self, text: str, owner: int) -> bool:
        # A doing counted (最多能借多少) that sounds in another entry's core pair and that entry ``owner`` never writes.
        # Characters, not sounds, for what the entry writes (借 sounds like 结 of 结合), as written too (a synonym
        # may have put the verb otherwise: 往后推 read 延期).
        verbs = counted(text)
        if not verbs:
            return False
        cores, _, every_core = self.tables()
        others = every_core - cores[owner]
        entry = self.index.entries[owner]
        written = "|".join((*self.index.phrasing_texts(owner), *map(clean, entry.phrasings),
                            *(() if self.index.exact else (clean(entry.answer),))))
        return any(verb not in written and any(sound_key(verb) in pair for pair in others) for verb in verbs)

    def _negated(self, text: str, owner: int) -> bool:
        # A core pair of entry ``owner`` right after a negation, negated so in none of its phrasings.
        if len(text) > NEGATED_SHORT:
            return False
        cores = self.tables()[0][owner]
        if not cores:
            return False
        phrasings = self.index.phrasing_texts(owner)
        key = sound_key(text)
        return any(key[i:i + 2] in cores and text[i - 1] in NEGATION
                   and (i == 1 or text[:i - 1].endswith(CONDITION))
                   and not any(text[i - 1:i + 2] in phrasing for phrasing in phrasings)
                   for i in range(1, len(key) - 1))

    def _displacing(self, text: str, owner: int) -> set[str]:
        # The question's pairs that stand where a core pair of entry ``owner`` would (see ``displaced``).
        cores, held, every_core = self.tables()
        if not cores[owner]:
            return set()
        key = sound_key(text)
        pairs = {key[i:i + 2] for i in range(len(key) - 1)}
        lacking = cores[owner] - pairs
        others = (pairs & every_core) - held[owner]
        return {pair for pair in others if any(not set(pair).isdisjoint(core) for core in lacking)
                or (self._in_slot(key, pair, lacking, owner) and not _grammatical_pair(text, key, pair))}

    def _in_slot(self, key: str, pair: str, lacking: frozenset[str], owner: int) -> bool:
        # Sound key ``key`` holds ``pair`` where a phrasing of entry ``owner`` holds one of its ``lacking`` core
        # pairs: beside the two characters that stand beside that pair there (征信多久恢复 of 额度多久恢复).
        for phrasing in self.index.phrasing_texts(owner):
            written = sound_key(phrasing)
            for core in lacking:
                at = written.find(core)
                if at < 0:
                    continue
                after, before = written[at + 2:at + 4], written[max(at - 2, 0):at]
                if (len(after) == 2 and pair + after in key) or (len(before) == 2 and before + pair in key):
                    return True
        return False

    def untopical(self, text: str, entry: Entry) -> bool:
        """True when normalized ``text`` holds none of ``entry``'s core pairs nor a character of its topic word as a
        phrasing writes it, a doing of the general dictionary (延期, not the thing 额度), and is that phrasing with the
        topic word taken out (and a word of time or condition right after it: ``AFTER_TOPIC``): the entry's question
        asked of nothing (会不会被起诉 of 延期会不会被起诉, 会被告吗 of 延期期间会被告吗), which it answers only under
        its topic's condition (no suit during an extension is no answer to whether one is sued; 多久能恢复 of
        额度多久能恢复 still asks the limit's question); False otherwise, and for an entry with no core pair measured
        on ``FEWEST`` phrasings or more (a bare question's recurring words are no condition), or that the index does
        not hold."""
        owner, cores = self._cores(entry)
        key = sound_key(text)
        if not cores or any(core in key for core in cores):
            return False
        table = dictionary()
        for phrasing in self.index.phrasing_texts(owner):
            written = sound_key(phrasing)
            for core in cores:
                at = written.find(core)
                while at >= 0:
                    rest = phrasing[at + 2:]
                    topic = phrasing[at:at + 2]
                    if set(topic).isdisjoint(text) and table.known_doing(topic) and any(
                            rest.startswith(word) and phrasing[:at] + rest[len(word):] == text
                            for word in ("", *AFTER_TOPIC)):
                        return True
                    at = written.find(core, at + 1)
        return False

    def unconditioned(self, text: str, entry: Entry) -> bool:
        """True when normalized ``text`` names no word of ``entry``'s declared topic (``follow_up_words.topic_names``)
        nor a character of its condition (``conditions``), and holds a noun of the general dictionary (two characters
        or more, holding no entry's core pair: 罚息 is a topic of its own) that ``entry``'s phrasings hold, and that
        the phrasings of every entry with a condition hold only beside their entry's condition, under two conditions
        or more: the base speaks of the thing only under one condition or another, and the question asks of it in
        general (利息 of 微粒贷平时的利息是怎么算的, against the entry on the overdue fees, whose phrasings name 利息
        only with 逾期, as the extension's do with 延期), which no entry says (违约金 is not: the entry on the fees
        asks 违约金是怎么算的 of no condition); False otherwise, and for an entry without a condition or that the
        index does not hold."""
        conditions = self.conditions()
        owner = self.index.entry_index.get(entry.id, -1)
        own = conditions.get(owner)
        if not own or entry.topic is None:
            return False
        key = sound_key(text)
        if any(char in key for pair in own for char in pair) or topic_names(entry.topic, self.index) & terms(key):
            return False
        every = self.tables()[2]
        table = dictionary()
        words = [word for _, word in chinese_words(text, table)]
        if sum(not table.function_word(word) for word in words) < 2:
            # A thing named alone (利率, 那利率呢) asks what the base says of it, not of the plain thing.
            return False
        for word in words:
            if len(word) < 2 or not table.known_noun(word):
                continue
            noun = sound_key(word)
            if any(pair in noun for pair in every):  # (an entry's topic word itself: 罚息 of 延期期间的罚息)
                continue
            holders = [other for other in conditions if self._holds(noun, other)]
            if owner in holders and len({conditions[other] for other in holders}) > 1 and all(
                    self._beside_condition(noun, other, conditions[other]) for other in holders):
                return True
        return False

    def conditions(self) -> dict[int, frozenset[str]]:
        """Per entry with a declared topic and core pairs measured on ``FEWEST`` phrasings or more, its condition:
        its core pairs that its topic names as a doing of the general dictionary (as sound keys: 逾期 of 逾期处理, 延期
        of 延期还款; not the thing 客服); entries with none left out. Gathered once, on the first question that needs
        it."""
        return self._conditions.get()

    def _gather_conditions(self) -> dict[int, frozenset[str]]:
        cores = self.tables()[0]
        table = dictionary()
        found: dict[int, frozenset[str]] = {}
        for owner, entry in enumerate(self.index.entries):
            if entry.topic is None or not self._measured(owner) or not cores[owner]:
                continue
            # A doing the topic names (逾期 of 逾期影响, 延期 of 延期还款): a state the entry speaks under. A thing it
            # names (客服, 公众号) is what the entry is about, not a condition of it.
            topic = self.index.normalize(entry.topic)
            named = frozenset(sound_key(topic[at:at + 2]) for at in range(len(topic) - 1)
                              if sound_key(topic[at:at + 2]) in cores[owner] and table.known_doing(topic[at:at + 2]))
            if named:
                found[owner] = named
        return found

    def _holds(self, noun: str, owner: int) -> bool:
        # Whether a phrasing of entry ``owner`` holds sound key ``noun``.
        return any(noun in key for key in _keys(self.index, owner))

    def _beside_condition(self, noun: str, owner: int, condition: frozenset[str]) -> bool:
        # Whether every phrasing of entry ``owner`` holding sound key ``noun`` holds the characters of a pair of
        # ``condition``, side by side or not (分36期 says 分期).
        return all(any(all(char in key for char in pair) for pair in condition)
                   for key in _keys(self.index, owner) if noun in key)

    def holds_topic(self, text: str, entry: Entry) -> bool:
        """True when normalized ``text`` holds every core pair of ``entry`` (its topic word, as sound keys: 分期 of
        分期怎么申请 for the entry on how to apply for instalments); False when it lacks one, and for an entry with no
        core pair measured on ``FEWEST`` phrasings or more, or that the index does not hold."""
        _, cores = self._cores(entry)
        key = sound_key(text)
        return bool(cores) and all(core in key for core in cores)

    def _cores(self, entry: Entry) -> tuple[int, frozenset[str]]:
        # Entry ``entry``'s place in the index (-1: none) and its core pairs when measured (``_measured``), else none.
        owner = self.index.entry_index.get(entry.id, -1)
        return owner, self.tables()[0][owner] if self._measured(owner) else frozenset()

    def _measured(self, owner: int) -> bool:
        # Whether entry ``owner`` (-1: none) has its topic measured on its phrasings (``FEWEST`` or more), not read
        # off a bare list's recurring words (``RECURRING``: which product a sibling question names, no condition).
        index = self.index
        return owner >= 0 and index.first_phrasing[owner + 1] - index.first_phrasing[owner] >= FEWEST

    def takes_place(self, text: str, displaced: Entry, entry: Entry) -> bool:
        """True when normalized ``text`` puts a core pair of ``entry`` where a core pair of ``displaced``
        stands (延期怎么弄: extension-how's 延期 where 逾期了怎么办's 逾期 would be), or counts in a unit that only
        ``entry``'s phrasings count in (``_counted``: 能分36期吗 of 逾期了能分期吗 and 能分24期吗), so that ``entry``
        is what the question asks about in ``displaced``'s stead, or puts in the slot of a core pair of ``displaced``
        (``_in_slot``) a pair that ``entry``'s phrasings hold (征信 of 已经还清了征信多久恢复 in 额度多久恢复's slot:
        征信还能恢复正常吗); False otherwise, and for an entry the index does not hold."""
        owner = self.index.entry_index.get(displaced.id, -1)
        other = self.index.entry_index.get(entry.id, -1)
        if owner < 0 or other < 0:
            return False
        cores, held, _ = self.tables()
        displacing = self._displacing(text, owner)
        return (not displacing.isdisjoint(cores[other]) or self._counted(text, owner, other)
                or any(pair in held[other] and self._in_slot(sound_key(text), pair, cores[owner] - {pair}, owner)
                       for pair in displacing))

    def _counted(self, text: str, displaced: int, owner: int) -> bool:
        """True when normalized ``text`` counts with a number in a unit (``COUNT``) that a phrasing of entry
        ``owner`` counts in (24期) and none of entry ``displaced``'s do, and holds no pair of characters
        (as sound keys, but the number's) that ``displaced``'s phrasings hold and ``owner``'s lack: the count is
        what the question asks about, and only ``owner`` counts so (能分36期吗: the entry on how many instalments,
        not the one on how to ask for them). A count beside the other's words (逾期2天会上征信吗) is a detail."""
        asked = {unit for _, unit in COUNT.findall(text)}
        if not asked or not asked & _units(self.index, owner) or asked & _units(self.index, displaced):
            return False
        key = sound_key(text)
        pairs = {key[i:i + 2] for i in range(len(key) - 1) if not (key[i].isdigit() or key[i + 1].isdigit())}
        return pairs.isdisjoint(self._pairs(displaced) - self._pairs(owner))

    def _pairs(self, owner: int) -> set[str]:
        # The pairs of adjacent characters of entry ``owner``'s phrasings, as sound keys.
        return {key[i:i + 2] for key in map(sound_key, self.index.phrasing_texts(owner)) for i in range(len(key) - 1)}


def _find_units(index: Index, owner: int) -> frozenset[str]:
    """The units of time or of instalments entry ``owner``'s phrasings count in with a number (24期)."""
    return frozenset(unit for phrasing in index.phrasing_texts(owner) for _, unit in _counts(phrasing))


def _find_keys(index: Index, owner: int) -> tuple[str, ...]:
    """The sound keys of entry ``owner``'s phrasings."""
    return tuple(map(index.key, range(index.first_phrasing[owner], index.first_phrasing[owner + 1])))


_units = PerEntry(_find_units)
_keys = PerEntry(_find_keys)
