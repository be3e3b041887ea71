"""Salience: a question naming a thing the knowledge base never mentions is not answered from it, on any base,
without a hand-kept list; fillers and the base's own wording change nothing."""

from __future__ import annotations

import doctest
import math
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import Matcher, Thresholds, load_knowledge
from assistant.conversation import Conversation
from assistant.matching import salience, topic, unmentioned, words
from assistant.matching.words import Dictionary, dictionary
from assistant.normalize import is_chinese

OFF = Thresholds(salience=100)

GYM = """\
entries:
  - id: opening-hours
    question: 健身房几点开门？
    alternates: [营业时间是几点到几点]
    answer: 每天早上六点到晚上十一点营业。
    source: {document: doc.txt, section: 营业时间}
  - id: membership-price
    question: 会员卡多少钱？
    alternates: [办卡要多少钱]
    answer: 月卡三百元，年卡两千元。
    source: {document: doc.txt, section: 价格}
  - id: locker
    question: 储物柜怎么用？
    alternates: [东西放哪里]
    answer: 在前台领取钥匙，离馆时归还。
    source: {document: doc.txt, section: 储物柜}
  - id: membership-refund
    question: 会员卡可以退吗？
    alternates: [办了卡能退款吗]
    answer: 开卡七天内可以全额退款。
    source: {document: doc.txt, section: 退款}
"""
"""A plain FAQ of another trade: no out-of-scope questions, no out_of_scope_terms, no synonyms."""


@pytest.fixture
def gym(write_kb: Callable[..., Path]) -> Path:
    return write_kb(GYM)


@pytest.mark.parametrize(("question", "status", "without_the_check"), [
    ("健身房几点开门啊", "answer", "answer"),     # a particle weighs nothing
    ("健身房一般几点开门", "answer", "answer"),   # nor an adverb
    ("会员卡咋退一下", "answer", "answer"),       # nor colloquial fillers
    ("储物柜咋用", "answer", "answer"),
    ("是不是能退款", "answer", "answer"),         # nor a question's either-or form, which no phrasing holds
    ("游泳馆几点开门", "none", "answer"),         # a place the base never mentions
    ("瑜伽馆几点开门", "none", "answer"),
    ("停车场几点开门", "none", "answer"),
])
def test_a_plain_faq_holds_back_questions_about_what_it_never_mentions(
        gym: Path, question: str, status: str, without_the_check: str) -> None:
    knowledge = load_knowledge(gym)
    assert Matcher(knowledge).reply(question).status == status
    assert Matcher(knowledge, thresholds=OFF).reply(question).status == without_the_check


@pytest.mark.parametrize(("question", "status"), [
    ("平安普惠的客服电话是多少", "none"),   # another lender, named by a word the base never holds
    ("微粒贷的客服电话是多少", "answer"),   # the same question about this base's product
    ("小米贷款逾期会怎样", "none"),
    ("微粒贷逾期了怎么办", "answer"),
    ("逾期了咋整", "answer"),
    ("我借的是美团逾期了怎么办", "none"),   # the name is 美团, not 是美团: 是 is too common to be part of one
    ("借的是美团，逾期会上征信吗", "none"),
    ("拍拍贷逾期会被起诉吗", "none"),        # 拍拍 (to pat) the base never holds, beside 贷: a name
    ("安逸花逾期怎么办", "none"),            # 安逸 is a name; the base holds its sounds (按一) but not it
    ("微粒貸應用程式怎麼登入", "answer"),    # Taiwan's 应用程式, 登入: the mainland's 应用程序, 登录
    ("怎麼登入微粒貸的應用程式", "answer"),
])
def test_the_bundled_base_answers_its_product_and_not_another(bundled: Matcher, question: str,
                                                              status: str) -> None:
    assert bundled.reply(question).status == status


@pytest.mark.parametrize(("question", "status"), [
    ("额度是不是会被砍啊", "answer"),       # a verb (砍) and a particle (啊) are how a question is put
    ("这个怎么算啊", "answer"),
    ("怎样才能避免再迟缴", "answer"),       # a rare word after 再 is an action, not a name
    ("这个月又迟缴了怎么办", "answer"),
    ("迟缴以后额度会被冻结吗", "answer"),   # … and so is one before 以后 or 了
    ("招联的客服电话", "none"),             # a name before 的 or a noun: 联 of 联系 does not make it the entry's
    ("招联金融的客服电话是多少", "none"),
    ("度小满的电话是多少", "none"),
    ("有钱花的客服电话是多少", "none"),     # weighed by its pieces (有钱, 花), not by its commonest character 有
    ("度小满逾期会上征信吗", "none"),       # three characters the dictionary does not join: a name
    ("微信分付逾期了会怎样", "none"),
    ("车贷能分期吗", "none"),               # 车贷 is what the declared 车贷逾期会怎样 is about
    ("车贷晚还几天要紧吗", "none"),
    ("芝麻信用分怎么提高", "none"),         # a rare common noun weighs nearly as much as a name
])
def test_a_name_weighs_and_a_verb_or_particle_does_not(bundled: Matcher, question: str, status: str) -> None:
    assert bundled.reply(question).status == status


@pytest.mark.parametrize(("question", "status"), [
    ("你好，麻烦问一下分期最多能分几期", "answer"),   # a polite opener names nothing
    ("麻烦问下逾期了怎么办", "answer"),
    ("劳驾问一下客服电话多少", "answer"),             # (劳驾 is a name to the dictionary)
    ("打扰一下，逾期会上征信吗", "answer"),
    ("麻烦问一下美团借钱逾期了怎么办", "none"),       # the name after it still weighs
    ("劳驾问下招联金融客服电话", "none"),
])
def test_a_polite_opener_weighs_nothing(bundled: Matcher, question: str, status: str) -> None:
    assert bundled.reply(question).status == status


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(sorted(unmentioned.VERB_MARKERS)), st.sampled_from(["迟缴", "缴清", "搞坏"]))
def test_an_unknown_word_after_a_verb_marker_weighs_nothing(bundled: Matcher, marker: str, word: str) -> None:
    words = [found for found, _, _ in bundled.salience.words(bundled.normalize(f"逾期以后{marker}{word}"))]
    assert word not in words
    assert word in [found for found, _, _ in bundled.salience.words(bundled.normalize(f"{word}怎么办"))]


@pytest.mark.parametrize(("question", "weighed"), [
    ("登录密码怎么重置", False),   # 重置, tagged a noun, after 怎么: what is done
    ("密码能重置吗", False),
    ("重置登录密码", True),        # opening the question, a noun is what it is about (助学 of 助学贷款)
    ("能京东还款吗", True),        # a name after 能 is still a thing
])
def test_a_common_noun_after_a_verb_marker_is_what_is_done(tmp_path: Path, question: str, weighed: bool) -> None:
    faq = tmp_path / "faq.yaml"   # a bare list: nothing but questions and answers
    faq.write_text("- question: 登录密码忘了怎么办？\n  answer: 用手机验证找回。\n"
                   "- question: 怎么还款？\n  answer: 在APP里还。\n", encoding="utf-8")
    plain = Matcher(load_knowledge(faq))
    found = [word for word, _, _ in plain.salience.words(plain.normalize(question))]
    assert bool({"重置", "京东"} & set(found)) is weighed


