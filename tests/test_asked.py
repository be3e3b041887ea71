"""Asked: a question asking how many times, how long or whether a thing can be changed is not answered with
confidence by an entry that never says it; a count said in passing, or asked of an entry that gives it, changes
nothing."""

from __future__ import annotations

import doctest
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from assistant import Matcher, load_knowledge
from assistant.matching import asked, attributes, details, listed
from assistant.matching.asked import Asked, asks, gives, phrasing_answers

BASE = Matcher()


@pytest.mark.parametrize(("question", "expected"), [
    ("延期可以申请几次", {"times"}),
    ("逾期几天会上征信", {"duration"}),
    ("逾期记录要过几年才能消除", {"duration"}),
    ("还清后额度多久能恢复", {"duration"}),
    ("最多能延期几个月", {"duration"}),
    ("还款日能改吗", {"change"}),
    ("绑定的手机号怎么修改", {"change"}),
    ("延期多久，可以改到月底吗", {"duration", "change"}),
    ("逾期几天会上征信吗", set()),           # with 吗, 几天 is "a few days"
    ("还款日当天几点前还不算逾期", {"clock"}),  # a time of day
    ("客服电话几点能打", {"clock"}),
    ("有几点要注意", set()),                  # several points, no time
    ("申请延期要注意哪几点", set()),            # which points, no time
    ("微粒贷是哪一年推出的", {"founding"}),         # a year (哪1年 once normalized)
    ("微粒贷什么时候上线的", {"founding"}),
    ("微众银行成立时间", {"founding"}),
    ("逾期记录什么时候消除", set()),             # when, not which year
    ("逾期罚息按多少算", {"calculation"}),    # how an amount is reckoned …
    ("逾期费用是咋算的", {"calculation"}),
    ("怎么算逾期", set()),                    # … not what counts as late
    ("逾期了几天会怎么样", set()),             # ... and with 怎么
    ("延期那几个月罚息还算不算", set()),         # 那几个月: those months; 算不算 asks
    ("上班没多久就逾期了", set()),              # 没多久: not long
    ("付款密码输错几次锁了", set()),            # a final 了 tells what happened
    ("为什么我的额度被降了", {"reason", "down"}),
    ("微粒贷账户怎么注销", {"change"}),      # an end is a change
    ("签了的协议能撤回吗", {"change"}),      # ... and so is undoing what was agreed
    ("APP一直闪退", {"trouble"}),            # an app or page that will not load has failed
    ("逾期了怎么办", set()),
    ("借款一直失败是什么原因", {"reason", "trouble"}),   # what to do when something failed or was refused
    ("分期申请没通过怎么办", {"trouble"}),
    ("联系不上客服怎么办", set()),           # not being able to reach: how a question about contact is put
    ("客服热线一直占线", {"trouble"}),
    ("打客服热线要付费吗", {"cost"}),                   # whether a thing costs money
    ("额度怎么才能往上提", {"up"}),                      # a way up or down …
    ("微众银行跟微粒贷有啥区别", {"comparison"}),        # two names a synonym made one, compared
    ("催收员的电话号码是多少", {"phone"}),               # a detail of a thing: its telephone number …
    ("客服的邮箱地址是什么", {"email"}),                 # … its e-mail address (not a postal one) …
    ("总部的地址在哪里", {"address", "premises"}),       # … its postal address (of its premises) …
    ("官网的网址是什么", {"site"}),                      # … its web address …
    ("分期协议在哪里下载", {"document"}),                # … a copy to download or print …
    ("微粒贷每个月自动从哪张卡扣钱", {"card"}),          # … which card money is paid from …
    ("借款打到什么银行卡上", {"card"}),
    ("每个月从哪一张卡扣钱", {"card"}),
    ("还款要用哪家银行的卡", {"card"}),
    ("微粒贷有什么卡通形象", set()),                     # … (a cartoon is no card) …
    ("页面卡住了", {"trouble"}),                         # … (a thing stuck is no card) …
    ("已经交的违约金能退回来吗", {"refund"}),            # … money paid back
    ("微众银行是哪一年成立的", {"founding"}),            # a fact about the organization: when it was founded …
    ("微粒贷是什么时候推出的", {"founding"}),
    ("微粒贷是谁家推出的", set()),                       # … (who launched it is what 微粒贷是什么 says)
    ("微众银行总部在哪个城市", {"premises"}),            # … its premises …
    ("微众银行的股东都有谁", {"people"}),                # … who owns or leads it …
    ("微众银行招人吗", {"hiring"}),                      # … whether it hires …
    ("微众银行是国企还是私企", {"ownership"}),           # … what kind of company it is …
    ("微粒贷是正规的吗", {"licensed"}),                  # … whether it is licensed …
    ("微粒贷有没有年龄限制", {"age"}),                   # … who may borrow, by age or by who one is …
    ("大学生可以申请微粒贷吗", {"age"}),
    ("微粒贷APP有夜间模式吗", {"looks"}),                # … how its app looks
    ("打客服电话要收话费吗", {"cost"}),
    ("绑定的账户怎么解除", {"change"}),                  # undoing a binding is an end
    ("微粒贷app的通知怎么设置", {"change"}),             # a setting is a thing changed …
    ("app怎么升级更新", {"change"}),                     # … and so is a version
    ("打客服电话怎么操作", set()),                       # naming the telephone asks for no number …
    ("微粒贷客服的号码给我一下", {"phone"}),
    ("逾期了催收会打电话给我家人吗", set()),             # … nor does a call made to someone …
    ("客服电话什么时候能打通", set()),                   # … or when it is answered
    ("逾期后额度会被降吗", set()),                       # … not asked yes or no: 会降吗 is answered either way
    # a long question tells a failure in passing: it asks something else
    ("我想知道逾期了多少天，客服电话一直打不通，在哪里能自己看到逾期天数", set()),
])
def test_what_a_question_asks_for(question: str, expected: set[str]) -> None:
    assert asks(BASE.normalize(question)) == expected


