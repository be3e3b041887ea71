"""A long question is read by its asking part as well as whole (assistant/matching/clauses.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import Matcher
from assistant.matching.clauses import (
    DEALING_PART_WEIGHT,
    LONG,
    PART_WEIGHT,
    asking_clauses,
    asking_part,
    earlier_question,
    read_asking_part,
    without_opening,
)
from assistant.matching.decision import decision_floor

ASKING_PARTS = [
    # (question as typed, its asking part or None)
    ("我刚开通微粒贷借了一笔钱，一直没搞清楚每个月是哪天扣款，怕一不小心又逾期，怎么查自己的还款日？",
     "怕一不小心又逾期，怎么查自己的还款日？"),                  # 怎么查自己的还款日 alone is under 10 characters
    ("我爸住院做手术花光了积蓄，微粒贷这个月实在拿不出钱，想问问能不能晚点还，具体要走什么流程？",
     "想问问能不能晚点还，具体要走什么流程？"),                  # from the clause that introduces the question
    ("我逾期了一段时间，搞不清楚到底欠了多少本金和利息，逾期以后怎么查还款详情？", "逾期以后怎么查还款详情？"),
    ("微粒贷逾期了会有什么影响？", None),                           # one clause: the whole is what asks
    ("我这个月工资晚发了，微粒贷逾期了三天。", None),               # no question word
    ("怎么申请延期还款，具体要怎么操作", None),                     # the asking part would be all of it
    ("我换了新手机 登录密码忘记了 现在该怎么办", "登录密码忘记了 现在该怎么办"),  # a space between Chinese characters
    ("我在微粒贷 App 上借了 5000 元 现在还不上了怎么办", None),    # spaces around a Latin word or a number
    ("我几乎每个月都按时还，这次工资那么晚才发，哪怕晚一天也上征信，我还没还呢", None),  # 几乎, 那么, 哪怕, 呢
    ("逾期以后怎么查还款详情，我已经好几天没睡好了", "逾期以后怎么查还款详情，"),  # 好几天: a statement after it
    ("我最怕的是逾期了以后家里人会不会接到催收电话 我在外地打工 麻烦告诉我",   # the question first, a shorter
     "我最怕的是逾期了以后家里人会不会接到催收电话 "),                        # story after it is left out
    ("延期能不能申请，我生病住院三个月了，家里的积蓄全花光了，实在是还不上了", None),  # a longer story: read whole
    ("延期还款协议里都写了些什么？客服让我下周去签字，我怕签了以后吃亏",       # but after a question mark,
     "延期还款协议里都写了些什么？"),                                           # whoever marks it asks no more
    ("逾期以后怎么查还款详情？我自己记的账跟短信上的对不上，是不是多收了钱",   # unless a clause after it asks
     "我自己记的账跟短信上的对不上，是不是多收了钱"),
    ("我这边情况比较复杂，估计要很久才能缓过来，延期最长能延多长时间，半年够不够",  # 够不够 asks: a second
     "延期最长能延多长时间，半年够不够"),                                         # question is no story
    ("我这个月的工资被拖欠了，微粒贷那笔也还没还，能减免罚息不",    # a final 不 asks, 还没还 does not
     "微粒贷那笔也还没还，能减免罚息不"),
    ("我这几天手头紧，工资也晚发了，微粒贷这期能晚几天再还么", "微粒贷这期能晚几天再还么"),  # 还么 asks as 还吗
    # A question word telling, not asking: 了 before 几 (晚了几天), a time and 前 after it (几个月前), 没 before 多久,
    # 都 or 也 after it (怎么输都, 什么都): what happened; the question is the clause before
    ("微粒贷到底是哪家的产品？我在微信里点进去借了五千，现在晚了几天，我都不知道欠的是谁的钱",
     "微粒贷到底是哪家的产品？"),
    ("登录密码忘了该怎么找回？我试了好多次，怎么输都提示错误", "登录密码忘了该怎么找回？"),
    ("逾期记录会一直留着吗？那是我几个月前的事了，后来什么都按时还", "逾期记录会一直留着吗？"),
    ("还清欠款后额度多久能恢复，我才刚还清没多久", "还清欠款后额度多久能恢复，"),
    ("我一直不明白，信用记录差一点有什么关系，为啥大家都说要保持良好的信用",   # 为啥, 为什么 ask all the same
     "为啥大家都说要保持良好的信用"),
    ("How do I reset my password if I forgot it?", None),          # English: its spaces end no clause
    ("I bought a book here last week as a present, can I return it?", " can I return it?"),
]


ASKING_CLAUSES = [
    # (an asking part: the clauses of it that ask, or introduce a question, first to last)
    ("会不会上征信啊，我下个月还要去银行办房贷，真怕批不下来", "会不会上征信啊，"),  # a story after the question
    ("怕一不小心又逾期，怎么查自己的还款日？", "怎么查自己的还款日？"),            # a clause before it for length
    ("想问问能不能晚点还，具体要走什么流程？", "想问问能不能晚点还，具体要走什么流程？"),  # introduced, two asking
    ("我这边情况比较复杂", "我这边情况比较复杂"),                                  # none asks: all of it
]


@pytest.mark.parametrize(("part", "clauses"), ASKING_CLAUSES)
def test_the_asking_clauses_leave_out_the_story_around_them(part: str, clauses: str) -> None:
    assert asking_clauses(part) == clauses


@pytest.mark.parametrize(("question", "part"), ASKING_PARTS)
def test_the_asking_part_is_the_last_clause_that_asks(question: str, part: str | None) -> None:
    assert asking_part(question) == part


EARLIER_QUESTIONS = [
    # (a question as typed: the question it marks with ？ before its asking part, or None)
    ("我已经逾期一个多月了，利息越滚越多，能不能跟客服商量分期？要是能分的话最多能分几期", "能不能跟客服商量分期？"),
    ("逾期会不会有罚息？还有逾期的费用到底是怎么算的，我晚了十天，心里没数", "逾期会不会有罚息？"),
    ("逾期以后罚息高吗？我晚了三天", None),                          # the marked question is the asking part
    ("我上个月逾期了三天，现在还清了，逾期以后额度会被冻结吗", None),  # nothing marked
    ("真倒霉！逾期了三天，额度还能恢复吗", None),                     # marked, but it asks nothing
]


@pytest.mark.parametrize(("question", "earlier"), EARLIER_QUESTIONS)
def test_a_question_marked_before_the_asking_part_is_asked_too(question: str, earlier: str | None) -> None:
    part = asking_part(question)
    assert (earlier_question(question, part) if part else None) == earlier


TWO_QUESTIONS = [
    # (two questions, the first marked: the entries answering either; one of them is answered, not a list of both)
    ("我已经逾期一个多月了，利息越滚越多，能不能跟客服商量分期？要是能分的话最多能分几期",
     {"instalment-how", "instalment-periods"}),
    ("逾期会不会有罚息？还有逾期的费用到底是怎么算的，我晚了十天，心里没数",
     {"penalty-interest", "overdue-fees-calculation"}),
]


@pytest.mark.parametrize(("question", "expected"), TWO_QUESTIONS)
def test_a_long_question_asking_two_things_is_answered_with_one_of_them(matcher: Matcher, question: str,
                                                                        expected: set[str]) -> None:
    reply = matcher.reply(question)
    assert reply.status == "answer" and reply.entry is not None and reply.entry.id in expected


LONG_QUESTIONS = [
    # (a story, then the question: the entry it asks about)
    ("我换了新手机以后一直没打开过微粒贷，现在要查账，可登录密码忘记了，这种情况该怎么办？", "forgot-password"),
    ("我第一次打微粒贷的客服电话，听到一堆语音提示就慌了直接挂了，想问一下电话打过去之后要怎么一步步操作、"
     "跟客服说些什么？", "hotline-steps"),
    ("孩子开学交了一大笔学费，微粒贷这期没还上，现在已经逾期了，我想先弄明白，逾期对我以后有哪些影响？",
     "overdue-consequences"),
    ("公司裁员我刚丢了工作，新工作还没着落，下个月的微粒贷肯定还不上，想申请推迟一段时间再还，延期还款怎么申请？",
     "extension-how"),
]


STORY_TROUBLE = [
    # (a story telling a refusal in a clause its short asking clause takes in for length, and the entry the asking
    # clause asks for: what is asked for is read in the clauses that ask, not in the story)
    ("上个月房贷没批下来，被银行拒了，征信怎么修复", "improve-credit-record"),
    ("去年因为生病逾期过几次，现在征信上不太好看，贷款老被拒，这种情况要怎么修复", "improve-credit-record"),
]

ASKED_TROUBLE = [
    # a refusal asked in the asking clause itself is still what is asked: not the entry on how to apply
    "我逾期以后找客服申请了分期，等了一周，结果分期申请被拒了怎么办",
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher()


@pytest.mark.parametrize(("question", "expected"), LONG_QUESTIONS)
def test_a_long_question_is_answered_with_what_it_asks(matcher: Matcher, question: str, expected: str) -> None:
    reply = matcher.reply(question)
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", expected)


HOW_TO_DEAL = [
    # (a story, then a question asking how to deal with something: the entry about that thing; or, when how to
    # deal with being overdue is all it asks, the entry about that)
    ("这回逾期交了不少罚息 算是长记性了 想请教一下大家平时是怎么做到从来不逾期的 要注意些啥", "repayment-habits"),
    ("我这人丢三落四的，好几次都是过了还款日才想起来，这回又逾期了，真的不想再这样，有什么办法以后能不再逾期",
     "repayment-habits"),
    ("做生意亏了 手上好几笔贷款 微粒贷那笔也逾期了 电话一直响 我整个人都懵了 现在应该怎么办啊 有没有人告诉我第一步做啥",
     "overdue-what-to-do"),
    ("我今年刚毕业工作不稳定，微粒贷借了一万多，这个月实在拿不出钱还已经逾期了，我完全不知道该怎么处理，逾期了我该怎么办才好",
     "overdue-what-to-do"),
    ("工地老板跑路了工钱没拿到 微粒贷也跟着预期了 我一个外地人人生地不熟的 现在该咋整啊", "overdue-what-to-do"),
    # 逾期 of the story and 有什么办法 make 逾期了有啥办法; the topic left (按时还上) must outweigh them
    ("我工资一发下来就花光，上个月又逾期了一次，被家里人说了好久，有什么办法能让我每个月按时还上", "repayment-habits"),
]


@pytest.mark.parametrize(("question", "expected"), HOW_TO_DEAL)
def test_the_asking_part_is_read_by_what_it_asks_how_to_deal_with(matcher: Matcher, question: str,
                                                                   expected: str) -> None:
    reply = matcher.reply(question)
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", expected)


PLANNING = [
    # (a story, then how to plan what comes in and goes out so as not to be late again: the entry on planning
    # finances (its answer: 收支, 预算) is offered, never the entry on repayment habits answered in its place)
    "我每个月到手六千，房租就去掉两千，信用卡和微粒贷加起来还要还两千多，月月都紧巴巴的，怎么规划开支才能不再逾期",
    "我和老公都是月光族，每次还款日前都手忙脚乱的，想好好做个预算，怎么规划收支才能不再逾期",
]


@pytest.mark.parametrize("question", PLANNING)
def test_planning_spending_in_a_story_is_not_answered_as_repayment_habits(matcher: Matcher, question: str) -> None:
    reply = matcher.reply(question)
    assert reply.status in ("answer", "clarify"), reply.status
    offered = [match.id for match in reply.suggestions] if reply.status == "clarify" else [reply.entry.id]
    assert "plan-finances" in offered and (reply.status, reply.entry and reply.entry.id) != ("answer",
                                                                                            "repayment-habits")


def test_a_story_overdue_and_a_way_to_something_else_is_not_read_as_dealing_with_being_overdue(
        matcher: Matcher) -> None:
    reply = matcher.reply("我前年逾期过两回，后来一直按时还，现在去银行办房贷被拒了，有什么办法让信用记录慢慢好起来")
    assert reply.match is not None and reply.match.entry.id == "improve-credit-record"


DECLARED_ASKED = [
    # (a story about the base's own loan, then an asking part that reads as a question the base declares out of
    # scope: the story does not make it the base's)
    "上个月微粒贷晚还了几天，已经处理好了，现在想问问信用卡分期怎么申请",
    "我微粒贷逾期过一次后来都按时还了，现在想买房，想问下去哪里打印个人征信报告",
]


@pytest.mark.parametrize("question", DECLARED_ASKED)
def test_a_story_whose_asking_part_is_declared_out_of_scope_gets_the_fallback(matcher: Matcher,
                                                                               question: str) -> None:
    reply = matcher.reply(question)
    assert (reply.status, reply.held_back) == ("none", "declared")


ENGLISH = [
    # (a long English question of one sentence: each of its words is no clause; the entry it asks about)
    ("What are your opening hours because I want to return a book that I bought for my son?", "opening-hours"),
    ("Can I return a book I bought here last week if I paid for it with a gift card?", "return-policy"),
]


@pytest.mark.parametrize(("question", "expected"), ENGLISH)
def test_an_english_question_is_not_read_by_its_last_words(english: Matcher, question: str,
                                                           expected: str) -> None:
    reply = english.reply(question)
    assert asking_part(question) is None
    assert (reply.status, reply.entry and reply.entry.id) == ("answer", expected)


STORIES = st.lists(st.sampled_from([
    "我上个月工资晚发了", "微粒贷逾期了好几天", "客服一直打电话", "家里人还不知道", "额度也变少了",
    "怎么申请分期还款", "逾期会上征信吗", "最多能延期多久？", "客服电话是多少", "我该怎么办",
]), min_size=2, max_size=5)


@settings(max_examples=60, deadline=None)
@given(STORIES)
def test_the_asking_part_only_lowers_entries_and_keeps_the_best_of_its_reading(matcher: Matcher,
                                                                              clauses: list[str]) -> None:
    question = "，".join(clauses)
    text = matcher.normalize(question)
    part = asking_part(question)
    if part is None or len(text) < LONG:
        return
    whole = matcher.score(text)
    scored = matcher.score(text)
    read_asking_part(matcher.normalize(part), scored, matcher.index, keep=4,
                     floor=decision_floor(matcher.thresholds))
    assert scored.keys() == whole.keys()
    lowered = {owner: whole[owner].score - scored[owner].score for owner in whole}
    assert all(-1e-9 <= drop <= max(PART_WEIGHT, DEALING_PART_WEIGHT) * 100 + 1e-9 for drop in lowered.values())
    real = [owner for owner in whole if not matcher.index.entries[owner].smalltalk]
    if real and max(whole[owner].score for owner in real) >= decision_floor(matcher.thresholds):
        assert min(lowered[owner] for owner in real) == pytest.approx(0.0)


TRADITIONAL = [
    # (a long question in traditional characters, without ？, and the same in simplified ones)
    ("我換了新手機以後一直沒打開過微粒貸，現在要查賬，可登錄密碼忘記了，這種情況該怎麼辦",
     "我换了新手机以后一直没打开过微粒贷，现在要查账，可登录密码忘记了，这种情况该怎么办"),
    ("我的微粒貸逾期了好幾天，家裡人還不知道，請問逾期以後怎麼查還款詳情",
     "我的微粒贷逾期了好几天，家里人还不知道，请问逾期以后怎么查还款详情"),
]


@pytest.mark.parametrize(("traditional", "simplified"), TRADITIONAL)
def test_a_long_question_in_traditional_characters_is_read_as_in_simplified(matcher: Matcher, traditional: str,
                                                                          simplified: str) -> None:
    wide, plain = matcher.reply(traditional), matcher.reply(simplified)
    assert (wide.status, wide.match) == (plain.status, plain.match)


def test_a_short_question_is_read_whole_only(matcher: Matcher) -> None:
    question = "逾期了，怎么办？"
    assert len(matcher.normalize(question)) < LONG
    asked, plain = matcher.reply(question), matcher.reply("逾期了怎么办")
    assert (asked.status, asked.match) == (plain.status, plain.match)


@pytest.mark.parametrize(("text", "left"), [
    ("请问逾期会怎么", "逾期会怎么"),
    ("你好请问逾期会怎么", "逾期会怎么"),
    ("麻烦问一下逾期了怎么办", "逾期了怎么办"),
    ("我想问一下延期怎么申请", "延期怎么申请"),
    ("hello逾期会怎么", "逾期会怎么"),
    ("你好", "你好"),                    # a greeting alone stays small talk
    ("你好在吗", "你好在吗"),            # too little left once opened
    ("请问", "请问"),
    ("逾期会怎么", "逾期会怎么"),        # no opening
    ("问题很多", "问题很多"),            # 问 opens a word here, not a request to ask
])
def test_a_polite_opening_is_taken_off_when_a_question_is_left(text: str, left: str) -> None:
    assert without_opening(text) == left


@pytest.mark.parametrize(("question", "expected"), [
    ("请问逾期会怎样", "overdue-consequences"),      # read like the declared 车贷逾期会怎样 with its opening
    ("麻烦问下逾期会怎样", "overdue-consequences"),
    ("hello 逾期会怎样", "overdue-consequences"),
    ("请问车贷逾期会怎样", None),                     # another lender's question is still held back
])
def test_a_politely_opened_question_gets_the_reply_it_gets_alone(bundled: Matcher, question: str,
                                                                 expected: str | None) -> None:
    reply = bundled.reply(question)
    got = reply.entry.id if reply.status == "answer" and reply.entry is not None else None
    assert got == expected


@pytest.mark.parametrize(("question", "expected"), STORY_TROUBLE)
def test_a_trouble_told_in_the_story_is_not_what_the_asking_clause_asks_for(matcher: Matcher, question: str,
                                                                             expected: str) -> None:
    reply = matcher.reply(question)
    assert (reply.status, reply.match.id if reply.match else None) == ("answer", expected)


@pytest.mark.parametrize("question", ASKED_TROUBLE)
def test_a_trouble_asked_in_the_asking_clause_is_not_answered_by_the_entry_on_the_doing(matcher: Matcher,
                                                                                       question: str) -> None:
    assert matcher.reply(question).status != "answer"
