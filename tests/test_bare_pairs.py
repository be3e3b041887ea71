"""A list of questions each asked in one way (``index.asked_once``) weighs a pair of characters at
``BARE_PAIR_WEIGHT`` of its IDF: nearly every pair is held by one question only, and at full weight a question
putting an entry's words in another order lost to a shorter question sharing one run of common characters. A base
whose entries have alternates keeps the full weight."""

from __future__ import annotations

import math
import sys
from dataclasses import replace

import pytest
from conftest import REPO

from assistant import Matcher, load_knowledge
from assistant.matching.index import BARE_PAIR_WEIGHT, Index, asked_once
from assistant.models import Entry, Knowledge
from assistant.normalize import Normalizer, sound_key

sys.path.insert(0, str(REPO / "benchmarks"))
try:  # the invented wallet list, read as the plain-FAQ benchmark reads it
    from plainfaq import plain_base, read_base
finally:
    sys.path.remove(str(REPO / "benchmarks"))

WALLET = Matcher(plain_base(read_base(REPO / "benchmarks" / "data" / "wallet-base.tsv")))


def entry(id: str, question: str, alternates: tuple[str, ...] = ()) -> Entry:
    return Entry(id=id, question=question, answer="答案。", alternates=alternates)


def base(*entries: Entry) -> Knowledge:
    return Knowledge(title="t", language="zh", version="1", entries=entries, fallback="不知道。")


@pytest.mark.parametrize(("entries", "once"), [
    ((entry("a", "怎么开通"), entry("b", "怎么关闭")), True),                       # no alternate
    ((entry("a", "怎么开通", ("如何开通",)), entry("b", "怎么关闭")), True),         # half an alternate each
    ((entry("a", "怎么开通", ("如何开通",)), entry("b", "怎么关闭", ("如何关闭",))), False),  # one each
    ((), False),                                                                     # no entry
])
def test_a_list_is_asked_once_below_one_alternate_an_entry(entries: tuple[Entry, ...], once: bool) -> None:
    assert asked_once(entries) is once


def pair(text: str) -> str:
    return "\x1f".join(sound_key(text))


def test_a_pair_weighs_its_share_in_a_list_asked_once_and_all_of_it_otherwise() -> None:
    questions = ("柚借额度怎么提", "柚借额度被冻结了怎么办", "柚付怎么开通")
    bare = base(*(entry(f"e{n}", q) for n, q in enumerate(questions)))
    full = math.log(1 + 3 / 2)  # 额度 is held by two of the three entries
    assert Index(bare, Normalizer()).idf[pair("额度")] == pytest.approx(BARE_PAIR_WEIGHT * full)
    assert Index(bare, Normalizer()).idf[sound_key("额")] == pytest.approx(full)  # a character keeps its weight
    phrased = base(*(entry(f"e{n}", q, (q + "呢",)) for n, q in enumerate(questions)))
    assert Index(phrased, Normalizer()).idf[pair("额度")] == pytest.approx(full)


# Dev-half questions of benchmarks/data/wallet-queries.yaml that put the entry's words in another order or with words
# between them; at full pair weight each put first a shorter question sharing one run of characters (in brackets).
REORDERED = [
    ("柚借额度给冻住了咋整", "w019"),     # 柚借额度被冻结了怎么办 (柚借额度怎么提)
    ("我柚付为啥开不了", "w098"),         # 为什么我不能开通柚付 (柚付为什么不能付款)
    ("用柚借的钱还信用卡行不", "w309"),   # 柚借借款能用来还信用卡吗 (怎么用柚借借钱)
    ("提现一直失败", "w200"),             # 提现失败怎么办 (人脸识别一直失败怎么办)
]


@pytest.mark.parametrize(("question", "expected"), REORDERED)
def test_words_in_another_order_find_their_entry_first(question: str, expected: str) -> None:
    assert WALLET.search(question, limit=1, smalltalk=False)[0].id == expected


def test_the_bundled_base_keeps_full_pair_weights() -> None:
    knowledge = load_knowledge()
    assert not asked_once(knowledge.entries)
    assert asked_once(replace(knowledge, entries=tuple(replace(e, alternates=()) for e in knowledge.entries)).entries)
