"""Kinds: a question naming another lender, loan or credit product than the base's own (拍拍贷, 马上金融, 银行贷款)
is held back, though the dictionary reads its name as ordinary words or the base holds its sounds; the base's own
(微粒贷, and its typos), a verb's noun before a head (协商分期) and another lender named in passing while asking
about the base's own are answered as before."""

from __future__ import annotations

import doctest
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from assistant import Matcher, load_knowledge
from assistant.matching import kinds
from assistant.matching.index import Index
from assistant.matching.kinds import Kinds

BASE = Matcher()

GYM = """\
- question: 会员卡怎么办理？
  answer: 带身份证到前台办理会员卡，可以选月卡或年卡。
- question: 会员卡可以分期付款吗？
  answer: 年卡可以用信用卡分期付款，月卡不行。
- question: 会员卡丢了怎么办？
  answer: 到前台挂失，补办会员卡收 20 元。
"""


@pytest.mark.parametrize(("question", "named"), [
    ("拍拍贷逾期了怎么办", "拍拍贷"),                 # a name the dictionary cuts into characters
    ("马上金融的客服电话是多少", "马上金融"),         # an adverb and a noun, to the dictionary
    ("你我贷逾期会上征信吗", "你我贷"),               # two pronouns
    ("分期乐逾期有罚息吗", "分期乐"),                 # sounds like 分期了, which the base holds
    ("银行贷款逾期了会怎么样", "银行贷款"),           # a kind of loan made of the base's words
    ("360借条的客服电话", "360借条"),
    ("车贷晚还了几天要紧吗", "车贷"),
    ("余额宝的钱能直接还款吗", "余额宝"),           # a payment product's head
])
def test_another_thing_of_the_kind_is_named_and_held_back(question: str, named: str) -> None:
    text = BASE.normalize(question)
    assert [name for _, name in BASE.kinds.named(text)] == [named]
    assert BASE.kinds.weight(text) >= BASE.thresholds.salience
    assert BASE.reply(question).status == "none"


@pytest.mark.parametrize(("question", "entry"), [
    ("微粒贷逾期了怎么办", "overdue-what-to-do"),
    ("微利贷逾期了会有啥影响", "overdue-consequences"),                        # a typo of the base's own
    ("微贷粒逾期会有什么影响", "overdue-consequences"),                        # two characters the other way round
    ("粒微贷客服电话是多少", "hotline-number"),
    ("我借呗一直按时还的，就微粒贷逾期了，该怎么办", "overdue-what-to-do"),    # in passing, then the base's own
    ("我信用卡和微粒贷都逾期了，微粒贷这边会被降额吗", "credit-limit-reduced"),
    ("逾期了想分期还怎么弄", "instalment-how"),                                # 想 stands before a verb
    ("能跟客服协商分期还吗", "instalment-how"),                                # a verb's noun before 分期
    ("逾期后怎么申请分期还款", "instalment-how"),
])
def test_the_base_s_own_is_answered(question: str, entry: str) -> None:
    assert BASE.kinds.weight(BASE.normalize(question)) == 0.0
    reply = BASE.reply(question)
    assert (reply.status, reply.match.id if reply.match else None) == ("answer", entry)


@pytest.mark.parametrize(("question", "weighs"), [
    ("我在360借条借了两万，现在还不上了，360借条逾期了会上征信吗", True),   # named twice
    ("拍拍贷那边我借了一万块钱，最近资金周转不开，逾期了该怎么办", True),     # the story opens on it
    ("我之前办房贷的时候征信很好，现在微粒贷逾期了，会不会影响征信", False),  # a detail of the story
])
def test_a_long_question_weighs_a_name_it_opens_on_or_names_twice(question: str, weighs: bool) -> None:
    text = BASE.normalize(question)
    assert len(text) > kinds.SHORT
    assert (BASE.kinds.weight(text) > 0) is weighs


