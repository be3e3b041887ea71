"""Another topic's word in the slot of the entry's own: a question holding, beside the words that stand beside the
entry's topic word in one of its phrasings, another entry's topic word instead (征信多久恢复 of 额度多久恢复) asks
the entry's question of that other thing, though the two words share no character (``topic.Topics.displaced``);
an entry whose phrasings hold that word takes the best's place (``topic.Topics.takes_place``)."""

from __future__ import annotations

import pytest

from assistant import Matcher


@pytest.fixture(scope="module")
def bundled() -> Matcher:
    return Matcher()


@pytest.mark.parametrize(("question", "entry", "displaced"), [
    ("已经还清了征信多久恢复", "limit-restore-wait", True),     # 征信 where 额度多久恢复 has 额度
    ("还清了额度多久恢复", "limit-restore-wait", False),        # its own word in its slot
    ("还清了多久能恢复", "limit-restore-wait", False),          # no word in the slot: lacking it is no other topic
])
def test_another_topics_word_in_the_slot_of_the_entrys_displaces_it(bundled: Matcher, question: str, entry: str,
                                                                    displaced: bool) -> None:
    assert bundled.topics.displaced(bundled.normalize(question), bundled.entry(entry)) is displaced


@pytest.mark.parametrize(("question", "displaced", "entry", "takes_place"), [
    ("已经还清了征信多久恢复", "limit-restore-wait", "restore-record-and-limit", True),   # its phrasings hold 征信
    ("已经还清了征信多久恢复", "limit-restore-wait", "extension-max", False),             # 征信 nowhere in it
])
def test_an_entry_holding_the_word_in_the_slot_takes_the_displaced_ones_place(bundled: Matcher, question: str,
                                                                             displaced: str, entry: str,
                                                                             takes_place: bool) -> None:
    assert bundled.topics.takes_place(bundled.normalize(question), bundled.entry(displaced),
                                      bundled.entry(entry)) is takes_place


@pytest.mark.parametrize(("question", "status", "best"), [
    ("已经还清了征信多久恢复", "answer", "restore-record-and-limit"),   # when the credit record recovers
    ("已经还清了额度多久恢复", "answer", "limit-restore-wait"),
])
def test_the_reply_to_a_question_of_another_thing_in_the_slot(bundled: Matcher, question: str, status: str,
                                                             best: str) -> None:
    reply = bundled.reply(question)
    assert (reply.status, reply.match and reply.match.id) == (status, best)


def test_two_function_words_in_the_slot_are_no_topic_word(bundled: Matcher) -> None:
    # 我的 (a core pair of the 我的借款 page) beside 微粒贷 where 公众号怎么绑定微粒贷账户 has 绑定: no other topic
    question = "我在公众号里点了半天也没找到绑账户的地方，想把我的微粒贷账户绑到公众号上，具体要怎么操作"
    assert not bundled.topics.displaced(bundled.normalize(question), bundled.entry("wechat-bind"))


@pytest.mark.parametrize(("question", "entry", "untopical"), [
    ("会不会被起诉", "extension-collection", True),     # 延期会不会被起诉 without 延期: suits in general
    ("会被告吗", "extension-collection", True),         # 延期期间会被告吗 without 延期期间
    ("延期会不会被起诉", "extension-collection", False),  # its own question
    ("我逾期了会不会被起诉", "extension-collection", False),  # another word in its place (displaced reads it)
    ("最长能延多久", "extension-max", False),            # 延 of 延期 still says which thing
])
def test_the_entrys_question_without_its_topic_word_is_asked_of_nothing(bundled: Matcher, question: str, entry: str,
                                                                       untopical: bool) -> None:
    assert bundled.topics.untopical(bundled.normalize(question), bundled.entry(entry)) is untopical


@pytest.mark.parametrize(("question", "status", "offered"), [
    # the answer says no suit during an extension: a conditional fact, not whether a late borrower is sued
    ("会不会被起诉", "clarify", "extension-collection"),
    ("延期会不会被起诉", "answer", "extension-collection"),
])
def test_a_conditional_answer_is_offered_not_given_to_the_question_without_its_condition(
        bundled: Matcher, question: str, status: str, offered: str) -> None:
    reply = bundled.reply(question)
    assert reply.status == status
    assert offered in [reply.match.id if reply.match else "", *(m.id for m in reply.suggestions)]
