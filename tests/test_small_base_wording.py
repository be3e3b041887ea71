"""A small base's own wording read into a question the general dictionary cuts wrong, and a homophone of a common
character that says nothing: 房费里 is 房费 and 里 where the base says 房费, 什么时候 asks when, and 有 of 有券吗
sounding like 邮 of 包邮吗 does not make the postage entry the closer. The bases here are made up for these tests
(tests/eval/small-bases/ holds the evaluation sets)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant import Matcher, load_knowledge
from assistant.matching.signals import corroborates, written_lexical
from assistant.matching.words import asked_noun, base_cut, dictionary
from assistant.normalize import sound_key

HOTEL = """\
entries:
  - id: breakfast
    question: 含早餐吗？
    alternates: [早饭在哪吃]
    answer: 房费含双人早餐，早上七点到九点半在一楼餐厅。
    source: {document: doc.txt, section: 早餐}
  - id: deposit
    question: 押金多少？
    answer: 入住时收押金三百元，退房时原路退回。
    source: {document: doc.txt, section: 押金}
  - id: parking
    question: 有停车场吗？
    answer: 有地下停车场，住客免费。
    source: {document: doc.txt, section: 停车}
"""

SHOP = """\
entries:
  - id: postage
    question: 包邮吗？
    alternates: [运费多少, 邮费]
    answer: 满九十九元包邮。
    source: {document: doc.txt, section: 运费}
  - id: coupon
    question: 优惠券怎么用？
    alternates: [领券, 满减]
    answer: 下单时自动抵扣。
    source: {document: doc.txt, section: 优惠}
  - id: invoice
    question: 能开发票吗？
    answer: 可以开电子发票。
    source: {document: doc.txt, section: 发票}
"""


def _cut(run: str, written: set[str]) -> list[str]:
    keys = {sound_key(pair) for pair in written}
    return base_cut(dictionary().segment(run), sound_key(run), keys.__contains__, written.__contains__, dictionary())


@pytest.mark.parametrize(("run", "written", "has", "lacks"), [
    ("早饭包含在房费里吗", {"房费"}, ["房费", "里"], ["费里"]),   # the base writes 房费: 费里 is no word here
    ("早饭包含在房费里吗", set(), ["费里"], ["房费"]),          # a base that never does: the dictionary's cut
    ("客服能帮忙办什么事", {"能帮"}, ["帮忙"], ["能帮"]),       # a verb is never cut again: it weighs nothing
])
def test_the_base_s_two_character_word_is_put_back_together(run: str, written: set[str], has: list[str],
                                                             lacks: list[str]) -> None:
    cut = _cut(run, written)
    assert "".join(cut) == run
    assert all(word in cut for word in has) and not any(word in cut for word in lacks)


def test_a_word_the_base_only_sounds_like_is_not_put_together() -> None:
    keys = {sound_key("款先")}   # 宽限 sounds like 款先 of 欠款先还清, which the base writes; 宽限 it never does
    run = "有没有宽限期"
    cut = base_cut(dictionary().segment(run), sound_key(run), keys.__contains__, {"款先"}.__contains__,
                   dictionary())
    assert cut == dictionary().segment(run)


@pytest.mark.parametrize(("before", "word", "asks"), [
    ("什么", "时候", True),     # 什么时候: when
    ("什么", "地方", True),     # where
    ("哪个", "时间", True),
    ("什么", "赠品", False),    # a rarer noun is what the question is about
    ("我", "时候", False),      # no question word before it
])
def test_a_commonest_noun_after_a_question_word_is_how_the_question_asks(before: str, word: str,
                                                                           asks: bool) -> None:
    assert asked_noun(before, word, dictionary()) is asks


@pytest.fixture
def hotel(write_kb: Callable[..., Path]) -> Matcher:
    return Matcher(load_knowledge(write_kb(HOTEL)))


@pytest.mark.parametrize(("question", "entry"), [
    ("早饭包含在房费里吗", "breakfast"),   # 房|费里 as the dictionary cuts it: 费里 weighed as a name
    ("押金什么时候退", "deposit"),         # 什么|时候: 时候 weighed as a noun the base never mentions
])
def test_a_mis_cut_of_the_base_s_wording_weighs_nothing(hotel: Matcher, question: str, entry: str) -> None:
    assert hotel.salience.foreign(hotel.normalize(question), hotel.entry(entry)) == 0.0


@pytest.mark.parametrize("question", ["什么时候有游泳池", "游泳池包含在房费里吗"])
def test_what_the_base_never_mentions_still_weighs(hotel: Matcher, question: str) -> None:
    text = hotel.normalize(question)
    assert [word for word, _, _ in hotel.salience.words(text)] == ["游泳池"]
    assert hotel.salience.foreign(text, hotel.entry("parking")) > 10


@pytest.fixture
def shop(write_kb: Callable[..., Path]) -> Matcher:
    return Matcher(load_knowledge(write_kb(SHOP)))


def test_a_homophone_of_a_commonest_character_is_no_closeness(shop: Matcher) -> None:
    index, text = shop.index, shop.normalize("有券吗")   # 有 sounds like 邮 of 包邮吗
    coupon, postage = index.entry_index["coupon"], index.entry_index["postage"]
    assert written_lexical(index, coupon, text) > written_lexical(index, postage, text)
    assert corroborates(index, text, coupon, postage)
    assert not corroborates(index, text, postage, coupon)


def test_a_homophone_of_a_rarer_character_is_still_a_typo(shop: Matcher) -> None:
    index = shop.index
    typo = shop.normalize("油费")   # 油 for 邮, which sound alike
    assert written_lexical(index, index.entry_index["postage"], typo) > 0.9
