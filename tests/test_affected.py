"""A thing said to be affected (X会受影响吗) read as the base's phrasings ask it, the verb first (会影响X吗):
``matching.query_text.affected_read``, and the replies it gives on the bundled base."""

from __future__ import annotations

import pytest

from assistant import Matcher
from assistant.matching.query_text import affected_read


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher()


READ = [
    # (normalized text, as it is read)
    ("征信会受影响吗", "会影响征信吗"),
    ("征信会不会受影响", "会影响征信吗"),          # the either-or asks as 吗 does
    ("利率受不受影响", "影响利率吗"),
    ("额度会不会受到影响", "会影响额度吗"),
    ("我的征信能不能受影响", "能影响我的征信吗"),
    ("征信也会受影响吗", "也会影响征信吗"),
    ("逾期了征信会受影响吗", "逾期了会影响征信吗"),  # the clause before, ending in 了, stays in front
    ("收款码也受影响了", "也影响收款码"),          # said, not asked: no 吗
    # what the effect is on, after 对: 有影响 read as 会影响
    ("对征信有影响吗", "会影响征信吗"),
    ("对征信有没有影响", "会影响征信吗"),
    ("对征信有影响没有", "会影响征信吗"),
    ("对额度会不会有影响", "会影响额度吗"),
    ("逾期对征信有影响吗", "逾期会影响征信吗"),      # what has the effect stays in front
    ("关闭账户对征信也有影响吗", "关闭账户也会影响征信吗"),
    # not that question: as it is
    ("会影响征信吗", "会影响征信吗"),
    ("受影响吗", "受影响吗"),                       # no thing named
    ("征信受逾期影响吗", "征信受逾期影响吗"),       # what affects it named between: another shape
    ("晚还一天有影响吗", "晚还一天有影响吗"),
    ("对征信有什么影响", "对征信有什么影响"),       # what the effect is, not whether there is one
    ("对征信影响大吗", "对征信影响大吗"),
    ("对不起逾期会有影响吗", "对不起逾期会有影响吗"),   # 对不起, 对了, 不对: no 对 an effect is on
    ("对了延期有影响吗", "对了延期有影响吗"),
    ("不对逾期有影响吗", "不对逾期有影响吗"),
]


@pytest.mark.parametrize(("text", "read"), READ)
def test_a_thing_said_to_be_affected_is_read_with_the_verb_first(text: str, read: str) -> None:
    assert affected_read(text) == read


ANSWERED = [
    # (question as typed, the entry answering it: as 会影响征信吗 is answered)
    ("征信会受影响吗", "overdue-credit-reporting"),
    ("征心会受影响吗", "overdue-credit-reporting"),     # a typo of the same sound
    ("征信会不会受影响", "overdue-credit-reporting"),
    ("征信受不受影响", "overdue-credit-reporting"),
    ("我的征信会受影响吗", "overdue-credit-reporting"),
    ("信用记录会不会受到影响", "overdue-credit-reporting"),
    ("以后借款会受影响吗", "overdue-consequences"),    # 逾期会影响以后借钱吗
    ("对征信有影响吗", "overdue-credit-reporting"),
    ("对征信有没有影响", "overdue-credit-reporting"),
    ("对我有影响吗", "overdue-consequences"),           # 逾期对我有影响吗
    # a long question: its last clause is read so, not the story before it
    ("我上个月因为住院忘了还微粒贷，已经逾期了三天，征信会受影响吗", "overdue-credit-reporting"),
    ("我上个月住院忘了还款，已经逾期了三天，对征信有没有影响？", "overdue-credit-reporting"),
]


PREPARED = [
    # (question as typed, the text matched)
    ("我上个月住院忘了还款，已经逾期了三天，征信会受影响吗", "我上个月住院忘了还款已经逾期了3天会影响征信吗"),
    ("逾期三天了，我的征信会不会受影响？", "逾期3天了会影响我的征信吗"),
    ("逾期了，对征信有没有影响", "逾期了会影响征信吗"),
    ("逾期三天了征信会受影响吗", "逾期3天了会影响征信吗"),     # one clause: as before
    ("逾期三天了，还能分期吗", "逾期3天了还能分期吗"),         # a last clause of another shape: as it is
    ("我对逾期不太了解，会有影响吗", "我对逾期不太了解会有影响吗"),  # 对 in an earlier clause: as it is
]


@pytest.mark.parametrize(("question", "prepared"), PREPARED)
def test_a_long_questions_last_clause_is_read_with_the_verb_first(
        matcher: Matcher, question: str, prepared: str) -> None:
    assert matcher.query_text.prepare(question) == prepared


@pytest.mark.parametrize(("question", "entry"), ANSWERED)
def test_a_question_whether_a_thing_is_affected_is_answered_as_its_active_form(
        matcher: Matcher, question: str, entry: str) -> None:
    reply = matcher.reply(question)
    assert (reply.status, reply.match.id if reply.match else None) == ("answer", entry)


def test_a_thing_no_entry_says_is_affected_offers_the_entries_about_it(matcher: Matcher) -> None:
    # No phrasing says the limit is affected (only lowered or frozen): the consequences and the limit's entry
    # are offered, as for 会影响额度吗, not the wait for the limit to come back.
    reply = matcher.reply("额度会受影响吗")
    assert reply.status == "clarify"
    assert {match.id for match in reply.suggestions} == {"overdue-consequences", "credit-limit-reduced"}
