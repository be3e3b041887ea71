"""Bare siblings: a bot author's FAQ of bare questions (no alternates) answers a question in other words when it
stands clear of the rest (``few_answer``, a lead of ``wide_margin`` on both kinds of evidence), unless the runner-up
may be the best's sibling: the question shares a content word with it too, or none with the best's phrasing nor
one only the best's answer says (two bare questions differing in one word score apart by chance). The base here
is made up for these tests."""

from __future__ import annotations

import pytest

from assistant import Matcher, Thresholds
from assistant.matching.decision import decide
from assistant.models import Entry, Knowledge
from assistant.replies import Match, ScoreParts

ENTRIES = (
    Entry("level", "骑手等级怎么升？", "等级按月评定，看完成单量、准时率和好评率，等级越高每单奖励越多。"),
    Entry("pay-day", "工资什么时候发？", "按周结算，每周二打到绑定的银行卡里。"),
    Entry("leave", "请假怎么请？", "提前一天在App里提交请假，站长批准就行。"),
    Entry("join", "怎么成为骑手？", "在骑手App上注册，通过审核后参加岗前培训就能接单。",
          alternates=("想来跑外卖怎么报名",)),
    Entry("cert", "在读证明怎么开？", "在校园服务大厅线上申请，一个工作日后到窗口领取盖章的纸质版。"),
    Entry("contact", "联系不上顾客怎么办？", "打两次电话不通就在App里点“联系不上顾客”，等十分钟后放在门口并拍照。"),
    Entry("review", "被顾客差评了怎么办？", "差评会扣两元，不是骑手的责任可以在App里申诉。"),
)
RIDERS = Knowledge("骑手站点", "zh", "1", ENTRIES, "请问站长。")
MATCHER = Matcher(RIDERS)
BY_ID = {entry.id: entry for entry in ENTRIES}


def _ranked(*pairs: tuple[str, float]) -> list[Match]:
    return [Match(BY_ID[name], score, BY_ID[name].question, ScoreParts(0.0, 0.0, 0.0)) for name, score in pairs]


def _always(best: Match, runner_up: Match) -> bool:
    return True


@pytest.mark.parametrize(("pairs", "related", "status"), [
    # a bare best clear of a bare runner-up, the question sharing a content word with the best only: answered
    ((("level", 40.0), ("leave", 25.0)), {"level"}, "answer"),
    # sharing one with the runner-up too, or none with the best: they may be siblings, offered
    ((("level", 40.0), ("leave", 25.0)), {"level", "leave"}, "clarify"),
    ((("level", 40.0), ("leave", 25.0)), set(), "clarify"),
    # not clear enough ahead, or under few_answer: as before
    ((("level", 40.0), ("leave", 35.0)), {"level"}, "clarify"),
    ((("level", 30.0), ("leave", 15.0)), {"level"}, "none"),
    # a runner-up with alternates is no sibling: answered whatever the question shares
    ((("level", 40.0), ("join", 25.0)), set(), "answer"),
])
def test_a_bare_entry_clear_of_a_bare_runner_up_is_answered_when_not_its_sibling(
        pairs: tuple[tuple[str, float], ...], related: set[str], status: str) -> None:
    reply = decide("q", _ranked(*pairs), Thresholds(), RIDERS, corroborated=_always,
                   related=lambda entry: entry.id in related)
    assert reply.status == status


@pytest.mark.parametrize(("related", "confirmed", "status"), [
    (set(), {"level"}, "answer"),             # a word only the best's answer says tells it as a shared one does
    ({"leave"}, {"level"}, "clarify"),        # ... but not beside a runner-up the question shares a word with
    (set(), set(), "clarify"),
])
def test_a_word_only_the_bare_entrys_answer_says_tells_it_from_its_sibling(
        related: set[str], confirmed: set[str], status: str) -> None:
    reply = decide("q", _ranked(("level", 40.0), ("leave", 25.0)), Thresholds(), RIDERS, corroborated=_always,
                   related=lambda entry: entry.id in related, confirmed=lambda entry: entry.id in confirmed)
    assert reply.status == status


def test_without_the_content_check_two_bare_entries_are_never_answered_from_few_answer() -> None:
    assert decide("q", _ranked(("level", 40.0), ("leave", 25.0)), Thresholds(), RIDERS,
                  corroborated=_always).status == "clarify"


@pytest.mark.parametrize(("question", "entry"), [
    ("等级高有什么好处", "level"),          # 等级, the best's word, and nothing of 工资 or 请假
    ("在读证明多久能拿到", "cert"),          # how long: its answer says one working day
    ("顾客电话打不通怎么办", "contact"),      # a call not getting through: its answer says 电话不通
])
def test_a_bare_faq_answers_questions_in_other_words(question: str, entry: str) -> None:
    reply = MATCHER.reply(question)
    assert (reply.status, reply.match and reply.match.entry.id) == ("answer", entry)
