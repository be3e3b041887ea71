"""The context rule: ``previous=`` only reads a short follow-up; a question that stands on its own keeps its reply."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import Matcher, load_knowledge
from assistant.matching.context import what_about
from assistant.matching.decision import decision_floor
from assistant.matching.follow_up_lists import asks_only
from assistant.matching.follow_up_subject import subjectless
from assistant.matching.follow_up_words import after_doing

STANDS_ALONE = [
    # (previous entry, question): the question is about something else, whatever was asked before
    ("overdue-credit-reporting", "明天会下雨吗"),
    ("overdue-credit-reporting", "明天北京会下雨吗"),
    ("overdue-credit-reporting", "1+1等于几"),
    ("penalty-interest", "今天天气怎么样"),
    ("penalty-interest", "锟斤拷烫烫烫"),
    ("check-credit-report", "今天天气怎么样"),    # 征信怎么修复 shares only 怎么 with it
    ("check-credit-report", "你喜欢吃什么"),
    ("forgot-password", "今晚吃啥好"),
    ("overdue-what-to-do", "今天天气怎么样"),  # 天气, named nowhere in the base: 今天 of 今天才发现 is no lead
    ("overdue-what-to-do", "明天天气怎么样"),
    ("overdue-what-to-do", "拍拍贷逾期了怎么办"),  # another lender: about it, not about the last answer
    ("overdue-what-to-do", "消费贷怎么分期还款"),
    ("instalment-how", "消费贷怎么分期还款"),
    ("extension-how", "了"),      # a function word alone, a slip of the keyboard: not a list read with the answer
    ("overdue-what-to-do", "我"),
]

ANOTHER_LENDER = [
    # (previous entry, question naming a lender the base never mentions): the fallback, as when asked first
    ("overdue-what-to-do", "拍拍贷逾期了怎么办"),
    ("overdue-credit-reporting", "拍拍贷逾期了怎么办"),
    ("hotline-number", "拍拍贷逾期了怎么办"),
    ("overdue-what-to-do", "美团借钱逾期了怎么办"),
    ("hotline-number", "京东金条逾期罚息怎么算"),
]

FOLLOW_UPS = [
    # (previous entry, short follow-up, the entry it asks about)
    ("penalty-interest", "那是怎么算的", "overdue-fees-calculation"),
    ("extension-how", "最长能延多久", "extension-max"),
    ("instalment-how", "能分几期", "instalment-periods"),
    ("hotline-number", "打通之后怎么弄", "hotline-steps"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher()


@pytest.mark.parametrize(("previous", "question"), STANDS_ALONE)
def test_context_never_carries_into_a_question_that_stands_alone(matcher: Matcher, previous: str,
                                                                 question: str) -> None:
    alone = matcher.reply(question)
    after = matcher.reply(question, previous=previous)
    assert alone.status == "none"
    assert after.status == "none"
    assert after.text == matcher.knowledge.fallback


@pytest.mark.parametrize(("previous", "question", "expected"), FOLLOW_UPS)
def test_a_short_follow_up_is_read_with_the_previous_question(matcher: Matcher, previous: str, question: str,
                                                             expected: str) -> None:
    reply = matcher.reply(question, previous=previous)
    assert reply.status == "answer"
    assert reply.entry is not None and reply.entry.id == expected


BUNDLED_FOLLOW_UPS = [
    # (previous entry, follow-up, expected entry or None for "not answered"): each read as a person means it
    ("extension-how", "那利息呢", "extension-interest-rate"),   # 利息 ~ 延期还款利率: related, so 利 is enough
    ("extension-how", "延期利息怎么算", "extension-interest-rate"),
    ("overdue-credit-reporting", "明天会下雨吗", None),
    ("extension-how", "还有罚息吗", "extension-penalty"),     # 罚息 while on 延期, not 逾期后会产生罚息…
    ("login-app", "进去以后在哪看借款", "my-loans-page"),     # already related: the context adds nothing
    ("overdue-what-to-do", "你好，我想问下逾期了怎么办", "overdue-what-to-do"),   # asked again, as clearly as alone
    # 怎么弄 alone ties four entries at 57.6: it reads clearly alone no more than a follow-up does, and is read after
    # the previous question (how to do what it answered about)
    ("extension-max", "怎么弄", "extension-how"),
    ("instalment-periods", "怎么弄", "instalment-how"),
    ("wechat-account", "怎么弄", "wechat-bind"),
    # a follow-up without a subject takes the previous one's: not an entry naming another topic
    ("overdue-consequences", "会被起诉吗", None),              # 延期期间还会被催收或起诉吗 is about 延期
    ("instalment-example", "提前还清要付违约金吗", None),      # 逾期后会产生罚息和违约金吗 is about 逾期
    ("about-weilidai", "利率多少", None),                      # 分期还款能省多少利息 is about 分期
    ("extension-max", "会被起诉吗", "extension-collection"),  # … which is the previous subject here
    ("hotline-number", "多少钱", None),   # 分期总共要还多少钱, 逾期1天要多少钱 and 我欠多少钱怎么查 alike
    # … nor an unrelated entry matched by a phrasing naming a thing neither question names (额度 of
    # 额度恢复要多长时间); asked only how long, it is about an entry whose own question asks how long
    # (延期还款最长能延多久), not one counting instalments that an alternate puts as 分期最长能分多久: how long
    # applying for instalments takes, the base does not say
    ("instalment-how", "要多久", None),
    ("instalment-how", "多久", None),
    ("extension-how", "多久", "extension-max"),
    # … nor, asked only how long, how often or why, an entry only sharing the previous one's broad topic (逾期处理)
    # matched by a phrasing naming a thing neither question names (额度 of 额度恢复要多久, 信用记录 and 额度 of
    # 逾期后信用记录和额度还能恢复吗); one of the previous entry's follow-ups holds its subject
    ("overdue-4-days", "要多久", None),
    ("overdue-what-to-do", "要多久", None),
    ("repay-channels", "多长时间", None),
    ("improve-credit-record", "几次", None),
    ("overdue-credit-reporting", "为什么", None),
    ("credit-limit-reduced", "要多久", "limit-restore-wait"),
    ("overdue-consequences", "要钱吗", "penalty-interest"),    # 交钱 of 逾期要多交钱吗: a thing it names (钱)
    # a short question naming its own subject stands on its own, whatever came before
    ("hotline-number", "逾期会上征信吗", "overdue-credit-reporting"),
    ("penalty-interest", "怎么登录微粒贷APP", "login-app"),
    ("hotline-number", "还款日是哪天", "due-date"),
    ("penalty-interest", "微信上怎么绑定微粒贷", "wechat-bind"),   # its topic is 微信公众号: named otherwise
    ("instalment-how", "在微信上能查还款吗", "wechat-query"),
    ("extension-how", "怎么做预算不逾期", "plan-finances"),
    # a follow-up naming another topic is read in place of the previous one's (延期还款最多能分多少期)
    ("instalment-periods", "那延期呢", "extension-max"),
    ("extension-agreement", "分期的呢", "instalment-agreement"),
    # a duration asked is asked of a phrasing asking or giving one: not 延期还款要签什么协议 (要 of 要多久)
    ("extension-how", "要多久", "extension-max"),
    ("overdue-credit-reporting", "那额度呢", "credit-limit-reduced"),   # related entries read by 额度 alone
    # read into a list of the 延期 entries, 那延期呢 asks about 延期 in general: how to apply for an extension
    ("about-weilidai", "那延期呢", "extension-how"),
    # a word of its own held by the phrasing matched is a subject of its own, after an unrelated answer too
    ("login-app", "多久能恢复", "limit-restore-wait"),          # 恢复, in 额度多久恢复
    ("wechat-bind", "额度多久回来", "limit-restore-wait"),
    ("hotline-number", "还清以后额度多久能回来", "limit-restore-wait"),
    # … unless the word is what the previous question's thing undergoes elsewhere in the base (恢复 of 征信, in
    # 征信还能恢复正常吗): after 逾期记录会上报到人民银行征信系统吗 it asks how long the record takes to recover, which
    # no entry says, not how long the limit does (额度多久恢复)
    ("overdue-credit-reporting", "那要多久能恢复", None),
    ("overdue-credit-reporting", "要多久能恢复", None),
    # after the entry on mending the credit record, the entry saying the record can recover and the documents do
    # not say how long
    ("improve-credit-record", "多久能恢复", "restore-record-and-limit"),
    # a question clear alone is moved to a related entry only by a telling word of its own, not one of the
    # previous topic read in with it (还款 of 延期还款)
    ("extension-penalty", "怎么查自己哪天还款", "due-date"),
    # small talk after an answer is small talk; a question that only reads as small talk may be a follow-up
    ("extension-how", "好好好", "okay"),
    ("wechat-bind", "你叫什么名字", "who-are-you"),
    ("wechat-bind", "叫什么名字", "wechat-account"),
    # the questions the base declares out of scope are unrelated to the previous answer too (车贷逾期会怎样 is no
    # closer to 逾期后会怎样 for coming after 逾期了怎么办)
    ("overdue-what-to-do", "逾期後會怎樣", "overdue-consequences"),
    ("overdue-what-to-do", "逾期后会怎样", "overdue-consequences"),
    # what an extension costs: the entry saying it costs more (the interest goes on, or its rate goes up)
    ("extension-how", "延期要收费吗", "extension-interest-rate"),
    # asked whether a thing will be done to 我: the entry saying it will not, during an agreed extension
    ("extension-how", "会不会起诉我", "extension-collection"),
    ("overdue-4-days", "逾期三天会起诉我吗", None),    # its answer never says
    # a follow-up asking something of its own takes the previous subject: a phrasing naming what the previous
    # question names (逾期 of 微粒贷逾期严重不, 怎么避免再逾期) is on it, whatever topic its entry is filed under
    ("overdue-4-days", "严重吗", "overdue-consequences"),
    ("overdue-consequences", "以后怎么避免", "repayment-habits"),
    # what comes after a doing, asked of where the previous answer leads (还清后额度什么时候回来), even when the
    # whole previous question reads that entry higher through a phrasing without the doing (微信公众号查还款)
    ("credit-limit-reduced", "那还清以后呢", "limit-restore-wait"),
    ("wechat-bind", "绑好以后呢", "wechat-query"),
]


LISTED_FOLLOW_UPS = [
    # (previous entry, follow-up, the first suggestion of the "您是不是想问…" list it gets, the topic of all of them
    # or None when they may differ)
    # 影响 of 逾期影响, the previous topic read in with it, is no lead to that entry's phrasing 逾期影响
    ("overdue-credit-reporting", "那额度会受影响吗", "credit-limit-reduced", None),
]


OFFERED_AFTER_AN_ANSWER = [
    # (previous entry, a follow-up asking only how long, the previous entry's follow-up it is offered): its own
    # question counts instalments, not how long applying takes, but its alternate 分期最长能分多久 asks how long of
    # the topic: the nearest the answer leads to, offered in a list rather than the fallback
    ("instalment-how", "要多久", "instalment-periods"),
    ("instalment-how", "多久", "instalment-periods"),
    ("instalment-how", "要等多久", "instalment-periods"),
]


ON_THE_PREVIOUS_SUBJECT = [
    # (previous entry, a follow-up asking nothing but how long, how often, why or what it costs, the entries its
    # list offers: only those related to the previous one; none related, the fallback)
    # not 公众号绑定要多久, nor 分期需要签协议吗, linked by 需要 alone: it asks no duration
    ("instalment-how", "需要多长时间", []),
    ("instalment-how", "要多久", ["instalment-periods"]),          # not 额度多久能恢复
    ("extension-max", "收费吗", ["extension-interest-rate"]),      # not 逾期收费怎么算
    ("instalment-how", "为什么", []),
    ("extension-how", "要几天", []),
    # how many or how much of nothing (几, 多少) asks it of the answer just given, as 要多久 does: not a list of
    # every entry counting something (紧急备用金应该准备多少, 还款日是哪天)
    ("overdue-credit-reporting", "几", ["overdue-fees-calculation"]),
    ("overdue-credit-reporting", "多少", ["overdue-fees-calculation"]),
    ("hotline-number", "几", []),
    ("overdue-what-to-do", "几", []),
    ("instalment-how", "多少", ["instalment-periods", "instalment-example", "instalment-agreement"]),
    ("overdue-credit-reporting", "几个", []),
    # 有, 要 or 是 count nothing: 有多少 asks it of the answer just given, not of 我逾期了多少天去哪查, which counts
    # days neither question names
    ("hotline-number", "有多少", []),
    ("credit-limit-reduced", "有多少", []),
    ("overdue-what-to-do", "几个", []),
    # a list kept from the question alone offers only what is related to the previous answer (not 公众号绑定要多久);
    # 那 opening it asks nothing more
    ("overdue-what-to-do", "要多久", ["limit-restore-wait"]),
    ("overdue-what-to-do", "那要多久", ["limit-restore-wait"]),
]


@pytest.mark.parametrize(("previous", "question", "offered"), ON_THE_PREVIOUS_SUBJECT)
def test_a_follow_up_asking_only_how_long_offers_only_the_previous_subject(
        matcher: Matcher, previous: str, question: str, offered: list[str]) -> None:
    for reply in (matcher.reply(question, previous=previous), matcher.replies(question, previous)[0]):
        assert (reply.status, [match.id for match in reply.suggestions]) == (
            ("clarify", offered) if offered else ("none", []))


@pytest.mark.parametrize(("previous", "question"),
                         [(previous, question) for previous, question, offered in ON_THE_PREVIOUS_SUBJECT if offered])
def test_a_follow_ups_cut_list_leads_with_what_it_offers(matcher: Matcher, previous: str, question: str) -> None:
    # Its best match is the first it offers, and its lead is over the next it offers (over the decision's floor
    # when it offers one alone), not the lead of an entry it no longer offers.
    for reply in (matcher.reply(question, previous=previous), matcher.replies(question, previous)[0]):
        offered = reply.suggestions
        runner_up = offered[1].score if len(offered) > 1 else decision_floor(matcher.thresholds)
        assert reply.match == offered[0]
        assert reply.lead == pytest.approx(max(offered[0].score - runner_up, 0.0))


@pytest.mark.parametrize(("question", "only"), [
    ("需要多长时间", True), ("要多久", True), ("为什么", True), ("收费吗", True),
    ("还款日能改吗", False), ("额度多久恢复", False), ("逾期了怎么办", False),
    ("几", True), ("多少", True), ("几个", True), ("多少呢", True),
    ("多少钱", False), ("1+1等于几", False), ("逾期几天了", False),
    ("那要多久", True), ("有多少", True), ("那有几个", True), ("要多少呢", True),
    ("罚息有多少", False), ("那额度呢", False),
])
def test_a_question_asking_only_how_long_names_nothing_else(matcher: Matcher, question: str, only: bool) -> None:
    assert asks_only(matcher.query_text.prepare(question)) is only


@pytest.mark.parametrize(("previous", "question", "offered"), OFFERED_AFTER_AN_ANSWER)
def test_a_bare_asking_is_offered_the_follow_up_asking_it_of_the_topic(matcher: Matcher, previous: str,
                                                                       question: str, offered: str) -> None:
    reply = matcher.reply(question, previous=previous)
    assert reply.status == "clarify"
    assert offered in [match.id for match in reply.suggestions]


@pytest.mark.parametrize(("previous", "question", "first", "topic"), LISTED_FOLLOW_UPS)
def test_a_follow_up_read_several_ways_gets_a_list(matcher: Matcher, previous: str, question: str,
                                                   first: str | None, topic: str | None) -> None:
    reply = matcher.reply(question, previous=previous)
    assert reply.status == "clarify"
    assert first is None or reply.suggestions[0].id == first
    assert topic is None or {match.entry.topic for match in reply.suggestions} == {topic}


THINGS_AFTER_AN_ANSWER = [
    # (previous entry, 那X呢 that the previous question reads into no clear answer): it gets what X gets alone
    ("extension-max", "那罚息呢"),     # the 罚息 entries, the extension's among them, not only the extension's
    ("wechat-bind", "那罚息呢"),
    ("hotline-number", "那利率呢"),
    ("instalment-example", "那违约金呢"),
    ("login-app", "那分期呢"),
    ("forgot-password", "那罚息呢"),  # 罚息在哪里查 shares its topic but 罚息 alone reads it no better than the rest
]


@pytest.mark.parametrize(("previous", "question"), THINGS_AFTER_AN_ANSWER)
def test_a_follow_ups_shape_read_into_no_clear_answer_asks_about_its_thing(matcher: Matcher, previous: str,
                                                                         question: str) -> None:
    after, alone = matcher.reply(question, previous=previous), matcher.reply(what_about(question))
    assert alone.status != "none" and alone.match is not None and after.match is not None
    assert (after.status, after.match.id) == (alone.status, alone.match.id)
    assert [m.id for m in after.suggestions] == [m.id for m in alone.suggestions]


NOTHING_AFTER_THE_ANSWER = [
    # (previous entry, a follow-up's shape whose reading after it leaves no real entry scored): what it gets alone
    ("wechat-bind", "那柚付呢"),
    ("hotline-services", "那营业呢"),
    ("penalty-interest", "利率呢"),
    ("greeting", "利率呢"),           # small talk as the previous entry, as a JSON client may send it
]


BARE_THINGS = [
    # (previous entry, the name of a thing alone that no reading with the previous question finds): what it gets
    # alone, a list of the entries about it, never the fallback for having followed an answer
    ("overdue-credit-reporting", "协议"),
    ("hotline-number", "协议"),
    ("hotline-number", "合同"),      # (not a noun to the dictionary: a word the base holds all the same)
    ("wechat-bind", "额度"),
]


@pytest.mark.parametrize(("previous", "question"), BARE_THINGS)
def test_a_thing_named_alone_that_the_previous_question_reads_into_nothing_is_asked_alone(
        matcher: Matcher, previous: str, question: str) -> None:
    after, alone = matcher.replies(question, previous)
    assert alone.status != "none"
    assert after == alone


@pytest.mark.parametrize(("previous", "question"), NOTHING_AFTER_THE_ANSWER)
def test_a_follow_up_read_into_nothing_after_the_answer_gets_its_reply_alone(matcher: Matcher, previous: str,
                                                                           question: str) -> None:
    after, alone = matcher.replies(question, previous)
    assert after == alone


FOLLOW_UP_SHAPES = ("那{}呢", "{}呢", "那{}", "{}")
BASE_CHARACTERS = sorted({char for entry in load_knowledge().entries for char in entry.question} | set("柚a1 "))
ENTRY_IDS = [entry.id for entry in load_knowledge().entries]
THING_MATCHER = Matcher()


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ENTRY_IDS), st.sampled_from(FOLLOW_UP_SHAPES),
       st.text(alphabet=st.sampled_from(BASE_CHARACTERS), max_size=6))
def test_any_follow_up_after_any_entry_is_read_without_raising(previous: str, shape: str, thing: str) -> None:
    after, alone = THING_MATCHER.replies(shape.format(thing), previous)
    assert after.status in ("answer", "clarify", "none") and alone == THING_MATCHER.reply(shape.format(thing))


@pytest.mark.parametrize(("previous", "question", "expected"), [
    ("extension-how", "那分期呢", "instalment-how"),        # the previous question asked of another topic
    ("overdue-consequences", "那罚息呢", "penalty-interest"),  # the previous subject's own entry on 罚息
    ("extension-max", "那利息呢", "extension-interest-rate"),
])
def test_a_follow_ups_shape_read_into_a_clear_answer_keeps_it(matcher: Matcher, previous: str, question: str,
                                                              expected: str) -> None:
    reply = matcher.reply(question, previous=previous)
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", expected)


@pytest.mark.parametrize(("previous", "question", "expected"), BUNDLED_FOLLOW_UPS)
def test_follow_ups_on_the_bundled_base(matcher: Matcher, previous: str, question: str,
                                        expected: str | None) -> None:
    reply = matcher.reply(question, previous=previous)
    assert (reply.entry.id if reply.status == "answer" and reply.entry else None) == expected


RESTATEMENTS = [
    # (previous entry, a bare restatement of its subject): nothing of its own, so read as if asked alone
    ("about-weilidai", "微粒贷"),
    ("hotline-number", "客服电话"),
]


@pytest.mark.parametrize(("previous", "question"), RESTATEMENTS)
def test_a_bare_restatement_of_the_subject_is_read_alone(matcher: Matcher, previous: str, question: str) -> None:
    alone = matcher.reply(question)
    after = matcher.reply(question, previous=previous)
    assert (after.status, after.entry and after.entry.id) == (alone.status, alone.entry and alone.entry.id)


CARD_KB = """\
knowledge_base:
  title: 银行卡问答
  language: zh-CN
  version: "1"
  sources:
    - file: card.txt
      title: 银行卡须知
