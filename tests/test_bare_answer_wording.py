"""A bare entry's answer is its own wording to salience: on a bot author's bare FAQ list (no alternates), a word of
the question that shares a character with the entry's answer (狗 of 周末狗能寄养吗, the boarding answer saying
可以寄养猫和狗) is that entry's wording put otherwise, as one sharing a character with its question is, not a
thing the base never mentions: the answer is not held back for it. An entry with alternates is worded by its
phrasings alone, and a word no entry's text shares a character with (拍片, 指甲) is still held back. The base is
made up for these tests."""

from __future__ import annotations

import pytest

from assistant import Matcher
from assistant.models import Entry, Knowledge

PET = (("grooming", "洗澡美容多少钱？", "小型犬洗澡60元，美容剪毛150元起，猫洗澡100元。"),
       ("vaccine", "打疫苗多少钱？", "狗狗八联疫苗一针120元，狂犬疫苗一针50元。"),
       ("boarding", "可以寄养吗？", "可以寄养猫和狗，每天60元起，要打完疫苗才能寄养。"),
       ("hours", "几点开门？", "每天早上九点到晚上九点。"),
       ("parking", "有停车位吗？", "门口有三个免费车位。"),
       ("payment", "可以怎么付款？", "支持微信、支付宝和现金。"),
       ("neuter", "绝育手术多少钱？", "公猫300元，母猫600元，狗按体重收费。"),
       ("checkup", "体检要空腹吗？", "抽血前要空腹八小时，可以喝少量水。"))
BARE = Matcher(Knowledge("宠物医院", "zh", "1", tuple(Entry(*entry) for entry in PET), "请打电话问前台。"))
# The same base with the boarding entry asked in two more ways: no longer bare, its answer is not its wording
WORDED = Matcher(Knowledge("宠物医院", "zh", "1", tuple(
    Entry(name, question, answer, alternates=("能寄养吗", "寄养怎么收费") if name == "boarding" else ())
    for name, question, answer in PET), "请打电话问前台。"))


@pytest.mark.parametrize(("question", "status", "first"), [
    ("周末狗能寄养吗", "answer", "boarding"),              # 狗: the boarding answer's
    ("出差一周狗能放你们那寄养吗", "answer", "boarding"),
    ("给狗剪毛多少钱", "clarify", "grooming"),             # 剪 of 狗剪: the grooming answer's (美容剪毛)
    ("给狗拍片多少钱", "none", None),                      # 拍片: no entry writes it
    ("给狗剪指甲吗", "none", None),                        # 指甲: likewise
    ("可以用支付宝吗", "answer", "payment"),               # 支付宝, a payment product: the payment answer names it
    ("能用支付宝付款吗", "answer", "payment"),
])
def test_a_word_of_a_bare_entrys_answer_is_not_held_back(question: str, status: str, first: str | None) -> None:
    reply = BARE.reply(question)
    offered = reply.match if reply.status == "answer" else (reply.suggestions[0] if reply.suggestions else None)
    assert (reply.status, offered.id if offered else None) == (status, first)


@pytest.mark.parametrize(("matcher", "question", "entry", "held"), [
    (BARE, "周末狗能寄养吗", "boarding", False),    # its answer writes 狗
    (BARE, "周末狗能寄养吗", "hours", True),        # the opening hours' answer never does
    (WORDED, "周末狗能寄养吗", "boarding", True),   # with alternates, only its phrasings word it
    (BARE, "给狗剪毛多少钱", "grooming", False),
    (BARE, "给狗剪毛多少钱", "parking", True),
])
def test_salience_reads_a_bare_entrys_answer_as_its_wording(
        matcher: Matcher, question: str, entry: str, held: bool) -> None:
    weight = matcher.salience.foreign(matcher.normalize(question), matcher.entry(entry))
    assert (weight >= matcher.thresholds.salience) is held