@pytest.mark.parametrize(("texts", "expected"), [
    (("最长允许延期6个月",), {"duration"}),
    (("一般分12期到40期",), {"duration"}),            # instalments are monthly
    (("还清欠款后额度多久能恢复", "资料没有说明"), {"duration"}),  # a phrasing asking it: the author answers it
    (("每年可以申请2次",), {"times"}),                 # 每年 counts no years
    (("还款日可以调整为每月月底",), {"change"}),
    (("建议准备一笔备用金，用来应对突然的用钱需求",), {"reason"}),   # a purpose is a reason
    (("申请延期还款会导致贷款利率上升",), {"reason", "up", "calculation"}),  # … and so is a cause; a rate reckons
    (("没有任何减免，因此总还款额会增加",), {"reason", "up"}),             # … or a result
    (("登录后进入我的借款页面",), set()),
    (("扣款失败时先看卡里的余额够不够",), {"trouble", "card"}),   # it names the card paid from
    (("延期要多付钱",), {"cost"}),
    (("逾期费用是怎么计算的",), {"cost", "calculation"}),
    (("额度可能会被调低或冻结",), {"down"}),
    (("一个工作日后到窗口领取",), {"duration"}),      # a number of working days, however it is written
    (("一般三到五个工作日出证",), {"duration"}),
    (("工作日上午八点开门",), {"clock"}),             # working days named, none counted; a time of day given
    (("24小时都可以打",), {"clock", "duration"}),      # … at any time of day
    (("本店成立于2015年",), {"founding", "duration"}),     # a year given (a number of years, as a duration is)
    (("罚息按日计算",), {"calculation"}),
    (("延期期间利率照原来的算",), {"calculation"}),
    (("手工打蜡轿车一百二十元",), {"cost", "calculation"}),   # a price in yuan reckons a flat charge (打蜡费怎么算) …
    (("每消费一元积一分",), {"cost", "calculation"}),         # … and so does a rate per yuan
    (("打蜡要多少钱",), set()),                              # asking how much is no price given
    (("打两次电话不通就在App里报备",), {"trouble", "times"}),   # a call not getting through has failed
    (("联系不上顾客怎么办",), {"trouble"}),
    (("客服电话是400-999-8866",), {"phone"}),          # a number gives the telephone number
    (("微粒贷客服电话是多少",), {"phone"}),            # … and so does a phrasing asking it
    (("用手机或邮箱做验证就能找回",), {"email"}),
    (("店在哪？",), {"address"}),                      # a phrasing asking where a place is gives its address …
    (("在滨江区江南大道100号",), {"address"}),          # … and so does an answer writing a house number
    (("去应用商店搜微粒贷下载",), {"document"}),
])
def test_what_an_entry_gives(texts: tuple[str, ...], expected: set[str]) -> None:
    assert gives(tuple(BASE.normalize(text) for text in texts)) == expected