fallback: 这个问题我答不上来，请到柜台咨询。
entries:
  - id: card-replace
    question: 银行卡丢了怎么补办？
    alternates: [补办银行卡, 补卡流程, 卡丢了怎么办]
    answer: 带身份证到任意网点办理。
    source: {document: card.txt, section: 补卡}
    topic: 补卡
    follow_ups: [card-replace-fee, card-replace-wait]
  - id: card-replace-fee
    question: 补办银行卡要手续费吗？
    alternates: [补卡收费吗, 补卡手续费多少, 补卡费用]
    answer: 每张收工本费十元。
    source: {document: card.txt, section: 补卡 > 费用}
    topic: 补卡
  - id: card-replace-wait
    question: 补办银行卡要等几天？
    alternates: [补卡几天能拿到, 新卡多久到手]
    answer: 一般七个工作日。
    source: {document: card.txt, section: 补卡 > 时间}
    topic: 补卡
  - id: transfer-limit
    question: 手机转账每天最多能转多少？
    alternates: [转账限额, 单日转账上限, 转账额度是多少]
    answer: 每天五万元。
    source: {document: card.txt, section: 转账 > 限额}
    topic: 转账
  - id: about-app
    question: 手机银行是什么？
    alternates: [手机银行介绍, 手机银行能做什么]
    answer: 在手机上办理转账、查询等业务的应用。
    source: {document: card.txt, section: 应用}
    follow_ups: [transfer-limit]