@pytest.mark.parametrize(("question", "status"), [
    # a name to the dictionary right after a doing the base holds weighs as a common noun: where or how that is done
    ("微粒贷登录入口", "clarify"),   # 入口, a place to the dictionary: offered, not held back
    ("怎么登录京东", "none"),       # a company's name, rarer, still weighs enough
])
def test_a_name_after_a_doing_weighs_as_a_common_noun(tmp_path: Path, question: str, status: str) -> None:
    faq = tmp_path / "faq.yaml"   # a bare list: nothing but questions and answers
    faq.write_text("- question: 微粒贷登录密码忘了怎么办？\n  answer: 用手机验证找回。\n"
                   "- question: 怎么登录微粒贷APP或官网？\n  answer: 进入官网或下载APP，用手机号登录。\n",
                   encoding="utf-8")
    plain = Matcher(load_knowledge(faq))
    assert plain.reply(question).status == status


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(sorted(unmentioned.VERB_FOLLOWERS)), st.sampled_from(["迟缴", "缴清", "搞坏"]))
def test_an_unknown_word_before_a_verb_follower_weighs_nothing(bundled: Matcher, follower: str, word: str) -> None:
    words = [found for found, _, _ in bundled.salience.words(bundled.normalize(f"{word}{follower}怎么办"))]
    assert word not in words


@pytest.mark.parametrize(("question", "word"), [
    ("没练几次能退吗", "没练"),       # no name opens on a negation
    ("钥匙够不够", "够不够"),         # 够|不够 as the dictionary cuts it: how a yes-or-no question is put
    ("储物柜够不够", "柜够不够"),
])
def test_a_negation_or_an_either_or_form_is_no_unknown_word(gym: Path, question: str, word: str) -> None:
    matcher = Matcher(load_knowledge(gym))
    assert word not in [found for found, _, _ in matcher.salience.words(matcher.normalize(question))]


def test_a_word_of_a_declared_question_is_never_the_entrys_wording(bundled: Matcher) -> None:
    # 车贷 shares 贷 with 微粒贷; the base declares 车贷逾期会怎样 out of scope: 车贷 is another loan.
    text, entry = bundled.normalize("车贷能分期吗"), bundled.entry("instalment-how")
    assert bundled.salience.foreign(text, entry) >= bundled.thresholds.salience
    undeclared = Matcher(replace(bundled.knowledge, out_of_scope=()))
    assert undeclared.salience.foreign(text, entry) == 0.0


@pytest.mark.parametrize(("question", "declared", "undeclared"), [
    ("前台几点开门", "none", "answer"),     # 前台: what a declared question is about, in no entry's phrasing
    ("前台能退卡吗", "none", "answer"),
    ("会员卡多少钱", "answer", "answer"),
    ("健身房几点开门", "answer", "answer"),
])
def test_a_noun_a_declared_question_is_about_is_foreign_though_an_answer_mentions_it(
        write_kb: Callable[..., Path], question: str, declared: str, undeclared: str) -> None:
    # An answer says 在前台领取钥匙; no entry is about 前台, and the base declares 前台的电话是多少 out of scope.
    with_declared = Matcher(load_knowledge(write_kb("out_of_scope: [前台的电话是多少]\n" + GYM)))
    assert with_declared.reply(question).status == declared
    assert Matcher(load_knowledge(write_kb(GYM))).reply(question).status == undeclared


@pytest.mark.parametrize(("declared", "status"), [
    ("[前台的电话是多少, 前台可以代收快递吗]", "none"),   # declared twice, held by one phrasing: out of scope
    ("[前台的电话是多少]", "answer"),               # declared once, held by one phrasing: the base's word
])
def test_a_noun_declared_more_often_than_the_phrasings_hold_it_is_foreign(
        write_kb: Callable[..., Path], declared: str, status: str) -> None:
    gym = GYM.replace("alternates: [东西放哪里]", "alternates: [东西放哪里, 前台能寄存东西吗]")
    assert Matcher(load_knowledge(write_kb(f"out_of_scope: {declared}\n" + gym))).reply("前台几点开门").status == status


def test_a_name_before_a_noun_is_not_excused_by_a_shared_character(bundled: Matcher) -> None:
    entry = bundled.entry("hotline-number")   # 联系客服 …: shares 联 with 招联
    assert bundled.salience.foreign(bundled.normalize("招联的客服电话"), entry) >= bundled.thresholds.salience
    assert bundled.salience.foreign(bundled.normalize("联络客服"), entry) == 0.0


@pytest.mark.parametrize(("question", "says_nothing"), [
    ("好吗", True), ("会吗", True), ("行不", True), ("可以吗", True), ("为什么", True), ("多久", True),
    ("几天", True), ("呢", True), ("不", True),
    ("怎么还", False),                       # two words: how to repay
    ("罚息", False), ("利率", False), ("多少钱", False), ("怎么办", False), ("还有吗", False),
    ("为什么会逾期", False),                   # longer than a bare question
    ("ok吗", False), ("", False),
])
def test_a_bare_question_word_says_nothing(bundled: Matcher, question: str, says_nothing: bool) -> None:
    assert bundled.salience.says_nothing(bundled.normalize(question)) is says_nothing


@pytest.mark.parametrize("question", ["好吗", "会吗", "行不", "为什么", "多久", "几天", "呢", "我吗"])
def test_a_question_saying_nothing_gets_no_entry_alone(bundled: Matcher, question: str) -> None:
    reply = bundled.reply(question)
    assert reply.status == "none" or (reply.entry is not None and reply.entry.smalltalk), (reply.status, reply.id)


def test_a_question_saying_nothing_is_read_as_a_follow_up(bundled: Matcher) -> None:
    assert bundled.reply("多久", previous="extension-how").id == "extension-max"


def test_a_long_question_s_story_details_are_not_weighed(bundled: Matcher) -> None:
    # A story mentions details (a hospital stay, a mortgage) that are not what it asks about.
    text = bundled.normalize("我老婆生病住院了，家里的钱都拿去交医药费了，这个月的微粒贷实在还不上，能申请延期吗")
    assert len(text) > salience.SHORT and bundled.salience.words(text)
    assert salience.Salience(bundled.index).foreign(text, bundled.entry("extension-how")) == 0.0


@pytest.mark.parametrize(("question", "entry", "weighed"), [
    # a long story opening on another loan (车贷): weighed, but not when the base's own (微粒贷) is named after it
    ("车贷这个月刚扣完款，卡里没钱了，微粒贷的还款拖了几天，微粒贷的额度会不会被冻结啊", "credit-limit-reduced", True),
    # a short question: its words are weighed whatever the base's own thing named in it
    ("车贷逾期了微粒贷会冻结吗", "credit-limit-reduced", True),
])
def test_a_word_opening_a_long_story_before_the_base_s_own_thing_is_named_in_passing(
        bundled: Matcher, question: str, entry: str, weighed: bool) -> None:
    text = bundled.normalize(question)
    own_at = bundled.kinds.own_at(text)
    assert own_at > 0
    alone = bundled.salience.foreign(text, bundled.entry(entry))
    assert (alone > 0) is weighed
    with_own = bundled.salience.foreign(text, bundled.entry(entry), own_at=own_at)
    assert with_own == (alone if len(text) <= salience.SHORT else 0.0)


