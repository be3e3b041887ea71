"""A short yes-or-no question asking of a thing another entry's own question is about, which the entry
never writes: not answered with confidence (issue #17, "mentioned but not this entry")."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Matcher, load_knowledge
from assistant.matching.others_words import OthersWords

SMALL_BASES = Path(__file__).parent / "eval" / "small-bases"


@pytest.mark.parametrize(("question", "entry", "words"), [
    # Another entry's thing (分期, 减免, 征信, 还清) beside another word the entry never writes
    ("在公众号里能直接申请分期吗", "wechat-query", {"分期"}),
    ("客服能帮我减免一部分本金吗", "hotline-services", {"减免"}),
    ("查还款详情会不会影响我的征信", "check-repayment-details", {"征信"}),
    ("分期还款中途能不能一次还清", "instalment-how", {"还清"}),
    # What the entry does write
    ("在公众号里能查还款记录吗", "wechat-query", set()),
    ("延期期间会不会被起诉", "extension-collection", set()),
    # One word alone may be the entry's own put otherwise (明细 is written, 欠款 is not)
    ("客服能帮我查欠款明细不", "hotline-services", set()),
    # Not a yes-or-no question: how or what may be the entry's question with a word more
    ("在公众号里怎么申请分期", "wechat-query", set()),
    # A long question's story names other things in passing
    ("我上个月额度被降了又逾期了好几天现在能在公众号里申请分期吗", "wechat-query", set()),
])
def test_a_yes_or_no_question_about_another_entrys_thing(
        bundled: Matcher, question: str, entry: str, words: set[str]) -> None:
    assert OthersWords(bundled.index).unwritten(bundled.normalize(question), bundled.entry(entry)) == words


@pytest.mark.parametrize(("question", "entry", "beyond"), [
    # A thing the base never mentions, under salience's threshold, beside another word the entry never writes
    ("额度恢复了会发短信通知我吗", "limit-restore-wait", True),
    ("打客服电话要先输入身份证号吗", "hotline-number", True),
    # Another entry's thing
    ("在公众号里能直接申请分期吗", "wechat-query", True),
    # One word alone (登录 is the entry's): not read
    ("微粒贷APP能在电脑上登录吗", "login-app", False),
    # Nothing the base never mentions, nothing of another entry's
    ("额度恢复了要等多久", "limit-restore-wait", False),
    ("逾期了会上征信吗", "overdue-credit-reporting", False),
])
def test_a_yes_or_no_question_about_a_thing_the_entry_never_writes(
        bundled: Matcher, question: str, entry: str, beyond: bool) -> None:
    text, asked = bundled.normalize(question), bundled.entry(entry)
    weight = bundled.salience.foreign(text, asked)
    assert OthersWords(bundled.index).beyond(text, asked, lambda: weight) is beyond


@pytest.mark.parametrize("question", [
    "额度恢复了会发短信通知我吗", "打客服电话要先输入身份证号吗", "微粒贷APP能在电脑上登录吗",
    "微粒贷APP占手机内存大吗", "微众银行的理财产品收益怎么样", "延期期间会被告上法院吗", "额度恢复了要等多久",
    "逾期了会上征信吗",
])
def test_the_match_score_never_changes_whether_a_question_names_a_thing_beyond_an_entry(
        bundled: Matcher, question: str) -> None:
    # beyond reads only whether salience's weight is above zero; the score (salience.EXPLAINED) changes how much a
    # common noun weighs, never whether it weighs: beyond's answer is the same with the score or without it
    text = bundled.normalize(question)
    for entry in bundled.knowledge.entries:
        weights = [bundled.salience.foreign(text, entry, score) for score in (None, 0.0, 50.0, 100.0)]
        assert len({weight > 0 for weight in weights}) == 1, (entry.id, weights)


@pytest.mark.parametrize(("question", "status", "entry"), [
    # Out of scope: no entry says whether
    ("在公众号里能直接申请分期吗", "clarify", None),
    ("客服能帮我减免一部分本金吗", "clarify", None),
    ("查还款详情会不会影响我的征信", "clarify", None),
    ("额度恢复了会发短信通知我吗", "clarify", None),
    ("客服会不会把我逾期的事告诉我单位", "clarify", None),
    # In scope, close to them: still answered
    ("在公众号里怎么查还款记录", "answer", "wechat-query"),
    ("客服能帮我做什么", "answer", "hotline-services"),
    ("延期以后罚息能减免吗", "answer", "extension-penalty"),
    ("逾期了会上征信吗", "answer", "overdue-credit-reporting"),
    ("还清以后额度多久能回来", "answer", "limit-restore-wait"),
    ("逾期了要主动打电话给客服说明原因吗", "answer", "contact-customer-service"),
])
def test_such_a_question_is_not_answered_and_its_neighbours_are(
        bundled: Matcher, question: str, status: str, entry: str | None) -> None:
    reply = bundled.reply(question)
    assert reply.status in ({"clarify", "none"} if status == "clarify" else {status})
    if entry is not None:
        assert reply.id == entry


def test_a_statement_of_a_bot_authors_base_keeps_its_answer() -> None:
    # 快递 is another entry's (发什么快递), but the asker tells what happened: no yes-or-no question
    shop = Matcher(load_knowledge(SMALL_BASES / "shop.yaml"))
    told = shop.normalize("快递盒压坏了东西也坏了")
    assert OthersWords(shop.index).unwritten(told, shop.entry("damaged")) == frozenset()
    reply = shop.reply("快递盒压坏了东西也坏了")
    assert (reply.status, reply.id) == ("answer", "damaged")
