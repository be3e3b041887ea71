"""Small talk answers short utterances only: a long real question is never greeted, however it sounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Matcher, load_knowledge
from assistant.matching.small_talk import said_once


@pytest.mark.parametrize("question", [
    "一直不还会怎样",
    "我逾期三个月了，催收说再不还就要起诉我",
    "怎么看我还差多少没还",
    "一下还不上，能分几次还不",
])
def test_a_long_real_question_is_not_matched_with_small_talk(bundled: Matcher, question: str) -> None:
    reply = bundled.reply(question)
    assert reply.match is not None and not reply.match.entry.smalltalk
    assert not any(match.entry.smalltalk for match in reply.suggestions)


@pytest.mark.parametrize(("utterance", "entry"), [
    ("你好啊", "greeting"), ("哈喽，有人吗", "greeting"), ("在吗在吗", "greeting"), ("感谢你的耐心解答", "thanks"),
    ("没别的问题了，再见", "goodbye"), ("你是机器人还是真人", "who-are-you"),
])
def test_short_small_talk_is_still_answered(bundled: Matcher, utterance: str, entry: str) -> None:
    reply = bundled.reply(utterance)
    assert (reply.status, reply.entry.id if reply.entry else None) == ("answer", entry)


@pytest.mark.parametrize("utterance", ["好的", "好", "行", "可以", "嗯嗯", "知道了", "ok"])
def test_an_acknowledgement_is_small_talk_even_where_an_entry_holds_its_words(bundled: Matcher,
                                                                              utterance: str) -> None:
    reply = bundled.reply(utterance)        # 好的 is in 良好的信用, 行 in 银行
    assert (reply.status, reply.entry.id if reply.entry else None) == ("answer", "okay")


@pytest.mark.parametrize(("utterance", "entry"), [
    ("我", None), ("了", None), ("的", None),     # a slip of the keyboard: not 我先走了, 好了 or 好的
    ("在", "greeting"), ("好", "okay"), ("谢", "thanks"), ("嗯", "okay"),   # short for 在吗, 好的, 谢谢
])
def test_one_character_alone_is_small_talk_only_when_it_says_it(bundled: Matcher, utterance: str,
                                                               entry: str | None) -> None:
    reply = bundled.reply(utterance)
    assert (reply.entry.id if reply.status == "answer" and reply.entry else None) == entry


@pytest.mark.parametrize("question", ["今天天气好热", "感冒了吃什么药好得快", "可以分期吗", "行不行啊能延期吗"])
def test_a_sentence_holding_an_acknowledgement_is_not_one(bundled: Matcher, question: str) -> None:
    assert bundled.reply(question).entry is None or bundled.reply(question).entry.id != "okay"


@pytest.mark.parametrize(("question", "previous"), [
    ("家人可以代还吗", None),               # a question with a word of its own (家人) asks about it
    ("我朋友帮我还可以吗", None),
    ("你是哪个银行的", None),
    ("可以申请几次", "extension-how"),      # asks how many times: 可以 does not say (the asked check, small talk too)
    ("可以申请几次", None),
    ("你好，帮我买一张电影票", None),         # a request (帮我, 给我) asks too: a greeting does not answer it
    ("在吗，给我讲个笑话", None),
    ("你是谁开发的", None),                  # who made it: 你是谁 does not say
])
def test_a_question_of_its_own_gets_no_small_talk(bundled: Matcher, question: str, previous: str | None) -> None:
    reply = bundled.reply(question, previous=previous)
    assert reply.status != "answer" or not reply.match or not reply.match.entry.smalltalk
    assert not any(match.entry.smalltalk for match in reply.suggestions)


@pytest.mark.parametrize(("utterance", "entry"), [
    ("你好吗", "greeting"), ("你叫什么名字", "who-are-you"), ("你能做什么呢", "capabilities"), ("可以吗", "okay"),
    ("谢谢你帮我", "thanks"),
])
def test_small_talk_asked_as_a_question_is_still_small_talk(bundled: Matcher, utterance: str, entry: str) -> None:
    reply = bundled.reply(utterance)
    assert (reply.status, reply.entry.id if reply.entry else None) == ("answer", entry)


@pytest.mark.parametrize(("utterance", "entry"), [
    ("谢了", "thanks"),            # 写了 of 分期协议写了哪些内容 only sounds like it
    ("好的好的", "okay"),          # 信用好的好处 holds its characters, but it says nothing else
    ("你都会些什么", "capabilities"),
])
def test_small_talk_scoring_best_and_written_in_its_characters_is_small_talk(bundled: Matcher, utterance: str,
                                                                          entry: str) -> None:
    reply = bundled.reply(utterance)
    assert (reply.status, reply.entry.id if reply.entry else None) == ("answer", entry)


@pytest.mark.parametrize(("question", "entry"), [
    ("介绍一下微粒贷", "about-weilidai"),   # 介绍一下 is small talk's, 微粒贷 is not
    ("好的，那逾期了怎么办", "overdue-what-to-do"),
])
def test_a_question_with_characters_small_talk_never_writes_is_the_entrys(bundled: Matcher, question: str,
                                                                        entry: str) -> None:
    reply = bundled.reply(question)
    assert (reply.status, reply.entry.id if reply.entry else None) == ("answer", entry)


@pytest.mark.parametrize(("utterance", "entry"), [
    ("好好好", "okay"), ("行行行", "okay"), ("嗯嗯嗯", "okay"), ("行吧行吧", "okay"), ("是的", "okay"),
    ("好的好的谢谢", "thanks"), ("谢谢谢谢", "thanks"), ("多谢多谢", "thanks"), ("拜拜拜拜", "goodbye"),
])
def test_small_talk_said_over_and_over_is_that_small_talk(bundled: Matcher, utterance: str, entry: str) -> None:
    reply = bundled.reply(utterance)       # 好好好 alone read 良好的信用's 好
    assert (reply.status, reply.entry.id if reply.entry else None) == ("answer", entry)


@pytest.mark.parametrize(("text", "once"), [
    ("好好好", ["好"]), ("行吧行吧", ["行吧"]), ("谢谢谢谢", ["谢谢", "谢"]),
    ("好的好的谢谢", ["好的好的谢", "好的谢谢"]), ("逾期了", []),
])
def test_said_once_reads_each_repeated_unit_once_longest_first(text: str, once: list[str]) -> None:
    assert said_once(text) == once


@pytest.mark.parametrize("question", ["看看", "好好好的信用怎么保持", "逾期逾期逾期怎么办"])
def test_a_question_repeating_itself_is_not_small_talk(bundled: Matcher, question: str) -> None:
    reply = bundled.reply(question)
    assert reply.entry is None or not reply.entry.smalltalk


@pytest.mark.parametrize(("utterance", "previous", "entry"), [
    ("好好好", "extension-how", "okay"), ("是的", "overdue-credit-reporting", "okay"),
    ("行行行", "hotline-number", "okay"), ("嗯嗯", "instalment-periods", "okay"), ("谢谢", "login-app", "thanks"),
    ("你好", "overdue-consequences", "greeting"),
])
def test_small_talk_after_an_answer_is_the_same_small_talk(bundled: Matcher, utterance: str, previous: str,
                                                           entry: str) -> None:
    # Whatever front end keeps the context (the chat, ask --json -, serve, a bot), small talk is never a follow-up.
    reply = bundled.reply(utterance, previous=previous)
    assert reply == bundled.reply(utterance)
    assert (reply.status, reply.entry.id if reply.entry else None) == ("answer", entry)


@pytest.mark.parametrize(("question", "entry", "expected"), [
    ("你能帮我干点啥", "hotline-services", "capabilities"),   # what the assistant does, not what 客服 does …
    ("你是微粒贷官方的客服吗", "hotline-number", None),         # … nor the hotline: not given with confidence
    ("你能帮我还钱吗", "hotline-services", "capabilities"),
    ("你能告诉我客服电话是多少吗", None, "hotline-number"),      # a request to tell asks about the base's matter
    ("你好，请问你能帮我查还款详情吗", None, "check-repayment-details"),   # … and so does one to look it up
    ("你们的客服电话是多少", None, "hotline-number"),            # 你们: the business, not the assistant
])
def test_a_question_put_to_the_assistant_is_not_an_entrys_about_its_subject(
        bundled: Matcher, question: str, entry: str | None, expected: str | None) -> None:
    reply = bundled.reply(question)
    answered = reply.entry.id if reply.status == "answer" and reply.entry else None
    assert answered == expected
    assert entry is None or answered != entry


def test_a_base_without_small_talk_about_the_assistant_reads_no_question_as_put_to_it() -> None:
    plain = Matcher(load_knowledge(Path(__file__).parent / "plain_faq.yaml"))
    assert not plain.small_talk.about_itself()
    assert not plain.small_talk.addressed(plain.normalize("你能帮我干点啥"))


@pytest.mark.parametrize(("question", "addressed"), [
    ("你能帮我干点啥", True), ("你是谁", True), ("你是官方的客服吗", True),
    ("你们的客服电话是多少", False),   # 你们: the business, not the assistant
    ("客服电话是多少", False),
    ("", False),
])
def test_a_question_is_addressed_to_the_assistant_when_put_to_it_and_the_base_answers_such(
        bundled: Matcher, question: str, addressed: bool) -> None:
    assert bundled.small_talk.addressed(bundled.normalize(question)) is addressed
