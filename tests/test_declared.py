"""Declared out-of-scope questions: whether the one a question reads like speaks for it rather than the closest
entries (``declared.Declared.says_more``), and whether they may score enough to be refused for at all
(``Declared.may_reach``), on the bundled base."""

from __future__ import annotations

from pathlib import Path

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


@pytest.fixture(scope="module")
def reference() -> Matcher:
    return Matcher(exhaustive=True)


@pytest.mark.parametrize(("question", "may_reach"), [
    # the declared questions, scored alone, reach the score a list needs (suggest): they may be refused
    ("信用卡分期怎么申请", True),                 # a declared question word for word
    ("信用卡的最低还款额是怎么算的", True),
    ("花呗还不上了怎么办", True),
    ("微粒贷逾期了怎么办", True),                 # close to 京东白条逾期了怎么办 (whether it speaks for it: says_more)
    # they fall short: no reply scoring them among the candidates refuses the question for them
    ("客服电话是多少", False),
    ("还款日能改吗", False),
    ("今天天气怎么样", False),
    ("你好", False),                             # no term shared with any of them
])
def test_the_declared_questions_may_reach_a_score_only_when_scored_so_among_every_entry(
        bundled: Matcher, reference: Matcher, question: str, may_reach: bool) -> None:
    normalized = bundled.index.normalize(question)
    least = bundled.thresholds.suggest
    assert bundled.declared.may_reach(normalized, least) is may_reach
    scored = reference.score(normalized, floor=0.0, keep=len(bundled.index.entries)).get(bundled.index.negative)
    assert (scored is not None and scored.score >= least) is may_reach


def test_a_base_declaring_nothing_out_of_scope_has_no_declared_question_to_reach(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text("entries:\n  - id: hours\n    question: 几点开门\n    answer: 早上九点开门。\n", encoding="utf-8")
    matcher = Matcher.from_path(str(base))
    assert matcher.index.negative < 0
    assert matcher.declared.may_reach(matcher.index.normalize("几点开门"), 0.0) is False