ASKED_ABOUT = [
    # (a long question naming another lender once, not opening on it: replied as the question it asks; status)
    ("我微粒贷上个月已经还清了，最近手头又有点紧，想问一下借呗的利息一般是多少", "none"),  # its asking part names it
    ("微粒贷这笔我一直按时还的，就是信用卡晚了几天，银行说要收钱，信用卡的滞纳金怎么算", "none"),
    ("我借呗那边按时还着呢，就是微粒贷逾期了三天，微粒贷逾期会上征信吗", "answer"),          # the story names it
    ("我这次晚还了五天，会不会上征信啊，我下个月还要去银行办房贷，真怕批不下来", "answer"),  # a story after the
    ("微粒贷晚了一个礼拜，额度会不会被冻结，车贷每个月也要扣，手头越来越紧了", "answer"),   # question names it
    ("微粒贷我已经还清了，可是我还欠着拍拍贷，这个逾期了额度会被冻结吗", "none"),   # 这个 points back to it
    ("微粒贷没事，我分期乐逾期了一个月，那边的罚息是怎么计算的", "none"),
    ("我借呗按时还着呢，就是微粒贷逾期了三天，这个会上征信吗", "answer"),     # to the base's own, named last
]


@pytest.mark.parametrize(("question", "status"), ASKED_ABOUT)
def test_a_long_question_whose_asking_part_names_another_lender_is_about_it(question: str, status: str) -> None:
    assert len(BASE.normalize(question)) > kinds.SHORT
    assert BASE.reply(question).status == status


@pytest.mark.parametrize(("text", "part", "weight"), [
    ("我微粒贷还清了想问一下借呗的利息是多少", "借呗的利息是多少", kinds.WEIGHT),
    ("我借呗按时还的微粒贷逾期了会上征信吗", "微粒贷逾期了会上征信吗", 0.0),  # named in the story only
    ("我借呗按时还的微粒贷逾期了会上征信吗", "", 0.0),                        # no asking part
    ("我借呗按时还的微粒贷逾期了会上征信吗", "借呗的利息", 0.0),              # a part not in the text
    ("微粒贷还清了我还欠着拍拍贷这个会上征信吗", "这个会上征信吗", kinds.WEIGHT),  # pointing back to it
    ("我还欠着拍拍贷微粒贷逾期了这个会上征信吗", "这个会上征信吗", 0.0),        # the base's own named after it
])
def test_asked_weighs_a_name_within_the_asking_part(text: str, part: str, weight: float) -> None:
    assert BASE.kinds.asked(text, part) == weight


@pytest.mark.parametrize(("question", "named"), [
    ("我的贷款晚还了几天会怎么样", []),          # a pronoun and 的: the asker's own loan
    ("我们的贷款逾期了怎么办", []),
    ("那笔贷款逾期了怎么办", []),                # a demonstrative and a measure word
    ("每笔贷款的还款日在哪看", []),
    ("我的房贷逾期了", ["房贷"]),                # the asker's own, but another kind of loan
    ("我的花呗逾期了", ["花呗"]),
    ("我们的网贷逾期了", ["网贷"]),
    ("笔贷逾期了怎么办", ["笔贷"]),              # no demonstrative nor number before the measure word
])
def test_which_of_the_asker_s_loans_names_no_lender(question: str, named: list[str]) -> None:
    assert [name for _, name in BASE.kinds.named(BASE.normalize(question))] == named


@pytest.mark.parametrize(("question", "named"), [
    ("马上消费的客服电话是多少", ["马上消费"]),    # an adverb before a loose head, opening the question as its subject
    ("申请分期逾期了怎么办", []),                  # a verb before it: the base writes the pair
    ("想分期的话要怎么弄", []),                    # a verb marker
    ("我分期逾期了怎么办", []),                    # one function word
    ("分期最多分几期期", []),                      # the words before it hold a head themselves
])
def test_a_loose_head_opening_the_question_as_its_subject_names_a_thing(question: str, named: list[str]) -> None:
    assert [name for _, name in BASE.kinds.named(BASE.normalize(question))] == named


