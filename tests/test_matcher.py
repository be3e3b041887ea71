"""Matcher: a declared out-of-scope question holds back a question that shares with it words the entries closest to
the question lack (车贷, 起诉 of 还不上会被起诉吗), not one sharing only words those entries hold (还不上 of
还不上了怎么办, as communicate-early and overdue-what-to-do read it)."""

from __future__ import annotations

import pytest

from assistant import Matcher
from assistant.matching import declared

BASE = Matcher()


@pytest.mark.parametrize(("question", "held_back_as_declared"), [
    ("还不上了怎么办", False),            # 还不上 is communicate-early's, as close as overdue-what-to-do
    ("这个月还不上了怎么办", False),      # 了怎 they share is how a question is put (declared.GRAMMAR)
    ("还不上会被起诉吗", True),            # extension-collection alone is close, and is about an extension
    ("分期怎么申请", False),               # 信用卡分期怎么申请 without 信用卡, asking the instalment entry's topic
    ("车贷逾期会怎样", True),              # 车贷: no entry holds it
    ("借呗还不上了怎么办", True),
    ("信用卡还不上了怎么办", True),
    ("逾期了会不会爆通讯录", True),
])
def test_a_declared_question_speaks_for_words_the_closest_entries_lack(question: str,
                                                                       held_back_as_declared: bool) -> None:
    reply = BASE.reply(question)
    assert (reply.held_back == "declared") is held_back_as_declared
    assert reply.status != "answer" or not held_back_as_declared


@pytest.mark.parametrize(("question", "status", "first"), [
    ("分期怎么申请", "answer", "instalment-how"),
])
def test_a_declared_question_asked_without_its_thing_gets_the_entry_on_its_topic(question: str, status: str,
                                                                                first: str) -> None:
    reply = BASE.reply(question)
    assert (reply.status, reply.match.id if reply.match else None) == (status, first)


def test_the_question_shares_only_the_closest_entries_words_so_the_right_one_is_offered() -> None:
    reply = BASE.reply("还不上了怎么办")
    offered = [reply.match.id] if reply.match else []
    offered += [match.id for match in reply.suggestions]
    assert "overdue-what-to-do" in offered


@pytest.mark.parametrize(("found", "worded"), [
    ({"还", "了\x1f怎", "么\x1f办", "上\x1f了"}, {"还", "上\x1f了"}),
    ({"吗", "呢"}, set()),
    ({"车\x1f贷", "贷"}, {"车\x1f贷", "贷"}),
])
def test_terms_of_particles_and_question_words_alone_are_left_out(found: set[str], worded: set[str]) -> None:
    assert declared.worded(found) == worded


@pytest.mark.parametrize(("question", "status"), [
    # the best below answer, tied with a runner-up set aside for its topic word (延期 of 延期了还会打电话催款吗): the
    # source documents say nothing of calls to a borrower's family, so no answer with confidence; 家人 after 给 is
    # a party the base never mentions (unmentioned.PREPOSITIONS), which holds the answer back before any tie-break
    ("逾期了会打电话给我家人吗", "none"),
    ("逾期后需要主动联系客服吗", "answer"),       # the entry's own question
])
def test_a_tie_below_answer_is_not_broken_by_a_topic_word_alone(question: str, status: str) -> None:
    assert BASE.reply(question).status == status


@pytest.mark.parametrize(("question", "previous"), [
    ("2", None),                      # a pick sent where no list is on the screen (assistant ask, the protocol)
    ("4", None),
    ("２", None),                     # full-width
    ("#3", None),
    ("2.", "hotline-number"),         # after an answer too: a number alone follows up on nothing
])
def test_a_number_alone_asks_nothing(question: str, previous: str | None) -> None:
    reply = BASE.reply(question, previous)
    assert (reply.status, reply.answer, tuple(reply.suggestions)) == ("none", None, ())


@pytest.mark.parametrize(("question", "previous", "status"), [
    # a count alone asked first asks nothing either: not the entry counting it (微粒贷逾期4天了怎么办)
    ("4天", None, "none"),
    ("四天", None, "none"),
    ("3个月呢", None, "none"),
    ("12期", None, "none"),
    # … after an answer, it asks that answer's question again of the count
    ("一年呢", "extension-max", "answer"),
])
def test_a_count_alone_asks_nothing_when_asked_first(question: str, previous: str | None, status: str) -> None:
    assert BASE.reply(question, previous).status == status


@pytest.mark.parametrize(("question", "status", "offered"), [
    # a doing named alone that no entry's own question names (查询: only an alternate, 查询还款日) is not read as its
    # yes-or-no question: the entries asking it of one thing or another are offered
    ("查询", "clarify", ["due-date", "check-repayment-details", "wechat-query"]),
    # a thing an entry's own question names is (怎么申请延期还款, 逾期后会产生罚息和违约金吗)
    ("延期", "answer", ["extension-how"]),
    ("罚息", "answer", ["penalty-interest"]),
])
def test_a_word_alone_is_read_as_its_general_question_only_through_an_entrys_own_question(
        question: str, status: str, offered: list[str]) -> None:
    reply = BASE.reply(question)
    listed = [match.id for match in reply.suggestions] if reply.status == "clarify" else [reply.entry.id]
    assert (reply.status, listed) == (status, offered)


@pytest.mark.parametrize(("question", "entry"), [
    ("逾期4天了怎么办", "overdue-4-days"),   # a number among words still counts
    ("逾期4天", "overdue-4-days"),
])
def test_a_number_among_words_is_still_read(question: str, entry: str) -> None:
    reply = BASE.reply(question)
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", entry)
