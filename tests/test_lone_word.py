"""A word asked alone, or a short question asking how to do a thing: what such questions settle on (issue #17)."""

from __future__ import annotations

import pytest

from assistant import Matcher
from assistant.matching.how_doing import doing
from assistant.matching.lone_word import word_alone


@pytest.mark.parametrize(("question", "previous", "status", "entry", "offered"), [
    # A word of two entries' topic: offered with the runner-up, the most general of them among the list
    # unsettled between 分期数 and 逾期了能分期吗, both about 分期: the one asking about it and nothing else answers
    # it in general (``general``)
    ("分期", None, "answer", "instalment-how", None),
    ("那分期呢", "hotline-number", "answer", "instalment-how", None),   # after an unrelated answer
    ("那分期呢", "extension-how", "answer", "instalment-how", None),   # read with the previous question: settled
    # A word an entry writes only in passing (今天才发现) is no question it answers
    ("今天", None, "none", "overdue-4-days", None),
    # A word one entry is about and the next only names: answered
    ("违约金", None, "answer", "penalty-interest", None),
    ("登录", None, "answer", "login-app", None),
    ("还款日", None, "answer", "due-date", None),
    ("密码", None, "answer", "forgot-password", None),
    # How to do what the best never says and a close one does (查 of 要定期查征信吗): a list
    ("征信怎么查", None, "clarify", "improve-credit-record", "check-credit-report"),
    ("怎么查征信", None, "answer", "check-credit-report", None),
    ("征信怎么修复", None, "answer", "improve-credit-record", None),
    ("公众号怎么绑定", None, "answer", "wechat-bind", None),
    ("逾期了怎么办", None, "answer", "overdue-what-to-do", None),
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


@pytest.mark.parametrize(("question", "word"), [
    ("征信怎么查", "查"), ("怎么申请延期", "申请"), ("逾期了怎么办", "办"), ("怎么才能不逾期", ""),
    ("额度多久恢复", ""), ("怎么", ""),
])
def test_the_doing_is_the_word_after_how(question: str, word: str) -> None:
    assert doing(question) == word


def test_the_hotline_answer_tells_its_hours(bundled: Matcher) -> None:
    # The seed calls 400-999-8866 a 24小时服务热线 (002, 联系微粒贷客服 > 客服电话): the answer says so.
    reply = bundled.reply("客服几点下班")
    assert (reply.status, reply.id) == ("answer", "hotline-number")
    assert "24 小时" in (reply.answer or "")