@pytest.mark.parametrize(("question", "status"), [
    # another lender the story opens on (its head 贷 set aside), or names again where it asks
    ("我在拍拍贷借了三千，拖到现在都半个多月了，我整个人都很慌，这种情况我该怎么处理才好", "none"),
    ("车贷这个月因为资金周转不开晚还了几天，这样会不会有什么影响啊", "none"),
    ("京东白条上个月忘了还，现在有逾期费用了，京东白条的逾期费用是怎么算的", "none"),
    # a name opening the story, a character of which the base never writes, before a noun the entry never holds
    ("我的浦发信用卡逾期两个月了银行每天打电话催我还钱怎么办", "none"),
    # ... unless the base's own thing of a kind is named after it: the story opened on another loan in passing
    ("车贷这个月刚扣完款，卡里没钱了，微粒贷的还款拖了几天，微粒贷的额度会不会被冻结啊", "answer"),
    ("我房贷一直是工资卡自动扣的，从来没操心过，微粒贷的还款日是哪天我都不知道，怎么查", "answer"),
    # a story around a question about the base: its details come once
    ("我老婆生病住院了，家里的钱都拿去交医药费了，这个月的微粒贷实在还不上，能申请延期吗", "answer"),
    ("我在工地干活，老板拖着工资不发，微粒贷已经逾期一个礼拜了，我该怎么办", "answer"),
    ("我犹豫要不要分期，想知道分期还款到底能省多少利息，有没有实际的例子", "answer"),
    ("我在北京上班，这个月微粒贷逾期了，现在该怎么办才好", "answer"),            # a place before a verb
    ("我明年要贷款买房，这次微粒贷逾期了一周，逾期记录会不会报到人民银行征信系统里", "answer"),  # a time, then 要
])
def test_a_long_question_is_weighed_by_what_it_opens_on_or_names_twice(
        bundled: Matcher, question: str, status: str) -> None:
    assert len(bundled.normalize(question)) > salience.SHORT
    assert bundled.reply(question).status == status


def test_a_word_resembling_the_answered_entry_is_its_wording_put_otherwise(bundled: Matcher) -> None:
    # 联络 shares 联 with 联系: how the hotline question may be put.
    text = bundled.normalize("联络客服")
    assert bundled.salience.words(text)
    assert bundled.salience.foreign(text, bundled.entry("hotline-number")) == 0.0
    assert bundled.salience.foreign(text, bundled.entry("overdue-what-to-do")) > 0


@pytest.mark.parametrize(("question", "entry", "foreign"), [
    ("好享贷的客服电话是多少", "hotline-number", True),   # only 贷的, at its edge, sounds as in 微粒贷的
    ("拍拍贷的客服电话是多少", "hotline-number", True),
    ("微粒贷的客服电话是多少", "hotline-number", False),
    ("逾期紀錄會不會報送到人民銀行", "overdue-credit-reporting", False),   # 报送到: 报 and 到人 are the entry's
    ("逾期的钱是不是得赶紧还完", "pay-off-quickly", False),
    ("柚付", "extension-interest-rate", True),    # asked alone: a name, not 付 of 多付, nor 有|服务费's 有服 sounds
    ("那柚付呢", "extension-interest-rate", True),
    ("乏息", "penalty-interest", False),           # sounds as 罚息, a word of the entry: a typo of it
    ("罚西", "penalty-interest", False),
])
def test_an_unknown_word_sounds_like_the_entry_over_half_its_characters(bundled: Matcher, question: str, entry: str,
                                                                         foreign: bool) -> None:
    assert (bundled.salience.foreign(bundled.normalize(question), bundled.entry(entry)) >= 10) is foreign


@pytest.mark.parametrize(("question", "status"), [
    ("拍拍贷逾期了怎么办", "none"),       # an unknown word the question opens with: its head 贷 is not 微粒贷's
    ("萌贷可以申请延期还款吗", "none"),
    ("消费贷怎么分期还款", "none"),
    ("微粒贷逾期了怎么办", "answer"),
    ("缴清以后额度多久恢复", "answer"),   # an unknown verb elsewhere than at the opening shares 清 with 还清
    ("人人贷逾期会上征信吗", "none"),     # 人 of 人民银行 is too common a character to make 人人 its wording
    ("小赢逾期了怎么办", "none"),         # opening the question, 小赢 weighs as 赢, not as the common 小
])
def test_an_unknown_word_opening_the_question_shares_no_head(bundled: Matcher, question: str, status: str) -> None:
    assert bundled.reply(question).status == status


OWN = """\
entries:
  - id: glasses-price
    question: 配一副眼镜多少钱
    answer: 镜框加镜片三百九十八元起。
    source: {document: doc.txt, section: 价格}
  - id: room-book
    question: 包间可以预订吗
    answer: 可以，提前一天打电话预订。
    source: {document: doc.txt, section: 包间}
  - id: vaccine
    question: 打疫苗多少钱
    answer: 猫狗打一针疫苗八十元。
    source: {document: doc.txt, section: 疫苗}
"""
"""A bare list whose questions people put with a character left out or a modal verb put in."""


@pytest.mark.parametrize(("question", "entry", "foreign"), [
    ("配副眼镜大概多少钱", "glasses-price", False),   # 配副: the entry's 配一副 with 一 left out, no name of 眼镜
    ("能订包间吗", "room-book", False),              # 能订: a modal and the entry's 订, no name opening it
    ("猫打一针疫苗多少钱", "vaccine", False),        # 猫 and 打 are the entry's answer's
    ("途虎眼镜多少钱", "glasses-price", True),        # 途虎: characters the entry never writes, a name
])
def test_an_unknown_word_of_the_entrys_own_characters_is_its_wording(
        write_kb: Callable[..., Path], question: str, entry: str, foreign: bool) -> None:
    matcher = Matcher(load_knowledge(write_kb(OWN)))
    weight = matcher.salience.foreign(matcher.normalize(question), matcher.entry(entry))
    assert (weight >= Thresholds().salience) is foreign


@pytest.mark.parametrize(("question", "entry"), [
    ("房贷逾期了怎么办", "overdue-what-to-do"),   # the name 房贷 shares only its head 贷 with 微粒贷
    ("房贷能延期吗", "extension-how"),
])
def test_a_name_sharing_only_its_head_names_another_thing(bundled: Matcher, question: str, entry: str) -> None:
    assert bundled.salience.foreign(bundled.normalize(question), bundled.entry(entry)) >= 10
    assert bundled.reply(question).status == "none"


