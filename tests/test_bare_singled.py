"""A bare question singled out: on a bot author's bare FAQ list (no alternates), a question whose rarest content
character only one entry's question writes, with nothing in it the base lacks (能退钱吗: 退 of 可以退卡吗 alone;
能, 钱 written elsewhere), reaches that entry: offered alone in a "您是不是想问…" list where only it scores
``bare_suggest`` (the fallback before), and answered from ``few_answer`` when it leads a bare runner-up by
``wide_margin`` (``grammar.singled`` telling it as a corroborated lead does). The base is made up for these tests."""

from __future__ import annotations

import pytest

from assistant import Matcher, Thresholds
from assistant.matching.decision import decide
from assistant.matching.grammar import singled
from assistant.models import Entry, Knowledge
from assistant.replies import Match, ScoreParts

QUESTIONS = (("refund", "可以退卡吗"), ("transfer", "会员卡能转让吗"), ("shower", "有淋浴吗"), ("open", "几点开门"),
             ("price", "办卡多少钱"), ("pause", "会员卡可以停卡吗"), ("trial", "可以免费体验吗"),
             ("coach", "私教课怎么收费"), ("classes", "有哪些团课"), ("locker", "有储物柜吗"), ("towel", "提供毛巾吗"),
             ("parking", "有停车位吗"), ("age", "多大可以办卡"), ("friend", "可以带朋友来吗"), ("pool", "有游泳池吗"))
ENTRIES = tuple(Entry(name, question, f"{question.rstrip('吗')}：请看会员手册。") for name, question in QUESTIONS)
GYM = Knowledge("健身房", "zh", "1", ENTRIES, "请问前台。")
MATCHER = Matcher(GYM)
BY_ID = {entry.id: entry for entry in ENTRIES}


@pytest.mark.parametrize(("question", "status", "offered"), [
    ("能退钱吗", "clarify", ["refund"]),            # 退 only refund writes; 能 and 钱 others: offered alone
    ("能退吗", "clarify", ["refund", "transfer"]),  # under wide_margin ahead of a bare runner-up: a list, refund first
    ("能停吗", "clarify", ["transfer", "parking"]),  # 停 of two entries (停车位, 停卡): no one entry singled
    ("能带人吗", "none", []),                       # 人 the base never writes
    ("能洗澡吗", "none", []),                       # nor 洗澡
])
def test_a_question_whose_rarest_character_one_entry_writes_reaches_it(
        question: str, status: str, offered: list[str]) -> None:
    reply = MATCHER.reply(question)
    assert (reply.status, [m.id for m in reply.suggestions]) == (status, offered)


@pytest.mark.parametrize(("question", "entry", "expected"), [
    ("能退钱吗", "refund", True),
    ("能退钱吗", "transfer", False),   # 能, commoner than 退, is not what is asked about
    ("能停吗", "pause", False),        # 停卡 and 停车位 both write 停
    ("能带人吗", "friend", False),     # 人: nothing of the base
    ("吗", "refund", False),           # no content character
])
def test_singled(question: str, entry: str, expected: bool) -> None:
    index = MATCHER.index
    assert singled(index, question, index.entry_index[entry]) is expected


def _ranked(*pairs: tuple[str, float]) -> list[Match]:
    return [Match(BY_ID[name], score, BY_ID[name].question, ScoreParts(0.0, 0.0, 0.0)) for name, score in pairs]


def _never(best: Match, runner_up: Match) -> bool:
    return False


@pytest.mark.parametrize(("pairs", "single", "status", "offered"), [
    # clear of a bare runner-up by wide_margin from few_answer, not corroborated: answered when singled, else a list
    ((("refund", 35.0), ("transfer", 26.0)), {"refund"}, "answer", []),
    ((("refund", 35.0), ("transfer", 26.0)), set(), "clarify", ["refund", "transfer"]),
    ((("refund", 36.0), ("transfer", 30.0)), {"refund"}, "clarify", ["refund", "transfer"]),  # under wide_margin
    # both scoring bare_suggest (a list of the two before): a singled best clear by wide_margin is answered too
    ((("refund", 36.0), ("transfer", 28.0)), {"refund"}, "answer", []),
    ((("refund", 36.0), ("transfer", 28.0)), set(), "clarify", ["refund", "transfer"]),
    # the only one scoring bare_suggest: offered alone when singled, else the fallback
    ((("refund", 30.0), ("transfer", 24.0)), {"refund"}, "clarify", ["refund"]),
    ((("refund", 30.0), ("transfer", 24.0)), set(), "none", []),
    ((("refund", 25.0), ("transfer", 20.0)), {"refund"}, "none", []),  # under bare_suggest
])
def test_a_singled_bare_entry_is_answered_or_offered(
        pairs: tuple[tuple[str, float], ...], single: set[str], status: str, offered: list[str]) -> None:
    reply = decide("q", _ranked(*pairs), Thresholds(), GYM, corroborated=_never, related=lambda entry: False,
                   singled=lambda entry: entry.id in single)
    assert (reply.status, [m.id for m in reply.suggestions]) == (status, offered)


def test_a_singled_entry_foreign_to_the_question_is_not_offered() -> None:
    reply = decide("q", _ranked(("refund", 30.0), ("transfer", 24.0)), Thresholds(), GYM, corroborated=_never,
                   foreign=lambda entry: 100.0, singled=lambda entry: True)
    assert reply.status == "none"