@pytest.mark.parametrize(("question", "named"), [
    ("信用飞逾期了会怎么样", ["信用飞"]),          # ends on a character the base never writes, a word alone
    ("度小满的客服电话是多少", ["度小满"]),
    ("客富能帮我做什么", []),                      # sounds as the base's own 客服: a typo
    ("我怕的是延期以后利息会涨", []),              # a pronoun opens it
    ("微粒贷逾期了怎么办", []),
])
def test_a_coined_name_opening_the_question_as_its_subject_is_named(question: str, named: list[str]) -> None:
    assert [name for _, name in BASE.kinds.named(BASE.normalize(question))] == named


@pytest.mark.parametrize(("question", "named"), [
    ("微粒贷是网贷吗", []),                        # what the base's own is said to be
    ("微粒贷算网贷吗", []),
    ("微粒贷是不是网贷", []),
    ("微粒贷是正规贷款吗", []),
    ("微粒贷属于银行贷款吗", []),
    ("拍拍贷是网贷吗", ["拍拍贷", "网贷"]),        # another lender is said to be one
    ("微粒贷还了，是拍拍贷逾期了怎么办", ["拍拍贷"]),  # 是 not right after the base's own
])
def test_what_the_base_s_own_is_said_to_be_names_no_other(question: str, named: list[str]) -> None:
    assert [name for _, name in BASE.kinds.named(BASE.normalize(question))] == named


@pytest.mark.parametrize(("question", "status"), [
    ("微粒贷逾期会影响我以后办房贷吗", "answer"),      # the loan the base's own may affect
    ("微粒贷逾期影响车贷吗", "answer"),
    ("微粒贷逾期会不会影响我申请银行贷款", "answer"),
    ("房贷逾期会影响微粒贷吗", "none"),                # named before 影响: what the question is about
    ("拍拍贷逾期会影响征信吗", "none"),
    ("度小满逾期会影响房贷吗", "none"),
    ("微粒贷逾期会影响支付宝吗", "none"),              # no loan: salience still weighs it
])
def test_a_loan_the_base_s_own_may_affect_is_not_what_is_asked(question: str, status: str) -> None:
    assert BASE.reply(question).status == status


@pytest.mark.parametrize(("question", "unaffected"), [
    ("微粒贷逾期会影响房贷吗", "微粒贷逾期会影响吗"),
    ("逾期会影响以后买房贷款吗", "逾期会影响以后吗"),
    ("车贷逾期会影响房贷吗", "车贷逾期会影响房贷吗"),
    ("影响房贷吗", "影响房贷吗"),                      # nothing before 影响 to ask about
    ("房贷逾期了怎么办", "房贷逾期了怎么办"),
])
def test_unaffected_leaves_out_only_the_loans_after_affects(question: str, unaffected: str) -> None:
    assert BASE.kinds.unaffected(BASE.normalize(question)) == unaffected


def test_another_base_s_own_names_are_its_own(tmp_path: Path) -> None:
    path = tmp_path / "gym.yaml"
    path.write_text(GYM, encoding="utf-8")
    gym = Matcher(load_knowledge(str(path)))
    for question in ("会员卡能分期付款吗", "年卡可以用信用卡分期吗"):
        assert gym.kinds.named(gym.normalize(question)) == []
    assert [name for _, name in gym.kinds.named(gym.normalize("花呗分期可以吗"))] == ["花呗"]


def _taught(phrasing: str, entry: str) -> Matcher:
    """The bundled base with ``phrasing`` learned as an alternate of ``entry``."""
    return Matcher(replace(BASE.knowledge, entries=tuple(
        replace(e, alternates=(*e.alternates, phrasing)) if e.id == entry else e for e in BASE.knowledge.entries)))


@pytest.mark.parametrize(("phrasing", "entry"), [
    ("客服号码再说一下呗", "hotline-number"),        # 下呗 reads like a lender's name (借呗, 花呗)
    ("京东金融的客服电话是多少", "hotline-number"),  # a lender's name, learned as a phrasing all the same
])
def test_a_question_written_as_an_entry_s_own_phrasing_is_answered_by_it(phrasing: str, entry: str) -> None:
    # The entry's own phrasing mentions what the question names, word for word: nothing in it is foreign.
    taught = _taught(phrasing, entry)
    reply = taught.reply(phrasing)
    assert (reply.status, reply.entry.id if reply.entry else None) == ("answer", entry)
    assert BASE.reply(phrasing).status == "none"   # not a phrasing there: held back as before


