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
