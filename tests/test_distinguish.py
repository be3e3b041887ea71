"""A bare list's close siblings told apart in the decision by the question's content words (distinguish.py): of
the bare entries scoring close to the best, the one holding the words of the question the others lack is put
first in the reply given without the rule (a list; the best lacking them, answered without it, turned into the
list of the two; the fallback kept); the rule never answers on its own account. The bases are made
up: a small one here, and the DEV bases florist.yaml and museum.yaml of tests/eval/small-bases."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Matcher
from assistant.knowledge import knowledge_from_data, load_knowledge
from assistant.matching.distinguish import AMONG, ANSWER_HELD, content_words, held, scored_exactly
from assistant.normalize import sound_key

BASES = Path(__file__).parent / "eval" / "small-bases"

SIBLINGS = [
    ("water", "能带水进去吗？", "可以带未开封的瓶装水，展厅里不能喝。"),
    ("food", "能带吃的进去吗？", "不能带食物进入展厅，可以寄存在服务台。"),
    ("pet", "能带宠物进去吗？", "除导盲犬外，宠物一律不能入馆。"),
    ("selfie", "能带自拍杆进去吗？", "可以带入，但展厅里不能使用。"),
    ("photo", "展厅里可以拍照吗？", "可以拍照，但不能使用闪光灯。"),
    ("flash", "可以开闪光灯吗？", "展厅内禁止使用闪光灯，以免损伤文物。"),
    ("parking", "有停车场吗？", "地下停车场每小时五元。"),
    ("hospital", "能送到医院吗？", "可以送到住院部楼下。"),
    ("school", "能送到学校吗？", "可以送到学校门卫处。"),
]
MATCHER = Matcher(knowledge_from_data([{"id": i, "question": q, "answer": a} for i, q, a in SIBLINGS]))


@pytest.fixture(scope="module")
def florist() -> Matcher:
    return Matcher(load_knowledge(BASES / "florist.yaml"))


@pytest.fixture(scope="module")
def museum() -> Matcher:
    return Matcher(load_knowledge(BASES / "museum.yaml"))


def _said(matcher: Matcher, question: str) -> tuple[str, str | list[str] | None]:
    reply = matcher.reply(question)
    if reply.status == "answer":
        return "answer", reply.entry.id if reply.entry is not None else None
    return reply.status, [match.id for match in reply.suggestions]


@pytest.mark.parametrize(("question", "status", "said"), [
    ("可以带矿泉水吗", "clarify", ["water", "flash"]),  # 矿泉水 in its answer, first by score too: not answered for it
    ("瓶装水能带进去吗", "answer", "water"),           # answered as without the rule
    ("能送到住院部吗", "answer", "hospital"),
    ("幼儿园能送吗", "clarify", ["hospital", "school"]),  # neither holds 幼儿园: the order of the scores
    ("今天天气怎么样", "none", []),                      # nothing of any entry: no sibling is told apart
])
def test_the_rule_answers_nothing_of_its_own(question: str, status: str, said: object) -> None:
    assert _said(MATCHER, question) == (status, said)


@pytest.mark.parametrize(("question", "status", "said"), [
    ("可以刷支付宝吗", "clarify", ["payment", "refund"]),
    ("盆栽放哪里好", "clarify", ["potted-care", "pet-safe"]),
    # 婚车花 in the answer of 能做婚礼布置吗, which 百合花多少钱 (best by score, answered without the rule) lacks:
    # a wrong answer turned into the list of the sibling and the best
    ("婚车花多少钱", "clarify", ["wedding", "lily-price"]),
    # 波波球, fourth in the list without the rule, first in it
    ("波波球多少钱一个", "clarify", ["balloon", "rose-price", "bouquet-price", "lily-price"]),
    ("明天天气怎么样", "clarify", ["bouquet-care", "potted-care"]),  # the same list, in another order
])
def test_on_a_florist_s_bare_list(florist: Matcher, question: str, status: str, said: object) -> None:
    assert _said(florist, question) == (status, said)


@pytest.mark.parametrize(("question", "status", "said"), [
    ("拍照打闪可以吗", "clarify", ["flash", "photo"]),  # 闪 of 闪光灯 first; 拍照 alone, best by score, not answered
    ("停车怎么收费", "clarify", ["parking", "booking"]),
    ("导盲犬能进博物馆吗", "clarify", ["pet", "location", "parking"]),  # 导盲犬 in pet's answer; first by score too
    ("纪念品在哪买", "none", []),  # the fallback without the rule is kept, whoever holds the question's words
])
def test_on_a_museum_s_bare_list(museum: Matcher, question: str, status: str, said: object) -> None:
    assert _said(museum, question) == (status, said)


@pytest.mark.parametrize(("word", "question", "answer", "expected"), [
    ("零食", "零食能带吗", "", 1.0),                        # whole in the entry's question
    ("零食", "能带吃的进去吗", "不能带食物进入展厅", 0.5 * ANSWER_HELD),  # one character of two, in the answer
    ("矿泉水", "能带水进去吗", "可以带矿泉水", ANSWER_HELD),  # whole in the answer
    ("零食", "能带水进去吗", "可以带瓶装水", 0.0),          # held by neither
    ("水", "能带吃的进去吗", "不能带食物", 0.0),            # a single character counts whole or not at all
])
def test_a_word_is_held_whole_by_the_question_less_by_the_answer_and_in_part_by_its_characters(
        word: str, question: str, answer: str, expected: float) -> None:
    assert held(sound_key(word), sound_key(question), sound_key(answer)) == pytest.approx(expected)


def test_function_words_are_no_content_words() -> None:
    assert content_words("吗") == []
    assert [key for key, _ in content_words("可以带零食吗")] == [sound_key("带"), sound_key("零食")]


def test_entries_with_alternates_are_not_reordered() -> None:
    matcher = Matcher(knowledge_from_data([
        {"id": "water", "question": "能带水进去吗？", "alternates": ["可以带水吗", "矿泉水能带吗"],
         "answer": "可以带瓶装水。"},
        {"id": "food", "question": "能带吃的进去吗？", "alternates": ["零食能带吗"], "answer": "不能带食物。"},
    ]))
    assert matcher.reply("可以带矿泉水吗").entry.id == "water"


def test_the_matches_weighed_are_scored_exactly_on_a_bare_list_only() -> None:
    assert scored_exactly(MATCHER.index) == AMONG  # a plain list: the rule weighs its best five
    assert scored_exactly(Matcher(load_knowledge()).index) == 0  # every entry has alternates: the rule never applies