LEARNED_BELLS = _taught("客服号码再说一下呗", "hotline-number")


@pytest.mark.parametrize(("question", "named"), [
    ("电话再说一下呗", []),                # 一下呗: the learned phrasing names it, so it is the base's own
    ("客服号码再发一下呗", []),
    ("借呗逾期了怎么办", ["借呗"]),        # a lender all the same: no phrasing names it
    ("拍拍贷逾期了怎么办", ["拍拍贷"]),
])
def test_a_name_a_phrasing_of_the_base_names_is_its_own(question: str, named: list[str]) -> None:
    assert [name for _, name in LEARNED_BELLS.kinds.named(LEARNED_BELLS.normalize(question))] == named
    assert "一下呗" in LEARNED_BELLS.kinds.own() and "一下呗" not in BASE.kinds.own()


def test_the_tables_go_through_the_cache_s_plain_data() -> None:
    gathered = BASE.kinds.gathered()
    fresh = Kinds(BASE.index)
    fresh.adopt(gathered)
    assert fresh.written() == BASE.kinds.written()
    assert fresh.own() == BASE.kinds.own()
    with pytest.raises(TypeError):
        fresh.adopt({"kinds.pairs": "粒贷", "kinds.characters": []})


def test_a_question_naming_nothing_reads_no_dictionary() -> None:
    kinds.dictionary.cache_clear()
    fresh = Kinds(BASE.index)
    fresh.adopt(BASE.kinds.gathered())
    assert fresh.named(BASE.normalize("微粒贷逾期了会怎么样")) == []
    assert kinds.dictionary.cache_info().currsize == 0


def test_a_large_base_is_not_checked() -> None:
    large = Index(BASE.knowledge, BASE.normalize, exact=True)
    assert Kinds(large).weight(BASE.normalize("拍拍贷逾期了怎么办")) == 0.0


@given(st.text(max_size=40))
def test_any_text_weighs_without_raising(text: str) -> None:
    assert BASE.kinds.weight(text) in (0.0, kinds.WEIGHT)


@given(st.text(alphabet="微粒贷房车拍逾期会影响了吗我的", max_size=24))
@example("了影响了贷房了响贷")  # two names overlapping, found out of order
def test_unaffected_only_leaves_out_and_never_adds(text: str) -> None:
    plain = BASE.kinds.unaffected(text)
    assert len(plain) <= len(text)
    assert plain == text or text.find(kinds.AFFECTS) > 0


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(kinds).failed == 0


def test_a_head_of_a_common_sound_tells_no_coined_name() -> None:
    # 宝 sounds as 包 of the shop's 包邮: 退回去 followed by 邮 is not a name followed by what follows the base's own.
    shop = Matcher(load_knowledge("tests/eval/small-bases/shop.yaml"))
    assert shop.kinds.named(shop.normalize("退回去邮费谁付")) == []


@pytest.mark.parametrize(("question", "own_at"), [
    ("车贷刚扣完款，微粒贷的额度会不会被冻结", 8),    # at the head 贷 of the base's own, after another loan
    ("我借呗逾期了，借呗能延期吗", -1),               # another lender's only
    ("逾期了怎么办", -1),                             # no thing of the kind at all
    ("", -1),                                         # nothing at all
])
def test_own_at_is_where_the_base_s_own_thing_of_a_kind_is_last_named(question: str, own_at: int) -> None:
    assert BASE.kinds.own_at(BASE.normalize(question)) == own_at


def test_a_base_writing_no_thing_of_a_kind_reads_none_of_its_own() -> None:
    plain = Matcher(load_knowledge(Path(__file__).parent / "plain_faq.yaml"))
    assert plain.kinds.own_at(plain.normalize("车贷刚扣完款，微粒贷的额度会不会被冻结")) == -1


@given(st.text(alphabet="微粒贷房车拍逾期会影响了吗我的，", max_size=40))
def test_own_at_is_a_place_in_the_text_or_none(text: str) -> None:
    own_at = BASE.kinds.own_at(text)
    assert own_at == -1 or 0 <= own_at < len(text)
