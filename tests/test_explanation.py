"""How a reply is explained (``assistant why`` and the chat's /why): the outcome line names the rule that
decided the reply, and the command prints the same text as the chat."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant import Matcher, knowledge_from_data
from assistant.cli import main
from assistant.explanation import explain_question, outcome
from assistant.messages import messages_for
from assistant.replies import Reply

SAYS = messages_for("zh").explain


def _lone(reply: Reply, score: float, held_back: str | None = None) -> Reply:
    """``reply`` as the fallback of a single candidate scoring ``score``."""
    assert reply.match is not None
    return replace(reply, status="none", answer=None, suggestions=(), confidence=None, held_back=held_back,
                   match=replace(reply.match, score=score))


@pytest.mark.parametrize(("question", "reason"), [
    ("微粒贷逾期了怎么办", SAYS.answered),
    ("逾期", SAYS.clarified.format(reason="", count=4)),
    ("今天天气怎么样", SAYS.lone_weak.format(suggest=45, fair=49, answer=53)),  # 45.2: above the legend's 45
    ("我想吃火锅", SAYS.foreign),        # far from every entry, 火锅 (a common noun, 9.99) is not covered
    ("我要睡觉了", SAYS.too_low.format(suggest=45)),   # naming nothing the base never mentions
    ("车贷逾期会怎样", SAYS.declared),
    ("拍拍贷逾期了怎么办", SAYS.foreign),
])
def test_the_outcome_line_names_the_rule_that_decided_the_reply(bundled: Matcher, question: str,
                                                                reason: str) -> None:
    assert outcome(bundled.reply(question), bundled.thresholds) == reason
    assert reason in explain_question(bundled, question).splitlines()


@pytest.mark.parametrize(("question", "read_as"), [
    # (a question, and the question it was answered as: None when read as asked)
    ("延期", "延期吗"),                  # a thing named alone: asked as its yes-or-no question
    ("分期", "分期吗"),
    ("利息", None),                      # a list: no reading of it answered
    ("微粒贷逾期了怎么办", None),
])
def test_why_says_when_a_question_was_read_as_another(bundled: Matcher, question: str, read_as: str | None) -> None:
    reply = bundled.reply(question)
    assert reply.read_as == read_as and reply.to_dict()["read_as"] == read_as
    lines = explain_question(bundled, question).splitlines()
    assert lines[0] == SAYS.asked.format(query=question)
    if read_as is None:
        assert not any("按“" in line for line in lines)
    else:
        assert lines[1] == SAYS.read_as.format(question=read_as)


@pytest.mark.parametrize(("score", "held_back", "reason"), [
    (47.0, None, SAYS.lone_weak.format(suggest=45, fair=49, answer=53)),
    (51.0, None, SAYS.lone_fair.format(answer=53, second=33.75)),
    (51.0, "topic", SAYS.lone_topic.format(reason=SAYS.topic_reason)),
    (44.9, None, SAYS.too_low.format(suggest=45)),
])
def test_a_single_candidate_s_fallback_says_which_rule_left_it_out(bundled: Matcher, score: float,
                                                                   held_back: str | None, reason: str) -> None:
    assert outcome(_lone(bundled.reply("今天天气怎么样"), score, held_back), bundled.thresholds) == reason


def test_the_legend_and_the_outcome_agree_on_a_score_above_suggest(bundled: Matcher) -> None:
    text = explain_question(bundled, "今天天气怎么样")
    assert "低于 45 分算不相关" in text and "45.2" in text
    assert "分数太低" not in text and "低于 45 分，算不相关" not in text.splitlines()[-1]


@pytest.mark.parametrize(("argv", "says"), [
    (["why", "今天天气怎么样"], ["你问的是：今天天气怎么样", "得分：45.2 / 100",
                                 SAYS.lone_weak.format(suggest=45, fair=49, answer=53)]),
    (["why", "逾期"], ["结果：拿不准，列出了 4 个候选：", "  1. "]),
    (["why", "会不会起诉我", "--previous", "extension-how"], ["[extension-collection]", SAYS.answered]),
])
def test_assistant_why_prints_the_explanation_and_exits_0(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                         says: list[str]) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    for text in says:
        assert text in out


@pytest.mark.parametrize(("argv", "error"), [
    (["why", "会不会起诉我", "--previous", "no-such-entry"], "no entry has the id 'no-such-entry'"),
    (["why", "  "], "the question is empty"),
])
def test_assistant_why_refuses_bad_input_in_one_line_with_exit_2(capsys: pytest.CaptureFixture[str],
                                                                argv: list[str], error: str) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert error in captured.err and captured.err.count("\n") == 1


def test_assistant_why_prints_what_the_chat_s_why_prints(bundled: Matcher) -> None:
    from chat_helpers import chat

    printed = chat(bundled, "逾期", "/why").printer.printed
    why = next(text for text in printed if text.startswith("你问的是"))
    said = explain_question(bundled, "逾期")
    assert "".join(why.split()) == "".join(said.split())  # the same text, which the chat lays out at its width
    assert why.splitlines()[0] == said.splitlines()[0]


def test_why_shows_how_much_of_the_question_the_answer_says() -> None:
    # A bare list's entry found through its answer's words (支付宝 is written only in the answer): the part that did it
    shop = Matcher(knowledge_from_data([
        {"question": "你们几点开门？", "answer": "每天早上九点开门。"},
        {"question": "可以微信支付吗？", "answer": "可以，微信、支付宝都行。"},
        {"question": "能退货吗？", "answer": "七天内可以退货。"},
    ], name="shop"))
    reply = shop.reply("能用支付宝吗")
    assert reply.match is not None and reply.match.question == "可以微信支付吗？" and reply.match.parts.answer > 0
    assert f"答案 {reply.match.parts.answer:.1f}" in explain_question(shop, "能用支付宝吗")


@pytest.mark.parametrize(("question", "said"), [("还有呢", SAYS.only_more), ("還有別的嗎？", SAYS.only_more),
                                                ("asdfgh", SAYS.nothing_in_common)])
def test_why_says_a_line_asking_for_more_was_given_no_entry_for_that(bundled: Matcher, question: str,
                                                                     said: str) -> None:
    assert explain_question(bundled, question).splitlines()[1] == said


PAYMENT = [{"question": "你们几点开门？", "answer": "每天早上九点开门。"},
           {"question": "可以微信支付吗？", "answer": "可以，微信、支付宝都行。"},
           {"question": "能退货吗？", "answer": "七天内可以退货。"},
           {"question": "包邮吗？", "answer": "满一百包邮。"},
           {"question": "有会员卡吗？", "answer": "有，消费满两百就可以办。"}]


@pytest.mark.parametrize(("question", "previous", "alone"), [
    # the entry just answered is not given again to a short question after it: what it gets alone is said
    ("能用支付宝吗", "可以微信支付吗？", SAYS.alone_answer.format(question="可以微信支付吗？", score=51.2)),
    ("能用支付宝吗", None, None),             # asked first: nothing to compare
    ("能退货吗", "可以微信支付吗？", None),     # the previous question changed nothing
])
def test_why_says_what_a_question_changed_by_the_previous_one_gets_alone(question: str, previous: str | None,
                                                                         alone: str | None) -> None:
    shop = Matcher(knowledge_from_data(PAYMENT, name="shop"))
    after = None if previous is None else next(e for e in shop.knowledge.entries if e.question == previous)
    lines = explain_question(shop, question, None if after is None else after.id).splitlines()
    said = [line for line in lines if line.startswith("单独问")]
    assert said == ([] if alone is None else [SAYS.alone.format(previous=previous, outcome=alone)])
    if alone is not None:  # read with the previous question, though the fallback is not marked so
        assert "  " + SAYS.read_with.format(context=SAYS.yes_no[0]) in lines
