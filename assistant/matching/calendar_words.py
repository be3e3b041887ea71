"""Calendar words: a question naming a day of the weekend or a holiday by a word no phrasing of the base writes is
read with the base's own word for it (``CalendarWords.read``).

A bot author writes one word for the weekend or the holidays (周末营业吗, 节假日开门吗, 春节期间营业吗), and people
ask by the day (星期六开门吗, 礼拜天有人吗, 周日营业不) or the holiday (国庆放假开门吗, 过年休息吗). Between such
words the characters share nothing (星期六 and 周末, 过年 and 春节): read as typed, the question's day weighs nothing
and its question words (开门, 有人吗) take it to the opening hours or the greeting. The table is general Chinese, not
any base's: a day of the weekend is 周末, 过年 is 春节, a named public holiday is one of the 节假日. A word the base
writes itself is never read otherwise (a base asking 周六营业吗 keeps 周六), and only a word the base writes is put in
its place: a base writing none of them reads every question as typed. A calendar word is read only where it is a word
of the question as the general dictionary cuts it (``words``), not characters of other words (过年 of 超过年龄 or
过年检, 周天 of 这周天气, 五一 of 十五一个人), nor the first word of a place's name (国庆路, 五一广场: ``PLACE_HEADS``).

>>> from assistant import Matcher, knowledge_from_data
>>> matcher = Matcher(knowledge_from_data([{"question": "周末营业吗？", "answer": "周六周日照常营业。"},
...                                        {"question": "节假日营业吗？", "answer": "法定节假日照常营业。"}]))
>>> matcher.query_text.calendar.read("礼拜天有人吗"), matcher.query_text.calendar.read("国庆开门吗")
('周末有人吗', '节假日开门吗')
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .words import chinese_words

WEEKEND_DAYS = ("星期六", "星期天", "星期日", "礼拜六", "礼拜天", "礼拜日", "周六日", "周6日", "周六", "周日", "周天",
                "双休日")
"""A day (or the days) of the weekend as people name it (周6日 as some type 周六日)."""

HOLIDAYS = ("国庆节", "国庆", "五一", "劳动节", "元旦", "清明节", "清明", "端午节", "端午", "中秋节", "中秋", "春节",
            "过年")
"""Public holidays by name: each one of the 节假日."""

PLACE_HEADS = frozenset(["路", "街", "大街", "大道", "广场", "公园", "小区", "桥", "村"])
"""Words ending a place's name, as the general dictionary cuts them: a calendar word right before one names the place
(国庆路, 五一广场, 中秋街), not the day."""

READ_AS: dict[str, tuple[str, ...]] = {
    **{day: ("周末",) for day in WEEKEND_DAYS},
    **{holiday: ("节假日",) for holiday in HOLIDAYS},
    "过年": ("春节", "节假日"),
    "春节": ("过年", "节假日"),
}
"""Each calendar word, with the words the base may write for it instead, in order of preference: the first the base
writes is read in its place."""

READ_IN_PLACE = frozenset(alternative for alternatives in READ_AS.values() for alternative in alternatives)
"""The words read in a calendar word's place (周末, 节假日, 春节, 过年)."""


class CalendarWords:
    """Reads a question's calendar words as one base's phrasings write them; built from the phrasings' normalized
    texts. Safe to share across threads (read-only once built)."""

    def __init__(self, texts: Sequence[str]) -> None:
        written = "\n".join(texts)
        self.replacements: dict[str, str] = {}
        """Each calendar word no phrasing writes, with the base's word read in its place (of ``READ_AS``)."""
        # The few words read in others' place first: a base writing none of them (most) is searched for no other.
        own = {alternative for alternative in READ_IN_PLACE if alternative in written}
        for word, alternatives in READ_AS.items():
            found = next((alternative for alternative in alternatives if alternative in own), None)
            if found is not None and word not in written:
                self.replacements[word] = found
        # Longest first: 星期六 before 周六 would not matter, 周六日 before 周六 does
        self._longest_first = sorted(self.replacements, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, self._longest_first))) if self.replacements else None

    def read(self, text: str) -> str:
        """Normalized ``text`` with each calendar word the base never writes replaced by the base's word for it
        (``READ_AS``) where it is a word of ``text`` (``word_edges``) and no place's name opens on it (``PLACE_HEADS``);
        ``text`` itself when it names none, or the base writes none of the words read in their place."""
        if self._pattern is None or self._pattern.search(text) is None:
            return text
        cut = dict(chinese_words(text))
        edges = word_edges(text, cut)
        read, at = [], 0
        while at < len(text):
            found = next((word for word in self._longest_first
                          if text.startswith(word, at) and at + len(word) in edges
                          and cut.get(at + len(word)) not in PLACE_HEADS), None) if at in edges else None
            read.append(text[at] if found is None else self.replacements[found])
            at += 1 if found is None else len(found)
        return "".join(read)


def word_edges(text: str, cut: Mapping[int, str] | None = None) -> set[int]:
    """The places of ``text`` where a word starts or ends: in a run of Chinese characters, between the words the
    general dictionary cuts it into (``words.chinese_words``; ``cut``, when given, is that cut, each word by where it
    starts); elsewhere, around every character."""
    edges = set(range(len(text) + 1))
    for start, word in (chinese_words(text) if cut is None else cut.items()):
        edges.difference_update(range(start + 1, start + len(word)))
    return edges
