"""A small base's keyword alternate held whole in a question (邮费 of 退回去邮费谁付) is not answered with confidence
when a rival entry's phrasings hold all that it holds of the question and more (退货邮费: 退 as well): both are
offered. The base here is made up for these tests (tests/eval/small-bases/ holds the evaluation sets)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant import Matcher, load_knowledge
from assistant.matching.explained import held, outheld

SHOP = """\
entries:
  - id: postage
    question: 包邮吗？
    alternates: [运费多少, 邮费]
    answer: 满九十九元包邮，不满加收八元。
    source: {document: doc.txt, section: 运费}
  - id: return-postage
    question: 退货运费谁出？
    alternates: [退货邮费]
    answer: 质量问题我们出运费，不喜欢退货由买家出。
    source: {document: doc.txt, section: 退货}
  - id: invoice
    question: 能开发票吗？
    answer: 可以开电子发票。
    source: {document: doc.txt, section: 发票}
  - id: courier
    question: 发什么快递？
    alternates: [能发顺丰吗]
    answer: 默认发中通。
    source: {document: doc.txt, section: 快递}
"""


@pytest.fixture
def shop(write_kb: Callable[..., Path]) -> Matcher:
    return Matcher(load_knowledge(write_kb(SHOP)))


@pytest.mark.parametrize(("question", "best", "rival", "expected"), [
    ("退回去邮费谁付", "postage", "return-postage", True),    # 邮费 both, 退 and 谁 only the rival
    ("退回去邮费谁付", "return-postage", "postage", False),   # the other way round
    ("邮费多少", "postage", "return-postage", False),         # the rival holds 邮费 but not 多少
    ("今天天气好", "postage", "return-postage", False),       # the best holds nothing of the question
])
def test_a_rival_holding_all_the_best_holds_and_more_outholds_it(
        shop: Matcher, question: str, best: str, rival: str, expected: bool) -> None:
    index = shop.index
    assert outheld(index, shop.normalize(question), index.entry_index[best], index.entry_index[rival]) is expected


def test_held_is_what_the_entry_writes_of_the_question(shop: Matcher) -> None:
    index = shop.index
    assert held(index, shop.normalize("邮费多少"), index.entry_index["invoice"]) == frozenset()
    assert len(held(index, shop.normalize("邮费多少"), index.entry_index["postage"])) == 4
    assert held(index, shop.normalize("邮费多少"), -1) == frozenset()


@pytest.mark.parametrize(("question", "status", "entries"), [
    ("退回去邮费谁付", "clarify", {"postage", "return-postage"}),   # a keyword held whole, a rival holding more
    ("邮费多少", "answer", {"postage"}),                              # the rival holds less of it: answered
    ("退货邮费谁出", "answer", {"return-postage"}),
])
def test_a_best_outheld_by_a_close_rival_is_offered_with_it(
        shop: Matcher, question: str, status: str, entries: set[str]) -> None:
    reply = shop.reply(question)
    assert reply.status == status
    got = {m.id for m in reply.suggestions} if status == "clarify" else {reply.entry.id}
    assert entries <= got
