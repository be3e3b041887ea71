"""A word asked alone: what such a question settles on (issue #17)."""

from __future__ import annotations

import pytest

from assistant import Matcher
from assistant.matching.lone_word import word_alone


@pytest.mark.parametrize(("question", "previous", "status", "entry", "offered"), [
    # A word of two entries' topic: offered with the runner-up, the most general of them among the list
    ("分期", None, "clarify", "instalment-periods", "instalment-how"),
    ("那分期呢", "hotline-number", "clarify", "instalment-periods", "instalment-how"),   # after an unrelated answer
    ("那分期呢", "extension-how", "answer", "instalment-how", None),   # read with the previous question: settled
    # A word an entry writes only in passing (今天才发现) is no question it answers
    ("今天", None, "none", "overdue-4-days", None),
    # A word one entry is about and the next only names: answered
    ("违约金", None, "answer", "penalty-interest", None),
    ("登录", None, "answer", "login-app", None),
    ("还款日", None, "answer", "due-date", None),
    ("密码", None, "answer", "forgot-password", None),
])
def test_a_lone_word_or_a_doing_settles_on_an_entry_that_is_about_it(
        bundled: Matcher, question: str, previous: str | None, status: str, entry: str, offered: str | None) -> None:
    reply = bundled.reply(question, previous=previous)
    assert (reply.status, reply.id) == (status, entry)
    if offered is not None:
        assert offered in [match.id for match in reply.suggestions]


@pytest.mark.parametrize(("question", "word"), [
    ("分期", "分期"), ("今天", "今天"), ("多久", ""), ("分期怎么申请", ""), ("柚付", ""), ("a分期", ""),
])
def test_a_word_alone_is_one_word_of_the_dictionary(question: str, word: str) -> None:
    assert word_alone(question) == word


def test_the_hotline_answer_tells_its_hours(bundled: Matcher) -> None:
    # The seed calls 400-999-8866 a 24小时服务热线 (002, 联系微粒贷客服 > 客服电话): the answer says so.
    reply = bundled.reply("客服几点下班")
    assert (reply.status, reply.id) == ("answer", "hotline-number")
    assert "24 小时" in (reply.answer or "")