@pytest.mark.parametrize(("question", "entry"), [
    ("微粒贷延期可以申请几次", "extension-how"),
    ("逾期几天会上征信", "overdue-credit-reporting"),
    ("微粒贷的还款日能改吗", "due-date"),
    ("绑定的手机号换了怎么改", "wechat-bind"),
    ("为什么我的微信里没有微粒贷入口", "wechat-account"),
    ("微粒贷怎么关闭", "wechat-account"),
    ("分期申请没通过怎么办", "instalment-how"),
    ("公众号绑定失败怎么办", "wechat-bind"),
    ("拨打客服热线要付费吗", "hotline-number"),
    ("额度为啥老是不涨", "credit-limit-reduced"),     # up, where the entry says only down
    ("微众银行跟微粒贷有啥区别", "about-weilidai"),
    ("微粒贷APP的通知怎么设置", "login-app"),                # how to log in, not how to set it up
    ("额度多久更新一次", "limit-restore-wait"),              # how long it takes to come back, not how often
    ("人民银行征信中心的电话是多少", "overdue-credit-reporting"),   # it gives no number
    ("分期还款协议签完在哪里下载", "instalment-agreement"),         # what it says, not where to get it
    ("我的借款页面能导出账单吗", "my-loans-page"),
    ("已经交的违约金能退回来吗", "extension-penalty"),              # reduced, not paid back
    ("打客服电话要收话费吗", "hotline-number"),
    ("微粒贷每个月自动从哪张卡扣钱", "due-date"),      # which day, not which card
    # a detail the entry gives, asked of a thing other entries ask about and this one never names
    ("催收的电话号码是多少", "hotline-number"),        # the hotline's number, not the collector's
    ("微粒贷借款合同在哪里下载", "login-app"),         # where to download the APP, not the agreement
    # a way up the entry gives, asked of a thing other entries ask about and this one never names
    ("额度怎么提升", "improve-credit-record"),         # the credit score goes up, not the limit
    # a fact about the organization the entry never gives
    ("微粒贷是哪年推出来的", "about-weilidai"),        # what it is, not when it was launched
    ("微粒贷是国企吗", "about-weilidai"),
])
def test_the_entry_is_not_given_for_what_it_never_says(question: str, entry: str) -> None:
    matcher = Matcher()
    assert matcher.asked.unanswered(matcher.normalize(question), matcher.entry(entry))
    reply = matcher.reply(question)
    assert reply.status != "answer"
    assert reply.held_back == "topic"


def test_a_place_asked_for_is_held_back_as_a_thing_the_base_never_names() -> None:
    # 实体店 is asked of about-weilidai, which names no premises; the base never names it either, so salience holds
    # it back first, as another thing's question.
    matcher = Matcher()
    assert matcher.asked.unanswered(matcher.normalize("微粒贷有实体店吗"), matcher.entry("about-weilidai"))
    reply = matcher.reply("微粒贷有实体店吗")
    assert reply.status != "answer" and reply.held_back == "foreign"


@pytest.mark.parametrize(("question", "entry"), [
    ("还款日当天几点前还不算逾期", "due-date"),        # the day, not the time of day
    ("逾期了每天几点自动扣款", "due-date"),
    ("逾期罚息按多少算", "overdue-details-shown"),     # where the penalties are shown, not how they are reckoned
    ("微粒贷是哪一年推出的", "about-weilidai"),        # whose product it is, not since when
    ("微粒贷什么时候上线的", "about-weilidai"),
])
def test_a_time_of_day_or_a_reckoning_is_not_given_by_an_entry_naming_none(question: str, entry: str) -> None:
    assert BASE.asked.unanswered(BASE.normalize(question), BASE.entry(entry))
    reply = BASE.reply(question)
    assert (reply.status, reply.match.id if reply.match else None) != ("answer", entry)


