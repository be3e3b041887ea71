"""A thing asked of without the condition the entries speak of it under: the entry on the overdue fees names 利息
only beside 逾期, the one on the rate during an extension only beside 延期; a question naming neither, nor any word
of the entry's topic, asks of the plain thing (微粒贷平时的利息是怎么算的), which no entry says
(``topic.Topics.unconditioned``)."""

from __future__ import annotations

import pytest

from assistant import Matcher
from assistant.normalize import sound_key


@pytest.fixture(scope="module")
def bundled() -> Matcher:
    return Matcher()


@pytest.mark.parametrize(("entry", "condition"), [
    ("overdue-fees-calculation", "逾期"),    # topic 逾期影响: a doing
    ("extension-interest-rate", "延期"),     # topic 延期还款
    ("instalment-example", "分期"),          # topic 分期还款
    ("hotline-number", None),                # topic 客服: a thing the entry is about, no condition
    ("about-weilidai", None),                # topic 关于微粒贷: the base's own name, no doing
])
def test_an_entrys_condition_is_a_doing_its_topic_names_that_most_of_its_phrasings_hold(
        bundled: Matcher, entry: str, condition: str | None) -> None:
    owner = bundled.index.entry_index[entry]
    expected = frozenset({sound_key(condition)}) if condition else None
    assert bundled.topics.conditions().get(owner) == expected


@pytest.mark.parametrize(("question", "entry", "unconditioned"), [
    ("微粒贷平时的利息是怎么算的", "overdue-fees-calculation", True),   # 利息 only beside 逾期 (延期 elsewhere)
    ("微粒贷是按天算利息的吗", "overdue-fees-calculation", True),
    ("银行存款的利息怎么算", "extension-interest-rate", True),          # 利息 only beside 延期 there
    ("微粒贷年化利率大概多少", "instalment-example", True),             # 利率 only beside 分期 there
    ("逾期利息怎么算", "overdue-fees-calculation", False),              # its condition named
    ("逾期后的利息怎么算的", "overdue-fees-calculation", False),
    ("延后还款的话利率会不会提高", "extension-interest-rate", False),   # 延 of 延期 still says which
    ("罚息怎么算", "overdue-fees-calculation", False),                  # 罚息: a core word of its own
    ("我上个月忘了还微粒贷是不是要交罚息和违约金了", "penalty-interest", False),
    ("微粒贷的电话号码给我一下", "hotline-number", False),              # 客服 is no condition
    ("利率", "extension-interest-rate", False),                         # a thing named alone asks what is said of it
    ("那利率呢", "extension-interest-rate", False),
    ("交了违约金会怎么样", "penalty-interest", False),                  # 违约金 asked of no condition elsewhere
    ("欠的本金利息都要还吗", "pay-off-quickly", False),                 # an entry without a condition
])
def test_a_noun_asked_without_the_condition_its_entries_speak_of_it_under(bundled: Matcher, question: str,
                                                                         entry: str, unconditioned: bool) -> None:
    assert bundled.topics.unconditioned(bundled.normalize(question), bundled.entry(entry)) is unconditioned


@pytest.mark.parametrize(("question", "answered"), [
    ("微粒贷平时的利息是怎么算的", None),            # the loan's ordinary interest: no entry says it
    ("微粒贷是按天算利息的吗", None),
    ("延期期间利息怎么算", "extension-interest-rate"),
    ("罚息到底咋算的", "overdue-fees-calculation"),
])
def test_the_reply_to_a_thing_asked_without_its_condition(bundled: Matcher, question: str,
                                                          answered: str | None) -> None:
    reply = bundled.reply(question)
    assert (reply.match.id if reply.status == "answer" and reply.match else None) == answered