@pytest.mark.parametrize(("question", "entry", "foreign"), [
    ("公众号能绑定银行卡吗", "wechat-bind", True),      # 银行 of 微众银行 with the head 卡: another thing
    ("按时还信用卡对修复信用有帮助吗", "improve-credit-record", False),   # its answer names 信用卡
    ("信用卡", "improve-credit-record", True),   # asked alone, declared out of scope five times: only the entry's
    ("那信用卡呢", "improve-credit-record", True),   # question naming it would make it the entry's subject
])
def test_the_entrys_word_with_another_head_names_another_thing(bundled: Matcher, question: str, entry: str,
                                                               foreign: bool) -> None:
    assert (bundled.salience.foreign(bundled.normalize(question), bundled.entry(entry)) >= 10) is foreign


def test_a_common_noun_sharing_a_character_is_the_entrys_wording(gym: Path) -> None:
    matcher = Matcher(load_knowledge(gym))
    text = matcher.normalize("保险柜怎么用")   # shares 柜 with 储物柜
    assert matcher.salience.words(text)
    assert matcher.salience.foreign(text, matcher.entry("locker")) == 0.0
    assert matcher.salience.foreign(text, matcher.entry("opening-hours")) > 10


WALLET = """\
entries:
  - id: invoice
    question: 怎么开发票
    answer: 在订单详情页点“申请发票”，填写抬头即可。
    source: {document: doc.txt, section: 发票}
  - id: card-price
    question: 月卡多少钱
    answer: 月卡三百元。
    source: {document: doc.txt, section: 价格}
  - id: guest
    question: 可以带朋友来吗
    answer: 每位会员每月可带一位朋友。
    source: {document: doc.txt, section: 访客}
"""
"""A bare list: one question an entry, no alternates, synonyms or declared out-of-scope questions."""


@pytest.mark.parametrize(("question", "entry", "foreign"), [
    ("股票怎么开户", "invoice", True),     # 股票 shares only its head 票 with 发票: another thing of that kind
    ("彩票怎么开", "invoice", True),
    ("在哪能开彩票", "invoice", True),     # anywhere, when the base never writes the characters before the head
    ("在哪能开月票", "invoice", False),    # … but it writes 月 (月卡): read as the entry's wording
    ("发票怎么开", "invoice", False),      # the entry's own noun
    ("包月多少钱", "card-price", False),   # 月 stands first in 月卡: the entry's wording put otherwise
    ("能带个朋友吗", "guest", False),      # 带 ends no noun of the entry (能带 is the dictionary's noun)
])
def test_a_noun_opening_the_question_or_new_before_its_head_sharing_only_the_entrys_head_is_another_thing(
        write_kb: Callable[..., Path], question: str, entry: str, foreign: bool) -> None:
    matcher = Matcher(load_knowledge(write_kb(WALLET)))
    weight = matcher.salience.foreign(matcher.normalize(question), matcher.entry(entry))
    assert (weight >= Thresholds().salience) is foreign


MUSEUM = """\
entries:
  - id: hours
    question: 博物馆几点开门
    answer: 上午九点开馆，下午五点闭馆。
    source: {document: doc.txt, section: 开放时间}
  - id: parking
    question: 有停车场吗
    answer: 地下停车场每小时五元。
    source: {document: doc.txt, section: 停车}
"""
"""A bare list whose entries' nouns are of three characters (博物馆, 停车场)."""


@pytest.mark.parametrize(("question", "entry", "foreign"), [
    ("科技馆几点开门", "hours", True),     # 科技馆 shares only the head 馆 of the entry's noun 博物馆: another place
    ("博物馆几点开门", "hours", False),    # the entry's own noun
    ("几点开门", "hours", False),
    ("停车位够吗", "parking", False),      # 停车 stands in the entry's noun: its wording put otherwise
])
def test_a_noun_sharing_only_the_head_of_the_entrys_longer_noun_is_another_thing(
        write_kb: Callable[..., Path], question: str, entry: str, foreign: bool) -> None:
    matcher = Matcher(load_knowledge(write_kb(MUSEUM)))
    weight = matcher.salience.foreign(matcher.normalize(question), matcher.entry(entry))
    assert (weight >= Thresholds().salience) is foreign, weight


@pytest.mark.parametrize(("question", "status"), [
    ("保险到期了怎么办", "none"),               # a common noun the question opens with weighs as a name
    ("我的保险到期了怎么办", "none"),           # after function words only, it still opens what is said
    ("逾期了保险怎么办", "answer"),             # elsewhere, as a common noun
])
def test_a_noun_the_question_opens_with_is_what_it_is_about(bundled: Matcher, question: str, status: str) -> None:
    assert bundled.reply(question).status == status


@pytest.mark.parametrize(("question", "status"), [
    ("逾期会影响子女考公务员吗", "none"),       # two nouns the base never mentions weigh together
    ("逾期会影响孩子考公务员吗", "none"),
    ("逾期会影响考公务员吗", "none"),           # one alone too, matched loosely by an entry of many phrasings
    ("逾期会影响工作吗", "answer"),
    ("逾期了会上征信吗", "answer"),
])
def test_two_unmentioned_nouns_weigh_together(bundled: Matcher, question: str, status: str) -> None:
    assert bundled.reply(question).status == status


@pytest.mark.parametrize(("question", "entry", "score", "weighs"), [
    ("微粒贷APP占手机内存大吗", "login-app", 55.0, True),   # a common noun, the entry of many phrasings matched loosely
    ("微众银行的理财产品收益怎么样", "about-weilidai", 56.0, True),
    ("微粒贷APP占手机内存大吗", "login-app", 85.0, False),  # matched closely: the entry's thing put otherwise
    ("微粒贷APP占手机内存大吗", "login-app", None, False),  # how well it matches unknown
    ("微粒贷APP在哪下载", "login-app", 55.0, False),         # nothing the base never mentions
])
def test_a_common_noun_weighs_as_a_name_against_a_well_phrased_entry_matched_loosely(
        bundled: Matcher, question: str, entry: str, score: float | None, weighs: bool) -> None:
    weight = bundled.salience.foreign(bundled.normalize(question), bundled.entry(entry), score)
    assert (weight >= Thresholds().salience) == weighs, weight


@pytest.mark.parametrize(("question", "entry", "weighs"), [
    ("月卡占内存吗", "card-price", False),   # a bare entry is asked in words it never wrote: a common noun
    ("月卡给美团用吗", "card-price", True),   # a name weighs whatever the entry
])
def test_a_common_noun_weighs_as_a_common_noun_against_an_entry_of_few_phrasings(
        write_kb: Callable[..., Path], question: str, entry: str, weighs: bool) -> None:
    matcher = Matcher(load_knowledge(write_kb(WALLET)))
    weight = matcher.salience.foreign(matcher.normalize(question), matcher.entry(entry), 50.0)
    assert (weight >= Thresholds().salience) == weighs, weight


