"""Names: a question naming one of the base's own names that the general dictionary does not know (微信) is not
answered by an entry that never names it; the entries that do, and bare lists, are answered as before."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant import Matcher, load_knowledge
from assistant.matching import names
from assistant.matching.names import Names

BASE = Matcher()

WALLET = """\
- question: 客服电话是多少？
  answer: 青柚钱包的客服电话是 400-000-0000。
- question: 青柚钱包安全吗？
  answer: 青柚钱包的资金由银行存管。
- question: 怎么联系青柚客服？
  answer: 在青柚钱包里点“我的”，再点“客服”。
- question: 青柚钱包怎么注销？
  answer: 在青柚钱包的设置里注销。
"""


def test_the_bundled_base_names_what_the_dictionary_cuts_apart() -> None:
    assert {"微信", "官网", "客服"} <= BASE.names.names()
    assert "微粒" not in BASE.names.names()  # the dictionary knows 微粒


@pytest.mark.parametrize(("question", "entry"), [
    ("微信的客服电话是多少", "hotline-number"),
    ("微信账号被冻结了怎么解冻", "credit-limit-reduced"),
])
def test_a_name_the_entry_never_holds_holds_the_answer_back(question: str, entry: str) -> None:
    assert BASE.names.weight(BASE.normalize(question), BASE.entry(entry)) >= BASE.thresholds.salience
    reply = BASE.reply(question)
    assert (reply.status, reply.held_back) == ("none", "foreign")


@pytest.mark.parametrize(("question", "entry"), [
    ("微粒贷客服电话是多少", "hotline-number"),
    ("微信公众号叫什么", "wechat-account"),          # the entry names 微信
    ("在微信里怎么绑定微粒贷", "wechat-bind"),
    ("官网怎么登录", "login-app"),
])
def test_a_name_the_entry_holds_changes_nothing(question: str, entry: str) -> None:
    assert BASE.names.weight(BASE.normalize(question), BASE.entry(entry)) == 0.0
    reply = BASE.reply(question)
    assert (reply.status, reply.match.id if reply.match else None) == ("answer", entry)


@pytest.mark.parametrize(("question", "entry", "held"), [
    ("登录官网的密码忘了怎么办", "forgot-password", False),  # login-app, of its very section, names 官网
    ("官网的密码怎么找回", "forgot-password", False),
    ("微信的密码忘了怎么办", "forgot-password", True),       # no entry of that section names 微信
    ("微信的客服电话是多少", "hotline-number", True),        # hotline-number's section is its own alone
])
def test_a_name_of_an_entry_of_the_same_section_is_the_entry_s_own(question: str, entry: str, held: bool) -> None:
    weight = BASE.names.weight(BASE.normalize(question), BASE.entry(entry))
    assert (weight >= BASE.thresholds.salience) is held


@pytest.mark.parametrize(("pair", "name"), [
    ("期数", False),   # how many instalments: an amount of a thing, not another thing (cut 期|数, 3+ times)
    ("微信", True),
    ("客服", True),
])
def test_a_pair_ending_on_a_quantity_is_no_name(pair: str, name: bool) -> None:
    assert (pair in BASE.names.names()) is name


def test_the_count_of_a_thing_does_not_hold_an_entry_on_it_back() -> None:
    assert BASE.names.weight(BASE.normalize("分期协议里写期数吗"), BASE.entry("instalment-agreement")) == 0.0


@pytest.mark.parametrize(("question", "entry", "held"), [
    ("客服说我逾期会上征信是真的吗", "overdue-credit-reporting", False),  # who said it
    ("客服告诉我额度会被冻结", "credit-limit-reduced", False),
    ("客服的电话会影响征信吗", "overdue-credit-reporting", True),       # what is asked about
    ("微信客服说我逾期了", "contact-customer-service", True),           # 微信 is followed by 客服, not 说
])
def test_a_name_followed_by_a_verb_of_saying_tells_who_said_it(question: str, entry: str, held: bool) -> None:
    weight = BASE.names.weight(BASE.normalize(question), BASE.entry(entry))
    assert (weight >= BASE.thresholds.salience) is held


def test_a_bare_question_says_too_little_to_tell(tmp_path: Path) -> None:
    path = tmp_path / "wallet.yaml"
    path.write_text(WALLET, encoding="utf-8")
    wallet = Matcher(load_knowledge(str(path)))
    assert "青柚" in wallet.names.names()
    bare = wallet.knowledge.entries[0]
    assert wallet.names.weight(wallet.normalize("青柚客服电话多少"), bare) == 0.0


@given(st.text(max_size=40))
def test_any_text_weighs_without_raising(text: str) -> None:
    assert Names(BASE.index).weight(text, BASE.entry("hotline-number")) >= 0.0


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(names).failed == 0


def test_a_large_base_has_no_names_to_gather() -> None:
    from assistant.matching.index import Index

    large = Index(BASE.knowledge, BASE.normalize, exact=True)
    assert Names(large).names() == frozenset()
    assert Names(large).weight(BASE.normalize("微信的客服电话是多少"), BASE.entry("hotline-number")) == 0.0
