"""Calendar words: a question naming a day of the weekend or a holiday by a word no phrasing of the base writes is read
with the base's own word for it (``matching/calendar_words.py``), so a bot author's 周末营业吗 answers 星期六开门吗."""

from __future__ import annotations

import doctest

import pytest

from assistant import Matcher, knowledge_from_data
from assistant.entry_ids import question_id
from assistant.matching import calendar_words
from assistant.matching.calendar_words import CalendarWords

SHOP = ["花店几点开门", "周末营业吗", "节假日营业吗", "可以送货上门吗"]
"""A shop's bare phrasings, normalized: 周末 and 节假日 written, no day and no holiday by name."""


@pytest.mark.parametrize(("phrasings", "question", "read"), [
    (SHOP, "星期六开门吗", "周末开门吗"),
    (SHOP, "礼拜天有人吗", "周末有人吗"),
    (SHOP, "周日营业不", "周末营业不"),
    (SHOP, "周六日营业吗", "周末营业吗"),          # Saturday and Sunday
    (SHOP, "周6日营业吗", "周末营业吗"),          # as some type it
    (SHOP, "国庆放假开门吗", "节假日放假开门吗"),
    (SHOP, "五一开门吗", "节假日开门吗"),
    (SHOP, "过年休息吗", "节假日休息吗"),           # no 春节 written: the holidays
    (["春节期间营业吗", "周末开门吗"], "过年开门吗", "春节开门吗"),   # 春节 written: it, not 节假日
    (["过年开门吗"], "春节期间营业吗", "过年期间营业吗"),
    (["周六营业吗", "周末有活动吗"], "周六开门吗", "周六开门吗"),     # a word the base writes is never read otherwise
    (["周六营业吗", "周末有活动吗"], "星期天开门吗", "周末开门吗"),
    (["几点开门", "在哪里"], "星期六开门吗", "星期六开门吗"),         # the base writes none of the words: as typed
    (SHOP, "逾期一个星期了怎么办", "逾期一个星期了怎么办"),          # a week, not a day of it
    (SHOP, "礼拜一开门吗", "礼拜一开门吗"),                          # a weekday is no weekend
    # characters of other words, as the general dictionary cuts the question, are no calendar word
    (SHOP, "超过年龄了还能学吗", "超过年龄了还能学吗"),              # 超过 年龄
    (SHOP, "车辆过年检了吗", "车辆过年检了吗"),                      # 过 年检
    (SHOP, "这周天气好吗", "这周天气好吗"),                          # 周 天气
    (SHOP, "十五一个人多少钱", "十五一个人多少钱"),                  # 十五 一个
    (SHOP, "我国庆幸有这家店", "我国庆幸有这家店"),                  # 我国 庆幸
    (SHOP, "礼拜日和五一劳动节开门吗", "周末和节假日节假日开门吗"),   # 礼拜 日, 五一 劳动节: whole words
    (SHOP, "这个周日营业吗", "这个周末营业吗"),
    # the first word of a place's name is no calendar word
    (SHOP, "国庆路店几点开门", "国庆路店几点开门"),
    (SHOP, "五一广场那家店周日开吗", "五一广场那家店周末开吗"),
    (SHOP, "周六路上堵吗", "周末路上堵吗"),                          # 路上: on the way, no place
])
def test_a_calendar_word_the_base_never_writes_is_read_as_its_own(phrasings: list[str], question: str,
                                                                   read: str) -> None:
    assert CalendarWords(phrasings).read(question) == read


def test_a_bare_list_asking_about_the_weekend_answers_a_question_about_saturday() -> None:
    matcher = Matcher(knowledge_from_data([
        {"question": "花店几点开门？", "answer": "每天早上八点半开门，晚上九点打烊。"},
        {"question": "周末营业吗？", "answer": "周六周日正常营业，时间和平时一样。"},
        {"question": "节假日营业吗？", "answer": "法定节假日照常营业。"},
        {"question": "可以送货上门吗？", "answer": "市区五公里内免费配送。"},
    ]))
    assert matcher.search("星期六开门吗", limit=1)[0].id == question_id("周末营业吗？")
    assert matcher.search("国庆放假开门吗", limit=1)[0].id == question_id("节假日营业吗？")


def test_the_bundled_base_reads_every_question_as_typed() -> None:
    # It writes none of the calendar words: nothing is read otherwise, and no question pays for the reading
    assert Matcher().query_text.calendar.replacements == {}


def test_the_examples_hold() -> None:
    results = doctest.testmod(calendar_words, verbose=False, report=True)
    assert results.attempted > 0 and results.failed == 0