"""

CARD_FOLLOW_UPS = [
    # (previous entry, follow-up, expected entry or None)
    ("card-replace", "要手续费吗", "card-replace-fee"),
    ("card-replace", "那费用呢", "card-replace-fee"),
    ("card-replace", "几天能拿到", "card-replace-wait"),
    ("card-replace-fee", "要等几天", "card-replace-wait"),
    ("card-replace", "今天天气怎么样", None),
]


@pytest.fixture(scope="module")
def card(tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    path = tmp_path_factory.mktemp("card") / "card.yaml"
    path.write_text(CARD_KB, encoding="utf-8")
    return Matcher(load_knowledge(path))


@pytest.mark.parametrize(("previous", "question", "expected"), CARD_FOLLOW_UPS)
def test_follow_ups_on_a_small_base(card: Matcher, previous: str, question: str, expected: str | None) -> None:
    reply = card.reply(question, previous=previous)
    assert (reply.entry.id if reply.status == "answer" and reply.entry else None) == expected


def test_a_restatement_of_the_subject_does_not_jump_to_a_follow_up_on_a_small_base(card: Matcher) -> None:
    alone = card.reply("手机银行")
    after = card.reply("手机银行", previous="about-app")
    assert (after.status, after.entry and after.entry.id) == (alone.status, alone.entry and alone.entry.id)


PAPERS_KB = """\
knowledge_base:
  title: 证件问答
  language: zh-CN
  version: "1"
  sources:
    - file: docs.txt
      title: 证件须知