@pytest.mark.parametrize(("question", "weighs"), [
    ("微粒贷是什么玩意儿", False),   # what the base's own thing is said to be ends the question after 是什么
    ("微粒贷是国企吗", False),       # … after 是, a final particle aside
    ("微粒贷算不算骗局", False),     # … after 算不算
    ("微粒贷有国企背景吗", True),     # no word saying what it is: a thing asked about
    ("微粒贷是国企还是私企", True),   # the question goes on after it
    ("美团是什么", True),             # the subject is what the base never mentions
    ("我借的是美团的", True),         # a subject ending on 的 says whose: the thing after 是 is what it is about
])
def test_what_the_subject_is_said_to_be_is_no_other_thing(bundled: Matcher, question: str, weighs: bool) -> None:
    weight = bundled.salience.foreign(bundled.normalize(question), bundled.entry("about-weilidai"))
    assert (weight >= Thresholds().salience) == weighs, weight


@pytest.mark.parametrize(("question", "weighs"), [
    ("逾期后客服会打电话给家人吗", True),       # a common noun after a preposition is a party: it weighs as a name
    ("逾期后客服会打电话给我的家人吗", True),   # … with function words between
    ("逾期后家人会知道吗", False),             # elsewhere, as a common noun
    ("逾期了会打电话给我吗", False),           # a pronoun is no noun the base never mentions
])
def test_a_common_noun_after_a_preposition_weighs_as_a_name(bundled: Matcher, question: str, weighs: bool) -> None:
    weight = bundled.salience.foreign(bundled.normalize(question), bundled.entry("contact-customer-service"))
    assert (weight >= Thresholds().salience) == weighs, weight


@pytest.mark.parametrize(("question", "weighs"), [
    ("签证逾期滞留会怎样", True),    # two rare words the dictionary takes for no noun (签证, 滞留) weigh together
    ("出国签证逾期了怎么办", True),
    ("逾期会影响出国吗", False),     # one alone is how a question about the base may be put
    ("逾期了打过去要怎么操作", False),  # 过去 is too common to count
])
def test_two_rare_unmentioned_words_of_no_noun_weigh_together(bundled: Matcher, question: str, weighs: bool) -> None:
    weight = bundled.salience.foreign(bundled.normalize(question), bundled.entry("overdue-consequences"))
    assert (weight >= Thresholds().salience) == weighs, weight


def test_the_weight_of_two_unmentioned_nouns_is_the_heaviest_and_a_share_of_the_rest(bundled: Matcher) -> None:
    entry = bundled.entry("overdue-consequences")
    both = bundled.normalize("逾期会影响子女考公务员吗")
    weights = sorted((weight for _, _, weight in bundled.salience.words(both)), reverse=True)
    assert len(weights) == 2
    assert bundled.salience.foreign(both, entry) == pytest.approx(weights[0] + salience.MORE_NOUNS * weights[1])


@pytest.mark.parametrize(("question", "status"), [
    ("微粒贷可以借给朋友用吗", "none"),   # as close to a declared question as to any entry, and 借给 beside 朋友
    ("微粒贷客服电话是多少", "answer"),
    ("微粒贷逾期怎么办", "answer"),
    ("分期最多分几期", "answer"),
    ("微粒贷逾期会怎样", "answer"),       # 车贷逾期会怎样 is declared, but 车贷 is not in the question
    ("逾期会怎样", "answer"),
    ("车贷逾期会怎样", "none"),           # … and it is here
    ("微粒贷利息是多少", "none"),         # 利 is the declared 微粒贷的日利率是多少's own, though it sounds like 粒
])
def test_an_entry_must_lead_the_declared_out_of_scope_questions(bundled: Matcher, question: str,
                                                                 status: str) -> None:
    assert bundled.reply(question).status == status


# -- the topic check (topic.py) -----------------------------------------------------------------------------

CARDS = """\
entries:
  - id: month-card-refund
    question: 月卡怎么退？
    alternates: [月卡能退吗, 办了月卡想退掉, 月卡退款要多久]
    answer: 开卡七天内可以在前台退月卡。
    source: {document: doc.txt, section: 月卡}
  - id: year-card-price
    question: 年卡多少钱？
    alternates: [年卡价格, 办年卡要多少钱, 年卡贵不贵]
    answer: 年卡两千元。
    source: {document: doc.txt, section: 年卡}
  - id: locker
    question: 储物柜怎么用？
    alternates: [东西放哪里]
    answer: 在前台领取钥匙，离馆时归还。
    source: {document: doc.txt, section: 储物柜}
"""
"""Two cards, each entry's phrasings all naming its own: 月卡 is the refund entry's topic, 年卡 the price's."""


@pytest.mark.parametrize(("question", "status", "best"), [
    ("月卡怎么退呀", "answer", "month-card-refund"),
    ("月卡能退不", "answer", "month-card-refund"),
    ("年卡怎么退", "clarify", "month-card-refund"),     # 年卡 where the entry has 月卡: not answered about 月卡
    ("年卡能退吗", "clarify", "month-card-refund"),
    ("年卡多少钱啊", "answer", "year-card-price"),
    ("月卡多少钱", "clarify", "year-card-price"),
    ("储物柜咋用", "answer", "locker"),                  # an entry of too few phrasings has no topic word
])
def test_another_topics_word_in_the_entrys_place_is_not_answered_with_confidence(
        write_kb: Callable[..., Path], question: str, status: str, best: str) -> None:
    reply = Matcher(load_knowledge(write_kb(CARDS))).reply(question)
    assert (reply.status, reply.match and reply.match.id) == (status, best)


@pytest.mark.parametrize(("question", "entry", "displaced"), [
    ("我逾期了会不会被起诉", "extension-collection", True),   # 逾期 where the entry has 延期
    ("逾期会被起诉吗", "extension-collection", True),
    ("延期了会不会被起诉", "extension-collection", False),
    ("会被起诉吗", "extension-collection", False),             # lacking the topic word is no other topic
    ("分期还宽怎么申请", "extension-how", True),               # 分期 where the entry has 延期
    ("延期还款怎么申请", "extension-how", False),
    ("逾期三十天怎么办", "overdue-4-days", True),            # another count where the entry's question has 4天
    ("逾期10天会怎样", "overdue-4-days", True),
    ("逾期四天会怎样", "overdue-4-days", False),
    ("逾期五天怎么办", "overdue-4-days", False),             # its 刚逾期几天怎么办 leaves any count under ten open
    ("才逾期三四天", "overdue-4-days", False),
    ("逾期了好几天怎么办", "overdue-4-days", False),          # no count: the entry's own 几天
    ("能分48期吗", "instalment-periods", False),              # the entry's question counts in no 期
    ("不延期的话会被告吗", "extension-collection", True),     # the other case: not extended
    ("要是没延期会被起诉吗", "extension-collection", True),
    ("怎样规划财务才能不逾期", "plan-finances", False),       # a goal, not a condition
    ("还没逾期可以先联系客服吗", "communicate-early", False),  # a time, not a condition
])
def test_the_bundled_base_tells_a_displaced_topic_word(bundled: Matcher, question: str, entry: str,
                                                       displaced: bool) -> None:
    assert bundled.topics.displaced(bundled.normalize(question), bundled.entry(entry)) is displaced


