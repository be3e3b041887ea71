"""Sibling questions of a bare list (one phrasing each, what a bot author starts with) differ in one word: a
question holding a close rival's word where the best question's own stands is offered both, not answered with
the best (``topic.Topics.contrasted``, read by the decision for a bare best and the next two bare matches)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant import Matcher, load_knowledge
from assistant.models import Entry, Knowledge

SIBLINGS = Knowledge(title="siblings", language="zh", version="1", fallback="抱歉。", entries=(
    Entry("instalment", "分期还款协议里写了什么", "本金、期数和每期金额。"),
    Entry("extension", "延期还款协议包含哪些内容", "延期后的还款日和金额。"),
    Entry("export", "怎么导出账单", "在账单页点导出。"),
    Entry("withdraw", "柚存怎么取出来", "在柚存页点取出。"),
    Entry("alternates", "分期怎么申请", "在还款页申请。", alternates=("怎么办分期",)),
))
TOPICS = Matcher(SIBLINGS).topics


def entry(entry_id: str) -> Entry:
    """The entry of SIBLINGS with this id."""
    return next(found for found in SIBLINGS.entries if found.id == entry_id)


CONTRASTED = [
    # (question, best, rival, whether the question holds the rival's word where the best's stands)
    ("延期合同里写了些什么", "instalment", "extension", True),    # 延期 for 分期: the rival's word
    ("分期合同里写了些什么", "instalment", "extension", False),   # the best's own word
    ("合同里写了些什么", "instalment", "extension", False),       # neither word
    ("账单能导出来吗", "export", "withdraw", False),              # 出来 is no word in 导出's place
    ("延期怎么申请", "alternates", "extension", False),           # an entry with alternates is no bare sibling
]


@pytest.mark.parametrize(("question", "best", "rival", "expected"), CONTRASTED)
def test_a_question_holding_the_rivals_word_in_the_bests_place_is_contrasted(
        question: str, best: str, rival: str, expected: bool) -> None:
    assert TOPICS.contrasted(question, entry(best), entry(rival)) is expected


PLAIN = Matcher(replace(load_knowledge(), entries=tuple(replace(e, alternates=()) for e in load_knowledge().entries),
                        synonyms={}, out_of_scope=(), out_of_scope_terms=()))

OFFERED_BOTH = [
    # the bundled base reduced to bare questions: the best holds 延期 where the question says 分期, and back
    ("分期最长能拖多久", "instalment-periods"),
    ("延期合同里写了些什么", "extension-how"),
]


@pytest.mark.parametrize(("question", "meant"), OFFERED_BOTH)
def test_the_best_sibling_is_not_answered_when_the_question_holds_the_rivals_word(question: str, meant: str) -> None:
    reply = PLAIN.reply(question)
    assert reply.status == "clarify"
    assert meant in [match.id for match in reply.suggestions]
