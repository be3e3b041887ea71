"""A thing named alone read as its general question (``matching.general``), on the bundled base: the entry its
yes-or-no question reads through a phrasing about the thing and nothing else answers it; otherwise the list of the
entries about it stays."""

from __future__ import annotations

import pytest

from assistant import Matcher
from assistant.matching.general import named_alone


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher()


GENERAL = [
    # (a thing named alone, the previous entry or None, the entry answering it in general)
    ("延期", None, "extension-how"),                 # 微粒贷能延期吗, not how long (延期上限) nor what it costs
    ("延期还款", None, "extension-how"),
    ("罚息", None, "penalty-interest"),              # 逾期有罚息吗, not where to see it nor how it is counted
    ("逾期罚息", None, "penalty-interest"),          # two words, which 逾期有罚息吗 writes apart in their order
    ("逾期征信", None, "overdue-credit-reporting"),  # 上征信吗 leaves out 逾期, a word most of the base says
    ("征信", None, "overdue-credit-reporting"),      # 逾期上征信吗, not why it matters nor how to mend it
    ("那延期呢", None, "extension-how"),             # a follow-up's shape with nothing to follow: its thing
    ("那罚息呢", "login-app", "penalty-interest"),   # … and read into no clear answer after one
    ("那征信呢", "instalment-agreement", "overdue-credit-reporting"),
    # its yes-or-no reading offers a list: the one entry of it asking about the thing and nothing else
    ("分期", None, "instalment-how"),                # 逾期了能分期吗 beside 分期数 (how many)
    ("那分期呢", "login-app", "instalment-how"),
]


@pytest.mark.parametrize(("question", "previous", "entry"), GENERAL)
def test_a_thing_named_alone_is_answered_by_the_entry_asking_about_it_in_general(
        matcher: Matcher, question: str, previous: str | None, entry: str) -> None:
    reply = matcher.reply(question, previous=previous)
    assert (reply.status, reply.match.id if reply.match else None) == ("answer", entry)
    assert reply.query == question


LISTED = [
    # (a thing named alone that no entry asks about in general: the list of the entries about it)
    "分期还款",    # no entry of its yes-or-no reading's list asks about it and nothing else
    "协议",        # an instalment's agreement and an extension's: 分期还款要签协议吗 names 分期还款 besides
    "信用记录",    # the base's synonym for 征信: 上征信吗 does not write it as asked
    "利息",        # 逾期会多收利息吗 asks what is charged more (收), 分期利息案例 an example
    "记录",        # 客服能帮我查还款记录吗 asks who looks it up (查, 客服)
    "客服",
]


@pytest.mark.parametrize("question", LISTED)
def test_a_thing_no_entry_asks_about_in_general_keeps_its_list(matcher: Matcher, question: str) -> None:
    assert matcher.reply(question).status == "clarify"


@pytest.mark.parametrize(("thing", "phrasing", "about_it"), [
    ("延期", "微粒贷能延期吗", True),        # 微粒贷: a word most of the base says
    ("征信", "逾期上征信吗", True),          # 逾期 too; 上 is one character
    ("延期", "延期上限", False),             # 上限: something more asked of it
    ("合同", "延期还款合同条款", False),
    ("罚息", "逾期费用怎么算", False),       # does not write it
    ("分期", "分期数", False),               # 数, a character of its own: how many
    ("利息", "逾期会多收利息吗", False),     # 收: what is charged
    ("延期", "微粒贷延期吗", True),          # 贷, a character most of the base holds
    # a thing of two words written apart, in their order, with nothing between the base does not say everywhere
    ("逾期罚息", "逾期有罚息吗", True),
    ("逾期征信", "逾期上征信吗", True),
    ("延期协议", "延期要签协议吗", True),     # 要 and 签: a function word and one character
    ("逾期征信", "上征信吗", True),            # 逾期, which most of the base says, may go unwritten
    ("征信延期", "延期会上征信吗", False),    # not in their order
    ("延期罚息", "逾期有罚息吗", False),      # one of its words not written
    ("逾期征信", "逾期会影响征信吗", False),  # 影响: something more asked of it
    ("分期利息", "分期后利息怎么算", False),  # 算: how it is counted
])
def test_a_phrasing_about_a_thing_says_nothing_else_the_base_does_not_say_everywhere(
        matcher: Matcher, thing: str, phrasing: str, about_it: bool) -> None:
    assert matcher.general.about_it(thing, matcher.normalize(phrasing)) is about_it


@pytest.mark.parametrize(("text", "alone"), [
    ("延期", True), ("罚息", True), ("延期还款", True),
    ("公众号", False),        # 号, a measure word to the dictionary
    ("要多久", False),        # a pronoun
    ("怎么延期", False),      # a question word
    ("延", False),            # one character
    ("延期ok", False),        # not all Chinese
])
def test_named_alone_is_a_thing_with_no_function_word(text: str, alone: bool) -> None:
    assert named_alone(text) is alone