@pytest.mark.parametrize(("question", "displaced", "entry", "takes_place"), [
    ("延期怎么弄", "overdue-what-to-do", "extension-how", True),        # 延期, the entry's topic, in 逾期's place
    ("延期怎么弄", "overdue-what-to-do", "hotline-steps", False),       # an entry without 延期 as its topic
    ("逾期怎么弄", "overdue-what-to-do", "extension-how", False),       # nothing displaced
    ("分期还宽怎么申请", "extension-how", "instalment-how", True),
    ("延期还款怎么申请", "extension-how", "instalment-how", False),
    ("分其协议包含哪些内容", "extension-agreement", "instalment-agreement", True),   # a homophone typo of 分期
    ("逾期三十天怎么办", "overdue-4-days", "overdue-what-to-do", False),  # displaced by a count, not a topic
    ("能分36期吗", "instalment-how", "instalment-periods", True),      # a count only the other's phrasings make
    ("能分36期吗", "instalment-periods", "instalment-how", False),     # (not the other way round)
    ("逾期两天会上征信吗", "overdue-credit-reporting", "overdue-4-days", False),   # a count beside its words
])
def test_the_bundled_base_tells_which_entry_takes_a_displaced_ones_place(bundled: Matcher, question: str,
                                                                        displaced: str, entry: str,
                                                                        takes_place: bool) -> None:
    assert bundled.topics.takes_place(bundled.normalize(question), bundled.entry(displaced),
                                      bundled.entry(entry)) is takes_place


@pytest.mark.parametrize("question", ["可以分18期吗", "能分六期吗"])
def test_a_count_in_a_unit_only_one_entry_counts_in_asks_about_it(bundled: Matcher, question: str) -> None:
    # 逾期了能分期吗 (instalment-how) may score higher, but counts in no 期: 能分24期吗 (instalment-periods) does.
    reply = bundled.reply(question)
    assert (reply.status, reply.match and reply.match.id) == ("answer", "instalment-periods")


@pytest.mark.parametrize(("question", "status", "best"), [
    ("延期怎么弄", "clarify", "extension-how"),            # not 逾期了怎么办 first, whose phrasings hold 怎么弄
    ("分其协议包含哪些内容", "answer", "instalment-agreement"),
    ("逾期罚息和违约金都要交吗", "answer", "penalty-interest"),
    ("延期咋整", "answer", "extension-how"),
    ("逾期了怎么弄", "answer", "overdue-what-to-do"),
    ("分期还款会上征信吗", "clarify", "instalment-example"),   # far below the best it displaced: a list
])
def test_a_displaced_best_gives_way_to_the_entry_whose_topic_took_its_place(bundled: Matcher, question: str,
                                                                            status: str, best: str) -> None:
    reply = bundled.reply(question)
    assert (reply.status, reply.match and reply.match.id) == (status, best)


@pytest.mark.parametrize(("question", "best"), [
    ("我想问问分期还款咋申请", "instalment-how"),     # 延期还款怎么申请 close behind, with 延期 where 分期 stands
])
def test_a_runner_up_whose_topic_word_the_question_replaced_does_not_hold_the_answer_back(
        bundled: Matcher, question: str, best: str) -> None:
    reply = bundled.reply(question)
    assert (reply.status, reply.match and reply.match.id) == ("answer", best)


def test_no_phrasing_of_the_bundled_base_displaces_its_own_entry(bundled: Matcher) -> None:
    for entry in bundled.knowledge.questions:
        for phrasing in entry.phrasings:
            assert not bundled.topics.displaced(bundled.normalize(phrasing), entry), phrasing


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from("逾期延期分期起诉申请")), max_size=30))
def test_the_topic_check_never_fails_on_any_text(bundled: Matcher, text: str) -> None:
    for entry in bundled.knowledge.entries:
        assert isinstance(bundled.topics.displaced(bundled.normalize(text), entry), bool)
        assert isinstance(bundled.topics.takes_place(bundled.normalize(text), entry, entry), bool)


def test_the_topic_examples_in_the_docstrings_are_true() -> None:
    results = doctest.testmod(topic, verbose=False, report=True)
    assert results.attempted > 0 and results.failed == 0


def test_every_phrasing_of_the_bundled_base_is_mentioned(bundled: Matcher) -> None:
    for entry in bundled.knowledge.entries:
        for phrasing in entry.phrasings:
            assert bundled.salience.words(bundled.normalize(phrasing)) == [], phrasing


ENGLISH = REPO / "tests" / "english_kb.yaml"


def test_an_english_base_answers_its_own_phrasings_as_before() -> None:
    knowledge = load_knowledge(ENGLISH)
    on, off = Matcher(knowledge), Matcher(knowledge, thresholds=OFF)
    for question in (p for e in knowledge.entries for p in e.phrasings):
        assert on.reply(question).status == off.reply(question).status, question
        assert on.salience.words(on.normalize(question)) == [], question


@pytest.mark.parametrize(("question", "status"), [
    ("Do you sell umbrellas on the moon?", "none"),   # umbrella, moon: words the bookshop never uses
    ("do you sell coffee", "none"),
    ("where is the train station", "none"),
    ("can i return a bicycle", "none"),
    ("do you sell lottery tickets", "none"),
    ("is there parking at the airport", "none"),
    ("When do you open on Saturday?", "answer"),      # Saturday is in an answer
    ("are you open today", "answer"),                 # today, you, are: function words
    ("can i get my money back", "answer"),
    ("do you sell vouchers", "answer"),               # voucher and vouchers are one word
    ("Can I return the books I bought?", "answer"),
    ("the book is out of stock", "answer"),
])
def test_an_english_base_holds_back_questions_naming_what_it_never_mentions(question: str, status: str) -> None:
    assert Matcher(load_knowledge(ENGLISH)).reply(question).status == status


def test_a_long_english_question_is_not_checked() -> None:
    matcher = Matcher(load_knowledge(ENGLISH))
    text = matcher.normalize("my grandmother is visiting next week and wants a gift card for her neighbour")
    assert len(text.split()) > salience.SHORT_WORDS and matcher.salience.words(text)
    assert matcher.salience.foreign(text, matcher.entry("gift-cards")) == 0.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)),
               max_size=40))
def test_the_check_never_fails_on_any_text(bundled: Matcher, text: str) -> None:
    check = bundled.salience
    for form in (text, bundled.normalize(text)):
        weight = check.foreign(form, bundled.entry("hotline-number"))
        assert weight >= 0.0 and math.isfinite(weight)
        assert all(w >= 0.0 and word for word, _, w in check.words(form))
    assert bundled.reply(text).status in ("answer", "clarify", "none")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from("abcdefgh '?!"), st.characters()), max_size=60))
def test_the_check_of_an_english_base_never_fails_on_any_text(text: str) -> None:
    matcher = _english()
    weight = matcher.salience.foreign(matcher.normalize(text), matcher.entry("gift-cards"))
    assert weight in (0.0, unmentioned.SPACED_WEIGHT)
    assert matcher.reply(text).status in ("answer", "clarify", "none")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(unmentioned.FUNCTION_WORDS)), st.sampled_from(["Where is the shop?", "returns"]))
