"""Swapped nouns (matching/swapped.py): a question putting another entry's noun where the closest phrasing of an
entry of few phrasings has its own asks that entry's question about the other thing, and is not answered with it.
The base here is made up for these tests."""

from __future__ import annotations

import pytest

from assistant import Matcher
from assistant.matching.swapped import Swapped, nouns
from assistant.models import Entry, Knowledge

MUSEUM = Knowledge("博物馆", "zh", "1", (
    Entry("route", "从火车站怎么过来？", "打车二十分钟，或坐三路公交。", alternates=("火车站过来远吗",)),
    Entry("parking", "停车场在哪？", "在地下二层，两小时内免费。", alternates=("自驾停车",)),
    Entry("ticket", "门票多少钱？", "成人五十元，学生半价。", alternates=("票价",)),
    Entry("shuttle", "有机场大巴吗？", "每天上午九点发车。", alternates=("机场班车",)),
    Entry("many", "能带相机吗？", "可以拍照，不能用闪光灯。",
          alternates=("能拍照吗", "可以拍照吗", "带相机进去", "相机能带吗", "拍照要钱吗", "可以用闪光灯吗")),
), "请问服务台。")
MATCHER = Matcher(MUSEUM)


@pytest.mark.parametrize(("question", "entry", "swapped"), [
    ("从机场怎么过来", "route", True),        # 机场 is the shuttle entry's, where 从火车站怎么过来 has 火车站
    ("从停车场怎么过来", "route", False),     # 停车场 is the parking entry's, but shares 车 with 火车站
    ("从火车站怎么过来呀", "route", False),   # nothing swapped
    ("从家里怎么过来", "route", False),       # 家里 is no entry's
    ("从火车站怎么去停车场", "route", False),  # 火车站 is still there
    ("停车场能带相机吗", "many", False),      # an entry of many phrasings: topic.py reads its topic words
])
def test_a_noun_of_another_entry_in_place_of_the_entry_s_own_displaces_it(question: str, entry: str,
                                                                          swapped: bool) -> None:
    text = MATCHER.index.normalize(question)
    assert Swapped(MATCHER.index).displaced(text, MATCHER.entry(entry)) is swapped


@pytest.mark.parametrize(("text", "expected"), [
    ("从火车站怎么过来", ["火车站"]),
    ("能不能来", []),            # verbs and function words are no nouns
    ("停车场门票", ["停车场", "门票"]),
    ("啥时候开门", []),          # 时候, among the commonest nouns, is how the question asks when
])
def test_nouns_are_the_dictionary_s_nouns_of_two_characters_or_more(text: str, expected: list[str]) -> None:
    assert nouns(text) == expected


def test_a_swapped_question_is_not_answered_with_the_entry() -> None:
    reply = MATCHER.reply("从机场怎么过来")
    assert not (reply.status == "answer" and reply.match is not None and reply.match.id == "route")
    assert MATCHER.reply("从火车站怎么过来呀").status == "answer"