fallback: 这个问题我答不上来，请到窗口咨询。
entries:
  - id: passport-wait
    question: 护照办理要等几天？
    alternates: [办护照多久能拿到]
    answer: 一般七个工作日。
    source: {document: docs.txt, section: 护照 > 时间}
    topic: 护照办理
  - id: passport-fee
    question: 护照办理要交多少钱？
    alternates: [办护照收费多少]
    answer: 每本一百二十元。
    source: {document: docs.txt, section: 护照 > 费用}
    topic: 护照办理
  - id: visa-wait
    question: 签证办理要等几天？
    alternates: [办签证多久能拿到]
    answer: 一般十个工作日。
    source: {document: docs.txt, section: 签证 > 时间}
    topic: 签证办理
  - id: visa-fee
    question: 签证办理要交多少钱？
    alternates: [办签证收费多少]
    answer: 视国家而定。
    source: {document: docs.txt, section: 签证 > 费用}
    topic: 签证办理
"""

PAPERS_FOLLOW_UPS = [
    # (previous entry, follow-up naming the other topic, the entry asking the same of it)
    ("passport-fee", "那签证呢", "visa-fee"),
    ("passport-wait", "那签证呢", "visa-wait"),
    ("visa-wait", "护照呢", "passport-wait"),
    ("visa-fee", "那护照呢", "passport-fee"),
]


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    path = tmp_path_factory.mktemp("papers") / "papers.yaml"
    path.write_text(PAPERS_KB, encoding="utf-8")
    return Matcher(load_knowledge(path))


@pytest.mark.parametrize(("previous", "question", "expected"), PAPERS_FOLLOW_UPS)
def test_a_follow_up_naming_another_topic_asks_the_previous_question_of_it(papers: Matcher, previous: str,
                                                                          question: str, expected: str) -> None:
    reply = papers.reply(question, previous=previous)
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", expected)


@pytest.mark.parametrize(("previous", "question"), [
    ("hotline-number", "微粒贷0还款"),        # which entries pre-selection scored once decided the topic swap
    ("hotline-number", "绑好了怎么查记录"),    # … and whether the follow-up named a subject
    ("overdue-what-to-do", "那延期呢"),
    ("instalment-periods", "那延期呢"),
])
def test_a_follow_up_gets_the_reply_scoring_every_entry_would_give(matcher: Matcher, previous: str,
                                                                     question: str) -> None:
    everything = Matcher(matcher.knowledge, exhaustive=True)
    fast, full = matcher.reply(question, previous), everything.reply(question, previous)
    assert (fast.status, fast.entry and fast.entry.id) == (full.status, full.entry and full.entry.id)


@pytest.mark.parametrize(("previous", "question"), ANOTHER_LENDER)
def test_a_question_about_another_lender_gets_the_fallback_after_an_answer_too(matcher: Matcher, previous: str,
                                                                               question: str) -> None:
    # Read after an answer of this base, it is neither answered nor offered a "您是不是想问…" list of its entries.
    assert matcher.reply(question).status == "none"
    after = matcher.reply(question, previous=previous)
    assert (after.status, after.suggestions, after.text) == ("none", (), matcher.knowledge.fallback)


ASKED_FIRST = [
    # (a follow-up's shape asked with nothing before it, the thing it asks about: it gets that thing's reply)
    ("那罚息呢", "罚息"),
    ("罚息呢", "罚息"),
    ("那利息呢", "利息"),
    ("利息呢", "利息"),
    ("那分期呢", "分期"),
    ("那么延期呢", "延期"),
]


@pytest.mark.parametrize(("question", "status"), [
    ("今天呢", "none"),      # 今天 is written only in a story of 逾期4天's (今天才发现), not in its closest phrasing
    ("那今天呢", "none"),
    ("罚息呢", "answer"),    # the 罚息 entries' phrasings write 罚息: the general one (逾期有罚息吗) answers it
    ("公众号呢", "answer"),
])
def test_a_follow_up_asked_first_is_answered_only_by_a_phrasing_writing_its_thing(
        matcher: Matcher, question: str, status: str) -> None:
    assert matcher.reply(question).status == status


@pytest.mark.parametrize(("question", "thing"), ASKED_FIRST)
def test_a_follow_up_asked_first_reads_like_its_thing(matcher: Matcher, question: str, thing: str) -> None:
    asked, alone = matcher.reply(question), matcher.reply(thing)
    assert alone.status != "none" and alone.match is not None and asked.match is not None
    assert (asked.status, asked.match.id) == (alone.status, alone.match.id)
    assert [m.id for m in asked.suggestions] == [m.id for m in alone.suggestions]


WHAT_ABOUT = [
    # (normalized question, the thing it asks about; empty: not a follow-up's shape)
    ("那罚息呢", "罚息"),
    ("还有额度呢", "额度"),
    ("利息呢啊", "利息"),
    ("罚息怎么算", ""),      # asks something of it
    ("要多久呢", ""),        # 多久 is a pronoun: no thing
    ("那呢", ""),
]


@pytest.mark.parametrize(("text", "thing"), WHAT_ABOUT)
def test_what_a_follow_ups_shape_asks_about(text: str, thing: str) -> None:
    assert what_about(text) == thing


AFTER_A_DOING = [
    # (normalized question, the doing it asks what comes after, with its 后; empty: not that shape)
    ("那还清以后呢", "还清后"),
    ("绑好之后呢", "绑好后"),
    ("还清了以后呢", "还清后"),
    ("签完协议后呢", "签完协议后"),
    ("那以后呢", ""),         # no doing: 以后 alone
    ("之后呢", ""),
    ("还清以后额度多久能回来", ""),   # asks something of it
]


@pytest.mark.parametrize(("text", "doing"), AFTER_A_DOING)
def test_what_a_follow_up_asks_what_comes_after(text: str, doing: str) -> None:
    assert after_doing(text) == doing


SUBJECTLESS = [
    # (normalized question, whether it asks how long, how often, why… of nothing it names)
    ("要多久", True),
    ("需要多长时间", True),
    ("要等多久", True),
    ("为什么", True),
    ("收费吗", True),
    ("额度要多久才能恢复", False),   # 额度, 恢复
    ("罚息多久", False),
    ("最多能拖几个月", False),       # 拖 names what is asked about
    ("最多能分几年还", False),
    ("那罚息呢", False),             # asks for none of them
    ("有多少", True),                # how many or how much of nothing: 有 counts nothing
    ("那有几个", True),
    ("几个", True),
    ("多少钱", False),               # 钱 is what is counted
    ("罚息有多少", False),
]


@pytest.mark.parametrize(("text", "expected"), SUBJECTLESS)
def test_a_question_asking_of_nothing_it_names(matcher: Matcher, text: str, expected: bool) -> None:
    assert subjectless(text, matcher.index) is expected


@pytest.mark.parametrize("question", ["要多久", "需要多长时间", "要等多久", "为什么", "收费吗", "有多少", "有几个"])
def test_a_subjectless_question_asked_first_is_not_answered_with_confidence(matcher: Matcher, question: str) -> None:
    assert matcher.reply(question).status != "answer"


def test_a_subjectless_follow_up_still_takes_the_previous_subject(matcher: Matcher) -> None:
    reply = matcher.reply("要多久", previous="extension-how")
    assert reply.status == "answer" and reply.match is not None and reply.match.id == "extension-max"


def _without_phrasings_writing(word: str) -> Matcher:
    # The bundled base with every alternate writing ``word`` left out: the word is then named nowhere in it.
    knowledge = load_knowledge()
    entries = tuple(entry if entry.smalltalk else replace(
        entry, alternates=tuple(alternate for alternate in entry.alternates if word not in alternate))
        for entry in knowledge.entries)
    return Matcher(replace(knowledge, entries=entries))


@pytest.mark.parametrize(("word", "previous", "question", "expected"), [
    # a noun named nowhere in the base, of the kind a word of the entry names (the same head: 资金, 备用金)
    ("资金", "plan-finances", "那应急资金留多少比较好", "emergency-fund"),
    # … and one of no kind the base names: no lead to an entry through the words around it
    ("资金", "overdue-what-to-do", "今天天气怎么样", None),
])
def test_a_follow_ups_noun_named_nowhere_leads_to_an_entry_naming_its_kind(word: str, previous: str, question: str,
                                                                          expected: str | None) -> None:
    reply = _without_phrasings_writing(word).reply(question, previous=previous)
    assert (reply.entry.id if reply.status == "answer" and reply.entry else None) == expected


@pytest.mark.parametrize(("previous", "question", "status", "expected"), [
    # a count alone asks the previous question again of it, in a unit the previous entry counts in
    ("extension-max", "一年呢", "answer", "extension-max"),
    ("extension-max", "那三个月呢", "answer", "extension-max"),
    ("instalment-periods", "36期呢", "answer", "instalment-periods"),
    ("overdue-4-days", "那10天呢", "none", None),                   # held back: the entry is about its own count
    ("extension-max", "12期呢", "none", None),                      # no phrasing of it counts in 期
    ("overdue-what-to-do", "一年呢", "none", None),                 # nor in 年
])
def test_a_count_alone_asks_the_previous_question_again_of_it(matcher: Matcher, previous: str, question: str,
                                                              status: str, expected: str | None) -> None:
    reply = matcher.reply(question, previous=previous)
    assert (reply.status, reply.entry.id if reply.status == "answer" and reply.entry else None) == (status, expected)


@pytest.mark.parametrize("previous", ["overdue-what-to-do", "communicate-early", "pay-off-quickly"])
def test_a_subjectless_follow_up_is_not_the_case_of_a_count_nobody_made(matcher: Matcher, previous: str) -> None:
    # 会怎样 is not asked of 逾期四天会怎样 (4天) when neither it nor the previous question counts days
    reply = matcher.reply("会怎样", previous=previous)
    assert not (reply.status == "answer" and reply.entry is not None and reply.entry.id == "overdue-4-days")


@pytest.mark.parametrize(("previous", "question", "offered"), [
    # a follow-up not about the subject of the entry it reads alone first, which nothing else reads: offered, as a
    # question of another subject is, neither answered (the extension's entry) nor dropped for the fallback
    ("limit-restore-wait", "会不会起诉我", "extension-collection"),
    ("overdue-consequences", "会被起诉吗", "extension-collection"),
])
def test_a_follow_up_not_about_the_only_entry_it_reads_is_offered_it(matcher: Matcher, previous: str, question: str,
                                                                     offered: str) -> None:
    reply = matcher.reply(question, previous=previous)
    assert reply.status == "clarify"
    assert reply.suggestions[0].id == offered


def test_a_things_follow_up_the_previous_entry_names_is_what_its_thing_asks(matcher: Matcher) -> None:
    # 延期呢 after 微粒贷逾期了该怎么办: how to apply for an extension (one of its follow-ups), though 延期 alone reads
    # how long an extension lasts first
    reply = matcher.reply("延期呢", previous="overdue-what-to-do")
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", "extension-how")


def test_a_follow_up_read_by_an_entry_of_its_subject_is_not_offered_another(matcher: Matcher) -> None:
    # 要多久 after 怎么申请延期还款: how long an extension lasts, not a list with how long a limit takes to come back
    reply = matcher.reply("要多久", previous="extension-how")
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", "extension-max")


@pytest.mark.parametrize(("previous", "question", "listed"), [
    # (previous entry, a question that gets a list alone, an entry the list holds)
    ("overdue-what-to-do", "還款日能改嗎", "due-date"),
    ("overdue-what-to-do", "还款日能改吗", "due-date"),
    ("hotline-number", "还款日能改吗", "due-date"),
])
def test_a_question_listed_alone_is_not_given_less_after_another(matcher: Matcher, previous: str, question: str,
                                                                  listed: str) -> None:
    alone = matcher.reply(question)
    assert alone.status == "clarify"
    for after in (matcher.reply(question, previous=previous), matcher.replies(question, previous)[0]):
        assert after.status != "none"
        assert listed in [after.entry and after.entry.id, *(match.id for match in after.suggestions)]


SMALL_BASES = Path(__file__).parent / "eval" / "small-bases"

WHOLE_QUESTIONS = [
    # (DEV small base, previous entry, question, expected entry or None): a whole question asked after an answer on
    # another subject keeps what it reads alone; a fragment (no thing of its own, 那…, …呢, asking only how long) and a
    # question read alone by what it does not say keep the previous subject.
    ("gym", "card-price", "你们早上几点开", "hours"),           # 健身房 of 健身房几点开门 is the gym it calls 你们
    ("gym", "card-refund", "你们早上几点开", "hours"),
    ("bakery", "hours", "可以刷信用卡吗", "payment"),
    ("florist", "hours", "多肉怎么浇水", "succulent-water"),
    ("", "extension-how", "要多久", "extension-max"),               # nothing but its asking: the previous subject's
    ("", "extension-max", "那要签协议吗", "extension-agreement"),   # 那…: not instalment-agreement, read alone
    ("", "overdue-what-to-do", "会不会起诉我", None),  # no thing of its own: 延期期间还会被催收或起诉吗 names 延期
    ("", "overdue-consequences", "会不会被起诉", None),
    ("", "forgot-password", "改手机号了怎么办", None),  # read alone by 怎么办 only: 手机号 is not 逾期了怎么办's
]


@pytest.mark.parametrize(("base", "previous", "question", "expected"), WHOLE_QUESTIONS)
def test_a_whole_question_after_another_subject_is_read_as_alone(base: str, previous: str, question: str,
                                                               expected: str | None) -> None:
    matcher = _small(base) if base else Matcher()
    reply = matcher.reply(question, previous=previous)
    assert (reply.entry.id if reply.status == "answer" and reply.entry else None) == expected


@functools.cache
def _small(base: str) -> Matcher:
    return Matcher(load_knowledge(SMALL_BASES / f"{base}.yaml"))