def test_a_function_word_added_to_a_phrasing_changes_nothing(word: str, phrasing: str) -> None:
    matcher = _english()
    assert matcher.salience.words(matcher.normalize(f"{word} {phrasing}")) == []


@lru_cache(maxsize=1)
def _english() -> Matcher:
    return Matcher(load_knowledge(ENGLISH))


# -- the general dictionary --------------------------------------------------------------------------------


def test_the_dictionary_cuts_and_weighs_words_like_a_general_corpus() -> None:
    table = dictionary()
    assert table.segment("逾期了怎么办") == ["逾期", "了", "怎么办"]
    assert table.surprisal("的") < table.surprisal("一下") < table.surprisal("信用卡") < table.surprisal("㐀")
    assert table.noun_like("信用卡") and table.noun_like("银行")
    assert not table.noun_like("一下") and not table.noun_like("提高")
    assert table.function_word("吗") and table.function_word("的") and not table.function_word("美")
    assert table.function_word("啊") and table.function_word("哦")   # tagged zg by jieba: particles all the same
    assert table.code("没有这个词吧") is None


@pytest.mark.parametrize(("text", "cut"), [
    ("逾期了怎么办", [(0, "逾期"), (2, "了"), (3, "怎么办")]),
    ("逾期3天了怎么办", [(0, "逾期"), (3, "天"), (4, "了"), (5, "怎么办")]),   # a digit parts the runs
    ("VIP会员卡 怎么退", [(3, "会员"), (5, "卡"), (7, "怎么"), (9, "退")]),
    ("abc 123", []),
    ("", []),
])
def test_a_texts_chinese_words_are_its_runs_cut_with_where_each_starts(text: str, cut: list[tuple[int, str]]) -> None:
    assert list(words.chinese_words(text)) == cut
    assert all(text[start:start + len(word)] == word for start, word in cut)


@pytest.mark.parametrize(("word", "noun", "doing"), [
    ("信用卡", True, False), ("会员", True, False),
    ("开通", False, True), ("提高", False, True),
    ("一下", False, False),                  # a function word
    ("开", False, False),                    # one character is no doing
    ("微粒贷", False, False),                # a word the dictionary lacks is neither
])
def test_a_word_the_dictionary_holds_is_a_noun_or_a_doing(word: str, noun: bool, doing: bool) -> None:
    assert dictionary().known_noun(word) is noun
    assert dictionary().known_doing(word) is doing


@pytest.mark.parametrize(("word", "either"), [
    ("有没有", True), ("是不是", True), ("好不好", True), ("可不可以", True), ("能不能", True),
    ("没有", False), ("不是", False), ("差不多", False), ("看不见", False), ("不不不", False), ("a不a", False),
])
def test_a_questions_either_or_form_is_a_function_word(word: str, either: bool) -> None:
    assert words.asks_either(word) is either
    if either:
        assert dictionary().function_word(word)


@pytest.mark.parametrize(("text", "filler"), [
    ("钥匙丢在你们那了怎么办", "在你们那了"),   # pronouns, particles, prepositions
    ("我的快递到哪了", "我的了"),               # 哪: a question word, what is asked
    ("车停哪里", ""),
    ("分期的呢", "的"),                         # 呢: what makes it a question (a follow-up)
    ("哈哈哈", None),                           # nothing but fillers
    ("abc", None),
])
def test_a_questions_fillers_are_its_function_words_but_question_words(text: str, filler: str | None) -> None:
    found = words.fillers(text)
    assert (None if found is None else "".join(char for char, light in zip(text, found) if light)) == filler


@pytest.mark.parametrize(("question", "unknown"), [
    ("有没有美团", "美团"),          # the name, not the name with the question's form before it
    ("是不是能退款", None),
])
def test_an_either_or_form_starts_no_unknown_word(gym: Path, question: str, unknown: str | None) -> None:
    matcher = Matcher(load_knowledge(gym))
    found = [word for word, _, _ in matcher.salience.words(matcher.normalize(question))]
    assert found == ([unknown] if unknown else [])


@pytest.mark.parametrize("text", ["", "words\n", "total\tmany\n a\x22 \n", "total\t10\nno spaces\n"])
def test_a_damaged_word_table_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Dictionary(text)


@pytest.mark.parametrize("module", [salience, words], ids=lambda module: module.__name__)
def test_the_examples_in_the_docstrings_are_true(module: ModuleType) -> None:
    results = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False, report=True)
    assert results.attempted > 0 and results.failed == 0


def test_the_general_dictionary_is_read_from_a_package_that_is_no_folder(tmp_path: Path) -> None:
    """Read via importlib.resources: the package imported from a zip file still finds data/words.tsv."""
    archive = tmp_path / "assistant.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        for file in (REPO / "assistant").rglob("*"):
            if file.is_file() and "__pycache__" not in file.parts:
                packed.write(file, file.relative_to(REPO))
    script = ("import sys; sys.path.insert(0, sys.argv[1]); import assistant; "
              "from assistant.matching.words import dictionary; "
              "print(assistant.__file__.startswith(sys.argv[1]), dictionary().segment('逾期了怎么办'))")
    found = subprocess.run([sys.executable, "-c", script, str(archive)], capture_output=True, text=True,
                           cwd=tmp_path, check=True, encoding="utf-8")
    assert found.stdout.strip() == "True ['逾期', '了', '怎么办']"


@pytest.mark.parametrize(("question", "word", "unmentioned"), [
    # a noun the base holds only in sounds alike: mentioned where a word of the base sounds so, not across a cut
    ("征信报告里的呆账是什么意思", "呆账", True),     # 微粒贷|账号 sounds 贷账 across the cut
    ("微粒贷逾期了正信会不会受影响", "正信", False),   # a typo of 征信, a word of the base
])
def test_a_noun_in_sounds_alike_is_mentioned_only_as_a_word_of_the_base(
        bundled: Matcher, question: str, word: str, unmentioned: bool) -> None:
    words = [found for found, _, _ in bundled.salience.words(bundled.normalize(question))]
    assert (word in words) is unmentioned


@pytest.mark.parametrize(("question", "word", "unmentioned"), [
    # single characters the base never writes side by side: a name where they sound like a pair of the base across
    # a cut only (柚付 as 有|服务费's 有服); the base's own characters side by side are its words (贷|借 of 拍拍贷借的)
    ("柚付逾期会上征信吗", "柚付", True),
    ("那柚付呢", "柚付", True),
    ("我在拍拍贷借的钱逾期了", "拍拍贷", True),
])
def test_single_characters_sounding_like_a_pair_across_a_cut_are_a_name(
        bundled: Matcher, question: str, word: str, unmentioned: bool) -> None:
    words = [found for found, _, _ in bundled.salience.words(bundled.normalize(question))]
    assert (word in words) is unmentioned


@pytest.mark.parametrize(("question", "status", "held_back"), [
    ("柚付逾期会上征信吗", "none", "foreign"),        # an unknown product, as 美团月付 is
    ("美团月付逾期会上征信吗", "none", "foreign"),
    ("美团月付", "none", "foreign"),                # too far from every entry, and naming another product
    ("逾期会上征信吗", "answer", None),
])
def test_a_question_naming_an_unknown_product_is_not_covered(bundled: Matcher, question: str, status: str,
                                                              held_back: str | None) -> None:
    reply = bundled.reply(question)
    assert (reply.status, reply.held_back) == (status, held_back)


