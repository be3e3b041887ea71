"""The context rule: ``previous=`` only reads a short follow-up; a question that stands on its own keeps its reply."""

from __future__ import annotations

import pytest

from assistant import Matcher

STANDS_ALONE = [
    # (previous entry, question): the question is about something else, whatever was asked before
    ("overdue-credit-reporting", "明天会下雨吗"),
    ("overdue-credit-reporting", "明天北京会下雨吗"),
    ("overdue-credit-reporting", "1+1等于几"),
    ("penalty-interest", "今天天气怎么样"),
    ("penalty-interest", "锟斤拷烫烫烫"),
]

FOLLOW_UPS = [
    # (previous entry, short follow-up, the entry it asks about)
    ("penalty-interest", "那是怎么算的", "overdue-fees-calculation"),
    ("extension-how", "最长能延多久", "extension-max"),
    ("instalment-how", "能分几期", "instalment-periods"),
    ("hotline-number", "打通之后怎么弄", "hotline-steps"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher()


@pytest.mark.parametrize(("previous", "question"), STANDS_ALONE)
def test_context_never_carries_into_a_question_that_stands_alone(matcher: Matcher, previous: str,
                                                                 question: str) -> None:
    alone = matcher.reply(question)
    after = matcher.reply(question, previous=previous)
    assert alone.status == "none"
    assert after.status == "none"
    assert after.text == matcher.knowledge.fallback


@pytest.mark.parametrize(("previous", "question", "expected"), FOLLOW_UPS)
def test_a_short_follow_up_is_read_with_the_previous_question(matcher: Matcher, previous: str, question: str,
                                                             expected: str) -> None:
    reply = matcher.reply(question, previous=previous)
    assert reply.status == "answer"
    assert reply.entry is not None and reply.entry.id == expected