@pytest.mark.parametrize(("question", "entry"), [
    ("最多能延期几个月", "extension-max"),
    ("分期最多能分几个月", "instalment-periods"),
    ("还完了额度多久能回来", "limit-restore-wait"),
    ("多久查一次信用报告", "check-credit-report"),
    ("逾期4天了怎么办", "overdue-4-days"),
    ("逾期几天会上征信吗", "overdue-credit-reporting"),
    ("延期那几个月罚息还算不算", "extension-penalty"),
    ("为什么要准备备用金", "emergency-fund"),
    ("为什么延期会多付利息", "extension-interest-rate"),    # 会导致贷款利率上升
    ("为什么要保持良好的信用记录", "keep-good-credit"),
    ("为什么逾期后额度变少了", "credit-limit-reduced"),
    ("微粒贷的客服号码是多少", "hotline-number"),        # it gives the number
    ("客服电话晚上几点能打", "hotline-number"),          # 24小时都可以打
    ("逾期的罚息是怎么算出来的", "overdue-fees-calculation"),
    ("延期以后利息怎么算", "extension-interest-rate"),   # 利率 …照算
    ("微粒贷APP去哪里下载", "login-app"),                # it says where to download it
    ("密码忘了能用邮箱找回吗", "forgot-password"),
    ("微粒贷的官方客服号码是多少", "hotline-number"),   # every thing it names the entry names
    ("信用分怎么提上去", "improve-credit-record"),     # the way up of its own thing
    ("逾期后怎么提升信用分", "improve-credit-record"),
    ("逾期之后信用分咋才能涨回来", "improve-credit-record"),   # 才能 is no thing going up
])
def test_the_entry_is_answered_when_it_says_it_or_nothing_is_asked(question: str, entry: str) -> None:
    reply = BASE.reply(question)
    assert not BASE.asked.unanswered(BASE.normalize(question), BASE.entry(entry))
    assert (reply.status, reply.match.id if reply.match else None) == ("answer", entry)


ASKING = "能可以再还借分几多少久长个到成我被会不没吗点怎么算计abc1 "
"""Characters that put the questions ``asked`` reads, for texts that come close to its patterns."""


@given(st.text(alphabet=st.sampled_from(ASKING), max_size=40) | st.text(max_size=40))
@example("能以几")  # 以 after 能 is no doing either
def test_any_text_is_read_without_raising(text: str) -> None:
    found = asks(text)
    assert found <= {"times", "duration", "clock", "calculation", "change", "reason", "trouble", "cost", "up",
                     "down", "comparison", "phone", "email", "address", "site", "document", "serial", "card",
                     "refund"}
    assert isinstance(Asked(BASE.index).unanswered(text, BASE.entry("due-date")), bool)
    assert all(len(verb) == 1 and verb not in "以再" for verb in asked.counted(text))
    assert all(len(word) > 1 for word in asked.whether(text))
    assert isinstance(BASE.topics.displaced(text, BASE.entry("instalment-periods")), bool)


@pytest.mark.parametrize("module", [asked, attributes, details, listed])
def test_the_module_examples_hold(module: ModuleType) -> None:
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize(("question", "phrasing", "answers"), [
    ("要多久", "延期还款最长能延多久", True),
    ("要多久", "分期还款最多能分多少期", True),       # instalments are monthly: how many is how long
    ("要多久", "延期还款要签什么协议", False),
    ("为什么", "为什么要保持良好的信用记录", True),
    ("能改吗", "怎么知道自己的还款日是哪天", False),
])
def test_which_phrasing_asks_or_gives_what_a_follow_up_asks(question: str, phrasing: str, answers: bool) -> None:
    assert phrasing_answers(asks(question), phrasing) is answers


@pytest.mark.parametrize(("question", "thing"), [
    # (normalized question, the words of what it asks whether will be done to the asker)
    ("逾期3天会不会被起诉", ["起诉"]),
    ("逾期3天会被起诉吗", ["起诉"]),
    ("延期会不会被起诉呢", ["起诉"]),
    ("逾期3天会起诉我吗", ["起诉"]),           # asked of what is done to 我, without 被
    ("会不会起诉我", ["起诉"]),
    ("会不会告我", []),                       # one character: the borrower's own way of saying a thing
    ("逾期会被罚钱吗", []),                  # the dictionary cuts 罚钱: the borrower's own way of saying a thing
    ("逾期3天怎么办", []),                   # asks nothing of the kind
    ("还款日能改吗", []),
    ("是不是被封了以后还能不能借", []),      # the question goes on to ask something else
    ("延期还款会上征信吗", ["征信"]),        # whether a thing will come
    ("逾期会不会上门催收", ["上门"]),
    ("才不会还不上贷款", []),                # a negation: so as not to
    ("利率还会不会变", []),
    ("延期协议会写哪些东西", []),            # asks which
    ("延期利率会不会提高", []),              # a way up: asks reads it
    ("会员能不能退钱", []),                  # 会 of a noun
    ("那额度会受影响吗", []),                # whether anything comes of it: what comes answers it
])
def test_what_a_question_asks_whether_will_be_done(question: str, thing: list[str]) -> None:
    assert asked.whether(question) == thing


