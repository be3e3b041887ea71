"""What a bare list (questions and answers only) offers in a "您是不是想问…" list to a question it does not cover."""

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant import Matcher
from assistant.knowledge import load_knowledge
from assistant.matching.grammar import content_shared

WALLET_LIST = """\
- question: 银行卡怎么换？
  answer: 在“我的-银行卡”里先解绑旧卡，再绑定新卡。
- question: 积分怎么获得？
  answer: 每消费一元得一积分，签到也送积分。
- question: 怎么开发票？
  answer: 在订单详情里点“申请发票”。
- question: 手机丢了怎么办？
  answer: 先打客服电话冻结账户。
- question: 充值没到账怎么办？
  answer: 一般两小时内到账，超过请联系客服。
- question: 支付密码怎么找回？
  answer: 在“设置-安全”里用短信验证找回。
- question: 转账限额是多少？
  answer: 单笔五万元，每天二十万元。
- question: 怎么注销账户？
  answer: 余额为零时，在“设置”里申请注销。
"""


@pytest.fixture
def wallet(write_kb: Callable[..., Path]) -> Matcher:
    return Matcher(load_knowledge(write_kb(WALLET_LIST, header=False)))


@pytest.mark.parametrize(("question", "status", "held_back"), [
    # 医保卡 the list never mentions, and 积分怎么获得, 银行卡怎么换 share only 怎么 with the question: no list
    ("医保卡怎么激活", "none", "foreign"),
    # 积分 is the list's own word, in 积分怎么获得: offered, as a question put in other words may be
    ("积分能换什么", "clarify", None),
    # 卡 of 门禁卡 resembles 银行卡: the salience check does not call it foreign, and the list stays
    ("门禁卡怎么补办", "clarify", None),
])
def test_a_bare_list_offers_nothing_sharing_only_grammar_with_a_question_naming_another_thing(
        wallet: Matcher, question: str, status: str, held_back: str | None) -> None:
    reply = wallet.reply(question)
    assert (reply.status, reply.held_back) == (status, held_back)


@pytest.mark.parametrize(("question", "entry_question", "shared"), [
    ("积分能换什么", "积分怎么获得？", True),           # 积分: a content word of both
    ("重置支付密码", "支付密码怎么找回？", True),
    ("医保卡怎么激活", "积分怎么获得？", False),        # 怎么: a question word
    ("彩票怎么买", "怎么开发票？", False),              # 票 alone: no pair of characters
    ("手机充电慢怎么办", "手机丢了怎么办？", True),      # 手机: shared, though the question asks another thing
])
def test_which_questions_share_a_content_word_with_an_entry(
        wallet: Matcher, question: str, entry_question: str, shared: bool) -> None:
    owner = next(i for i, entry in enumerate(wallet.index.entries) if entry.question == entry_question)
    assert content_shared(wallet.index, wallet.normalize(question), owner) is shared
