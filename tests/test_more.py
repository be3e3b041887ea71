"""A line asking only for more (还有呢, 然后呢, what else) names nothing an entry answers (``matching.more``).

Read as a question, 还有呢 scored 73 on 逾期了还有救吗 ("is there still hope") and was answered 还有机会; it gets no
entry, asked first or after an answer. (What a conversation says to it instead: tests/test_conversation.py.)
"""

from __future__ import annotations

import pytest

from assistant import Matcher, knowledge_from_data
from assistant.matching.more import asks_for_more

SHOP = knowledge_from_data([
    {"question": "几点发货？", "answer": "每天下午四点前下单当天发货。"},
    {"question": "还有货吗？", "answer": "页面能下单就是有货。"},
    {"question": "可以退货吗？", "answer": "签收七天内可以无理由退货。"},
], name="shop")


@pytest.mark.parametrize(("line", "more"), [
    ("还有呢", True), ("还有吗", True), ("还有别的吗", True), ("还有什么", True), ("还有没有别的", True),
    ("其他的呢", True), ("别的呢", True), ("然后呢", True), ("那还有呢", True), ("除此之外呢", True),
    ("还有", True), ("what else", True), ("anything else", True), ("tell me more", True),
    ("还有罚息吗", False),        # asks about a thing of its own
    ("还有救吗", False),
    ("还有多少没还", False),
    ("还有什么办法", False),
    ("然后怎么办", False),
    ("其他银行能贷吗", False),
    ("more info", False),
    ("", False),
])
def test_a_line_asking_only_for_more(bundled: Matcher, line: str, more: bool) -> None:
    assert asks_for_more(bundled.normalize(line)) is more


@pytest.mark.parametrize("line", ["还有呢", "还有呢？", "還有嗎", "然后呢", "还有别的吗"])
@pytest.mark.parametrize("previous", [None, "overdue-what-to-do", "hotline-number"])
def test_asking_for_more_gets_no_entry_alone_or_after_an_answer(bundled: Matcher, line: str,
                                                                previous: str | None) -> None:
    reply = bundled.reply(line, previous=previous)
    assert (reply.status, reply.match) == ("none", None)


@pytest.mark.parametrize(("line", "status"), [("还有呢", "none"), ("还有货吗", "answer")])
def test_in_a_bare_list_only_the_line_asking_for_more_gets_nothing(line: str, status: str) -> None:
    assert Matcher(SHOP).reply(line).status == status