@pytest.mark.parametrize(("text", "at", "size", "uncut"), [
    ("人民银行征信系统", 4, 2, True),     # within one word or whole words
    ("微粒贷账号怎么登录", 2, 2, False),   # across the cut 贷|账号
])
def test_which_spans_the_dictionary_leaves_uncut(text: str, at: int, size: int, uncut: bool) -> None:
    assert words.uncut(text, at, size, words.dictionary()) is uncut


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("微粒贷账号征信系统人民银行呆a1 "), max_size=20) | st.text(max_size=20),
       st.data())
def test_any_span_of_any_text_is_read_without_raising(text: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    size = data.draw(st.integers(min_value=1, max_value=4))
    found = words.uncut(text, at, size, words.dictionary())
    assert isinstance(found, bool)
    assert found or all(map(is_chinese, text[at:at + size]))   # a span holding no Chinese is never cut


HOTEL_LIST = """\
- question: 几点可以入住？
  answer: 下午两点以后可以入住。
- question: 早餐几点开始？
  answer: 早餐七点到十点，在二楼餐厅。
- question: 停车收费吗？
  answer: 住客免费停车。
- question: 可以带宠物吗？
  answer: 不可以带宠物。
- question: 可以开发票吗？
  answer: 可以，在前台开。
"""


@pytest.mark.parametrize(("lines", "expected"), [
    (["停车场"], "停车收费吗？"),                      # the place where the list's 停车 is done: no other thing
    (["停车场收费吗"], "停车收费吗？"),
    (["早餐几点开始", "那停车场呢"], "停车收费吗？"),
    (["早餐几点开始", "那停车呢"], "停车收费吗？"),
    (["可以带宠物吗", "停车场呢"], "停车收费吗？"),
])
def test_a_verb_s_place_is_the_list_s_own_thing(write_kb: Callable[..., Path], lines: list[str],
                                                 expected: str) -> None:
    talk = Conversation(Matcher(load_knowledge(write_kb(HOTEL_LIST, header=False))))
    reply = [talk.ask(line) for line in lines][-1]
    assert reply.status == "answer" and reply.entry is not None and reply.entry.question == expected


def test_a_noun_s_thing_is_still_another_thing(bundled: Matcher) -> None:
    # 银行 is a noun the base holds (微众银行): 银行卡 is another thing, held back as before.
    text = bundled.normalize("银行卡逾期了怎么办")
    assert bundled.salience.foreign(text, bundled.entry("overdue-what-to-do")) >= bundled.thresholds.salience


@pytest.mark.parametrize(("question", "declared", "undeclared"), [
    ("会员卡可以转让吗", "none", "answer"),    # 转让: a doing only the declared question writes
    ("会员卡可以退吗", "answer", "answer"),
])
def test_a_doing_only_a_declared_question_writes_is_what_it_is_about(
        write_kb: Callable[..., Path], question: str, declared: str, undeclared: str) -> None:
    with_declared = Matcher(load_knowledge(write_kb("out_of_scope: [会员卡怎么转让给别人]\n" + GYM)))
    assert with_declared.reply(question).status == declared
    assert Matcher(load_knowledge(write_kb(GYM))).reply(question).status == undeclared


@pytest.mark.parametrize(("question", "entry", "foreign"), [
    ("信用卡逾期了额度会被冻结吗", "credit-limit-reduced", True),   # shares only 用 (额度用不了) with the entry
    ("罚金是按啥算的", "overdue-fees-calculation", False),          # a word of two sharing one: put otherwise
])
def test_a_longer_word_sharing_one_character_is_not_the_entrys_wording(
        bundled: Matcher, question: str, entry: str, foreign: bool) -> None:
    assert (bundled.salience.foreign(bundled.normalize(question), bundled.entry(entry))
            >= bundled.thresholds.salience) is foreign


@pytest.mark.parametrize(("question", "status"), [
    ("途虎养车洗车多少钱", "none"),   # opening on an unknown word before the base's 洗车 (cut 洗|车): another shop
    ("普通洗车多少钱啊", "answer"),
    ("洗一次车多少钱", "answer"),
])
def test_an_unknown_word_opening_before_the_base_s_own_pair_is_a_name(tmp_path: Path, question: str,
                                                                      status: str) -> None:
    faq = tmp_path / "faq.yaml"   # a bot author's short list of a car wash
    faq.write_text("- question: 普通洗车多少钱？\n  alternates: [小轿车洗车价格]\n  answer: 轿车三十元，SUV四十元。\n"
                   "- question: 店里几点开门？\n  answer: 早上八点到晚上七点。\n"
                   "- question: 洗车卡怎么办？\n  answer: 到店办理，十次卡二百五十元。\n", encoding="utf-8")
    plain = Matcher(load_knowledge(faq))
    assert plain.reply(question).status == status


@pytest.mark.parametrize(("question", "status"), [
    ("老板拖欠工资怎么办", "none"),       # 老板 (9.5) beside 工资, which the base writes but no wording of the entry
    ("微粒贷客服的邮箱地址是什么", "none"),   # 地址 beside 邮箱 (an answer's): the fallback, not a list (the asked
                                             # check would hold the hotline's number back alone, test_asked)
    ("逾期了我该干啥啊好慌", "answer"),   # an unknown word alone, nothing else the entry never says
    ("工资还没发微粒贷要逾期了怎么办", "answer"),   # the base's words only (工资 of another entry's wording)
])
def test_a_word_the_base_writes_elsewhere_weighs_beside_one_it_never_mentions(bundled: Matcher, question: str,
                                                                            status: str) -> None:
    reply = bundled.reply(question)
    assert (reply.status, reply.held_back if status == "none" else None) == (status, "foreign" if status == "none"
                                                                             else None)


@pytest.mark.parametrize(("alternates", "weighs"), [
    (1, False),     # an entry of few phrasings: its asker's words are often none of them
    (10, True),     # WELL_PHRASED: 工资, none of its wordings, is another matter's
])
def test_a_word_written_elsewhere_weighs_against_a_well_phrased_entry(tmp_path: Path, alternates: int,
                                                                     weighs: bool) -> None:
    path = tmp_path / "base.yaml"
    others = ", ".join(f"第{n}次逾期了怎么办" for n in range(alternates))
    path.write_text(
        "knowledge_base: {title: 小, language: zh-CN, version: '1'}\nfallback: 不知道。\nentries:\n"
        f"  - {{id: late, question: 逾期了怎么办, alternates: [{others}], answer: 先还上。}}\n"
        "  - {id: pay, question: 工资卡怎么还款, answer: 用工资卡还。}\n", encoding="utf-8")
    matcher = Matcher.from_path(str(path))
    weight = matcher.salience.foreign(matcher.normalize("老板逾期工资怎么办"), matcher.entry("late"))
    assert (weight >= matcher.thresholds.salience) == weighs, weight
