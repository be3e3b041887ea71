"""Salience of one character: a noun of one character the base never writes (药, 诗) is a thing the question is
about, unless with a neighbour it sounds like the base's own word (富 of 客富 is 客服 mistyped); alone it tells
nothing, beside another word the base never mentions (感冒 of 感冒了吃什么药) it holds the answer back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant import Matcher, load_knowledge


@pytest.mark.parametrize(("question", "found"), [
    ("感冒了吃什么药好得快", "药"),     # a medicine: the bundled base never writes 药
    ("帮我写首诗", "诗"),
    ("推荐几首好听的歌", "歌"),
    ("微粒贷的客富电话多少", None),    # 客富 sounds as 客服, a word of the base: a typo
    ("怎么修复信用记路", None),        # 记路 sounds as 记录
    ("延期利律会变高吗", None),        # 利律 sounds as 利率
    ("逾期了会怎么样", None),          # nothing the base never writes
])
def test_a_one_character_noun_the_base_never_writes_is_unmentioned(bundled: Matcher, question: str,
                                                                   found: str | None) -> None:
    ones = [word for word, _, _ in bundled.salience.words(bundled.normalize(question)) if len(word) == 1]
    assert ones == ([found] if found else [])


@pytest.mark.parametrize(("question", "entry", "held_back"), [
    ("感冒了吃什么药好得快", "keep-good-credit", True),       # 感冒, a doing the base never mentions, beside 药
    ("逾期了还能坐飞机出国吗", "restore-record-and-limit", True),  # 出国 beside 飞机: a doing beside a noun
    ("帮我写首诗", "capabilities", False),                     # 诗 alone: one character tells nothing by itself
    ("逾期了还能翻身吗", "restore-record-and-limit", False),     # the entry's own question
])
def test_a_doing_beside_an_unmentioned_noun_is_another_matter(bundled: Matcher, question: str, entry: str,
                                                               held_back: bool) -> None:
    weight = bundled.salience.foreign(bundled.normalize(question), bundled.entry(entry))
    assert (weight >= bundled.thresholds.salience) is held_back


HOTEL = """\
entries:
  - id: pet
    question: 能带宠物吗？
    answer: 不接待宠物，导盲犬除外。
    source: {document: doc.txt, section: 宠物}
  - id: breakfast
    question: 早餐几点开始？
    answer: 早上七点到十点，在二楼餐厅。
    source: {document: doc.txt, section: 早餐}
"""


@pytest.mark.parametrize(("question", "weight"), [
    ("狗狗能带进去吗", 0.0),   # 狗 alone, doubled: a pet the base calls 宠物, not another matter
    ("早餐几点开始", 0.0),
])
def test_one_character_alone_weighs_nothing(write_kb: Callable[..., Path], question: str, weight: float) -> None:
    hotel = Matcher(load_knowledge(write_kb(HOTEL)))
    assert hotel.salience.foreign(hotel.normalize(question), hotel.entry("pet")) == weight
