"""Declared out-of-scope questions: whether the one a question reads like speaks for it rather than the closest
entries (``declared.Declared.says_more``), on the bundled base."""

from __future__ import annotations

import pytest

from assistant import Matcher


@pytest.fixture(scope="module")
def bundled() -> Matcher:
    return Matcher()


def _declared(matcher: Matcher, question: str) -> int:
    normalized = matcher.index.normalize(question)
    return next(place for place, text in enumerate(matcher.index.texts)
                if text == normalized and matcher.index.owner[place] == matcher.index.negative)


@pytest.mark.parametrize(("question", "declared", "best", "says_more"), [
    # asked of the base's own product where the declared question names another lender
    ("微粒贷还不上了怎么办", "蚂蚁借呗还不上了怎么处理", "overdue-consequences", False),
    ("微粒贷逾期会怎样", "车贷逾期会怎样", "overdue-consequences", False),
    # another lender no entry names, in the place of the declared one's
    ("花呗还不上了怎么办", "蚂蚁借呗还不上了怎么处理", "overdue-consequences", True),
    ("信用卡还不上了怎么办", "蚂蚁借呗还不上了怎么处理", "overdue-what-to-do", True),   # 信用卡: not the entry's word
    # the declared question's own thing (信用卡) kept: only how it is asked differs (调高 is no thing named)
    ("信用卡额度怎么提升", "信用卡的额度怎么调高", "improve-credit-record", True),
])
def test_a_declared_question_speaks_for_a_question_holding_its_own_words(bundled: Matcher, question: str,
                                                                         declared: str, best: str,
                                                                         says_more: bool) -> None:
    normalized = bundled.index.normalize(question)
    assert bundled.declared.says_more(normalized, _declared(bundled, declared), [best]) is says_more


@pytest.mark.parametrize(("question", "declared", "best", "on_topic", "says_more"), [
    # the declared question asked without its thing (信用卡), about the best entry's own topic (分期)
    ("分期怎么申请", "信用卡分期怎么申请", "instalment-how", True, False),
    ("分期怎么办理", "怎么办理信用卡", "instalment-how", True, True),       # 办理: no word of the entry's
    # a word the entry never writes is what the declared question asks about (起诉), whatever the topic held
    ("逾期多少天会被起诉", "信用卡还不上会被起诉吗", "overdue-details-shown", True, True),
    # without the best entry's topic: the entry on suits during an extension never says 还不上 is no suit
    ("还不上会被起诉吗", "信用卡还不上会被起诉吗", "extension-collection", False, True),
    # the thing kept: the declared question itself
    ("信用卡分期怎么申请", "信用卡分期怎么申请", "instalment-how", True, True),
])
def test_a_declared_question_asked_without_its_thing_about_the_best_entrys_topic_is_the_bases(
        bundled: Matcher, question: str, declared: str, best: str, on_topic: bool, says_more: bool) -> None:
    normalized = bundled.index.normalize(question)
    assert bundled.topics.holds_topic(normalized, bundled.entry(best)) is on_topic
    assert bundled.declared.says_more(normalized, _declared(bundled, declared), [best],
                                      on_topic=on_topic) is says_more