@pytest.mark.parametrize(("question", "entry", "unsaid"), [
    # (question, entry, True when the entry never names what the question asks will be done: no yes or no)
    ("逾期3天会不会被起诉", "overdue-4-days", True),     # its 逾期三天怎么办 says nothing of 起诉
    ("逾期3天会被起诉吗", "overdue-4-days", True),
    ("逾期3天会起诉我吗", "overdue-4-days", True),
    ("会不会起诉我", "extension-collection", False),
    ("延期会不会被起诉", "extension-collection", False),  # it says it
    ("逾期会被冻结吗", "credit-limit-reduced", False),
    ("延期还款会上征信吗", "extension-interest-rate", True),    # overdue-credit-reporting asks about 征信
    ("逾期会上征信吗", "overdue-credit-reporting", False),
])
def test_asked_whether_a_thing_will_be_done_the_entry_must_name_it(question: str, entry: str, unsaid: bool) -> None:
    assert Asked(BASE.index).unanswered(question, BASE.entry(entry)) is unsaid


@pytest.mark.parametrize("question", ["逾期三天会不会被起诉", "逾期三天会起诉我吗"])
def test_asked_whether_sued_after_three_days_is_not_answered_with_confidence(question: str) -> None:
    assert BASE.reply(question).status != "answer"


@pytest.mark.parametrize(("question", "verbs"), [
    ("微粒贷最多能借多少", ["借"]),
    ("微粒贷借款最长可以借几年", ["借"]),
    ("分期能分到多少期", ["分"]),
    ("还清后能再借多少", ["借"]),
    ("最长能延期多久", []),          # a verb of two characters is the entry's own word, read otherwise
    ("额度多久能恢复", []),          # the count before the verb: how long until it can be done
    ("逾期一天要多少钱", []),        # 要 puts the question; it counts no doing
    ("延期最长可以多久", []),        # 可以 puts it too: its 以 is no doing
    ("最多可以几个月", []),
    ("额度还能再多少", []),          # 再 is an adverb, no doing
    ("最多能还几期", ["还"]),        # 还 as the doing (repaying), not as the adverb
])
def test_which_doing_a_question_counts(question: str, verbs: list[str]) -> None:
    assert asked.counted(BASE.normalize(question)) == verbs


@pytest.mark.parametrize(("question", "entry", "displaced"), [
    # (question, the entry it reads most like, whether it counts a doing that is another entry's topic word)
    ("微粒贷最多能借多少", "instalment-periods", True),      # 借 of 借款, never in the instalment entry
    ("微粒贷最长能借几个月", "extension-max", True),
    ("分期最多能分几个月", "instalment-periods", False),
    ("最多能拖几个月", "extension-max", False),             # 拖 is no entry's topic: the entry's doing put otherwise
    ("延期最多可以推几个月", "extension-max", False),       # 推 written in 最多能往后推多久 (read 延期)
])
def test_a_doing_counted_that_is_another_topic_displaces_the_entry(question: str, entry: str,
                                                                    displaced: bool) -> None:
    assert BASE.topics.displaced(BASE.normalize(question), BASE.entry(entry)) is displaced


@pytest.mark.parametrize(("question", "words"), [
    # (question, the words that may name the thing whose detail it asks)
    ("催收的电话号码是多少", ["催收"]),                # a run of single characters the dictionary leaves
    ("微粒贷借款合同在哪里下载", ["微粒", "借款", "合同"]),
    ("微粒贷的官方客服号码是多少", ["微粒", "官方", "客服"]),
    ("在哪里下载", []),                                # question words and the detail name no thing
])
def test_which_words_may_name_the_thing_a_detail_is_asked_of(question: str, words: list[str]) -> None:
    assert details.things(BASE.normalize(question)) == words


