"""Unmentioned words: a word in Latin letters that a short question opens with, and that the base never writes,
names a thing the base does not answer about (a product, a service, a device), as a name the dictionary lacks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant import Matcher, load_knowledge
from assistant.matching import unmentioned

CAFE = """\
entries:
  - id: wifi
    question: 店里有无线网吗？
    alternates: [能上网吗]
    answer: 有，免费WiFi，密码贴在收银台旁边。
    source: {document: doc.txt, section: 上网}
  - id: hours
    question: 几点开门？
    alternates: [营业时间是几点到几点]
    answer: 每天早上八点到晚上十点。
    source: {document: doc.txt, section: 营业时间}
"""
"""A plain FAQ of another trade whose answer writes a word in Latin letters (WiFi)."""


@pytest.mark.parametrize(("question", "status"), [
    ("WiFi密码忘了怎么办", "none"),             # letters the base never writes, opening the question: a thing named
    ("我的WiFi密码忘了怎么办", "none"),         # after function words only, they still open what is said
    ("iCloud的密码想不起来了怎么办", "none"),   # a word in letters counts as one in a question's length: short
    ("CPU温度太高了怎么办", "none"),
    ("PayPal怎么绑定银行卡", "none"),
    ("微粒贷APP怎么登录", "answer"),            # letters the base writes (APP)
    ("app怎么登录", "answer"),
    ("WeBank的微粒贷逾期了怎么办", "answer"),   # before the base's own thing: whose it is, not another thing
    ("wld逾期了怎么办", "answer"),              # pinyin initials, read as the base's words before salience
    ("延期最长max几个月", "answer"),            # in the middle: a word put in English
    ("逾期了怎么办thx", "answer"),              # at the end: a courtesy
])
def test_letters_opening_a_question_name_a_thing(bundled: Matcher, question: str, status: str) -> None:
    assert bundled.reply(question).status == status


@pytest.mark.parametrize(("question", "weighed"), [
    ("wifi密码忘了怎么办", ["wifi"]),
    ("icloud的密码", ["icloud"]),
    ("逾期了怎么办thx", []),                    # not opening the question
    ("5g套餐多少钱", []),                       # one letter: too short to tell a name (b超, x光)
    ("app怎么登录", []),                        # written by the base
])
def test_the_opening_letters_the_base_never_writes(bundled: Matcher, question: str, weighed: list[str]) -> None:
    found = unmentioned.unmentioned(question, bundled.salience.vocabulary)
    assert [word for word, _, _ in found if unmentioned.spelled(word)] == weighed


def test_letters_the_base_writes_in_an_answer_are_its_own(write_kb: Callable[..., Path]) -> None:
    matcher = Matcher(load_knowledge(write_kb(CAFE)))
    assert matcher.salience.foreign(matcher.normalize("WiFi密码是多少"), matcher.entry("wifi")) == 0.0
    assert matcher.salience.foreign(matcher.normalize("iCloud密码是多少"), matcher.entry("wifi")) >= 10