def test_a_long_question_names_things_in_passing_and_asks_the_detail_of_one() -> None:
    question = "我在外地打工，不太会用APP，想直接打电话问问微粒贷逾期的事，官方客服电话是多少，晚上打过去有人接吗？"
    reply = BASE.reply(question)
    assert (reply.status, reply.match.id if reply.match else None) == ("answer", "hotline-number")


def test_a_bare_entry_says_too_little_to_tell_a_detail_asked_of_another_thing() -> None:
    knowledge = BASE.knowledge
    bare = replace(knowledge, entries=tuple(replace(entry, alternates=()) for entry in knowledge.entries))
    matcher = Matcher(bare)
    # the entry's one question never names 催收, which another entry's does: too little to read it as another's
    assert not matcher.asked.unanswered(matcher.normalize("催收的电话号码是多少"), matcher.entry("hotline-number"))
    assert BASE.asked.unanswered(BASE.normalize("催收的电话号码是多少"), BASE.entry("hotline-number"))


CAKES = """\
entries:
  - id: cake-price
    question: 生日蛋糕多少钱
    answer: 六寸一百二十八元，八寸一百六十八元，十寸二百二十八元。
    source: {document: doc.txt, section: 价格}
  - id: age
    question: 多大能来上课
    answer: 六岁以上可以报名，十二岁以下要家长陪同。
    source: {document: doc.txt, section: 年龄}
"""
"""A small base whose answers list values of a unit (六寸、八寸、十寸) or give a range of them (六岁以上)."""


@pytest.mark.parametrize(("question", "entry", "unlisted"), [
    ("十二寸蛋糕多少钱", "cake-price", True),    # the answer lists 6, 8 and 10 寸: it does not say 12
    ("12寸的多少钱", "cake-price", True),
    ("八寸的多少钱", "cake-price", False),       # one of the values listed
    ("生日蛋糕多少钱", "cake-price", False),     # no value asked
    ("三岁能来上课吗", "age", False),            # the answer gives a range (六岁以上), not a list
])
def test_a_value_of_a_unit_whose_values_the_entry_lists_without_it_is_unlisted(
        write_kb: Callable[..., Path], question: str, entry: str, unlisted: bool) -> None:
    matcher = Matcher(load_knowledge(write_kb(CAKES)))
    assert listed.unlisted(matcher.index, matcher.normalize(question), matcher.entry(entry)) is unlisted


@pytest.mark.parametrize(("question", "named"), [
    ("十二寸蛋糕多少钱", ((12, "寸"),)),
    ("两个人三张票多少钱", ((2, "人"), (3, "张"))),   # in the order named
    ("生日蛋糕多少钱", ()),
])
def test_quantities_are_the_values_of_listed_units_a_question_names(question: str, named: tuple[object, ...]) -> None:
    assert listed.quantities(BASE.normalize(question)) == named


def test_a_question_s_quantities_are_read_once_for_every_entry_checked(write_kb: Callable[..., Path]) -> None:
    matcher = Matcher(load_knowledge(write_kb(CAKES)))
    check, text = Asked(matcher.index), matcher.normalize("十四寸蛋糕多少钱")
    listed.quantities.cache_clear()
    for entry in (*matcher.knowledge.entries, *matcher.knowledge.entries):
        check.unanswered(text, entry)
    assert listed.quantities.cache_info().misses == 1


WAX = """\
entries:
  - id: wax
    question: 打蜡怎么收费？
    answer: 手工打蜡轿车一百二十元，SUV一百五十元。
    source: {document: doc.txt, section: 打蜡}
  - id: booking
    question: 打蜡要预约吗？
    answer: 不用预约，到店排队就行。
    source: {document: doc.txt, section: 预约}
"""
"""A small base pricing a flat charge in yuan (打蜡), and an entry on the same thing giving no price."""


@pytest.mark.parametrize(("question", "entry", "unanswered"), [
    ("打蜡费怎么算", "wax", False),          # the price list is how the charge is reckoned
    ("打蜡的费用怎么算", "wax", False),
    ("打蜡费怎么算", "booking", True),       # an answer with no price does not reckon it
])
def test_a_price_in_yuan_answers_how_a_flat_charge_is_reckoned(
        write_kb: Callable[..., Path], question: str, entry: str, unanswered: bool) -> None:
    matcher = Matcher(load_knowledge(write_kb(WAX)))
    assert Asked(matcher.index).unanswered(matcher.normalize(question), matcher.entry(entry)) is unanswered
