"""The conversation: one rule for context, numbered picks, the query cut and the miss hook, the same in every
front end.

The front ends are checked against each other on generated conversations, built from the bundled base's
questions, its small talk and its out-of-scope lines, short follow-ups and bare numbers: the terminal chat
(keystrokes through ``create_pipe_input``) shows exactly the replies the piped chat prints.
"""

from __future__ import annotations

import doctest
import importlib
import io
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from chat_helpers import chat
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import Matcher, Reply, knowledge_from_data, load_knowledge
from assistant.cli import main
from assistant.conversation import (
    MAX_TURN_CHARS,
    Conversation,
    Turn,
    cut_query,
    is_exit,
    is_pick,
    next_context,
    parse_pick,
    picks_last,
)
from assistant.errors import UnknownEntryError
from assistant.messages import NOT_COVERED, messages_for

FOLLOW_UPS = ["那延期呢", "那分期呢", "要多久", "能分几期", "那会上征信吗", "电话多少", "利率会上调吗",
              "那是怎么算的", "要签协议吗", "怎么办", "多少钱", "在哪看"]
"""Short questions that lean on the one before (from the evaluation sets' follow-ups and common ones)."""
NUMBERS = ["1", "2", "3", "4", "9"]


def conversations(matcher: Matcher, count: int, seed: int = 16) -> Iterator[list[str]]:
    """Yield ``count`` conversations of three or four lines: a question of the base, then small talk, an
    out-of-scope line, a follow-up or a number, and so on (always the same ones for one seed)."""
    knowledge = matcher.knowledge
    questions = [phrasing for entry in knowledge.questions for phrasing in entry.phrasings]
    smalltalk = [phrasing for entry in knowledge.entries if entry.smalltalk for phrasing in entry.phrasings]
    unknown = [*knowledge.out_of_scope, "明天会下雨吗", "今天星期几", "推荐一部电影", "？？", "asdf"]
    kinds = [smalltalk, unknown, FOLLOW_UPS, NUMBERS, questions]
    rng = random.Random(seed)
    for _ in range(count):
        lines = [rng.choice(questions)]
        for _ in range(rng.choice((2, 3))):
            lines.append(rng.choice(rng.choice(kinds)))
        yield lines


def terminal_replies(matcher: Matcher, lines: list[str]) -> str:
    """Chat ``lines`` in the terminal chat (80 columns, no colour); return what it showed between the welcome
    and the goodbye, as plain text."""
    shown = chat(matcher, *lines, log_misses=False, color=False).printer.printed
    return "".join(text + "\n" for text in shown[1:-1])


def piped_replies(lines: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """Pipe ``lines`` into ``assistant --no-log`` (the piped chat, in this process); return what it printed."""
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["--no-log"]) == 0
    return capsys.readouterr().out


@pytest.mark.slow  # about a minute: 1,000 terminal chats
def test_the_terminal_chat_and_the_piped_chat_reply_alike_over_1000_conversations(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cache import load_matcher

    matcher = load_matcher()  # the matcher the piped chat loads, so both read the same base
    differences = []
    count = 0
    for lines in conversations(matcher, 1000):
        count += 1
        terminal = terminal_replies(matcher, lines)
        piped = piped_replies(lines, monkeypatch, capsys)
        if "".join(terminal.split()) != "".join(piped.split()):  # the terminal lays answers out at its width
            differences.append(lines)
    assert count == 1000
    assert differences == []


# -- the rule for context --------------------------------------------------------------------------------


@pytest.mark.parametrize(("reply_to", "kind", "expected"), [
    ("微粒贷客服电话是多少", "answer", "hotline-number"),  # an answer sets the context
    ("你好", "small talk", "before"),                    # small talk keeps it
    ("明天会下雨吗", "none", "before"),                   # none keeps it
    ("多少钱", "clarify", None),                          # a new question's list drops it: no single answer
    ("额度", "clarify", None),                            # to lean on (要多久 after it is asked on its own)
])
def test_next_context_follows_answers_only(bundled: Matcher, reply_to: str, kind: str,
                                           expected: str | None) -> None:
    reply = bundled.reply(reply_to)
    status = "answer" if kind == "small talk" else kind
    assert reply.status == status
    assert (reply.entry is not None and reply.entry.smalltalk) == (kind == "small talk")
    want = "before" if expected == "before" else expected
    assert next_context("before", reply) == want
    assert next_context(None, reply) == (None if expected == "before" else expected)


def test_a_follow_up_after_a_list_is_asked_on_its_own(bundled: Matcher) -> None:
    conversation = Conversation(bundled)
    conversation.ask("逾期了怎么办")
    assert conversation.ask("额度").status == "clarify"
    after = conversation.ask("要多久")
    alone = bundled.reply("要多久")
    assert (after.status, after.id) == (alone.status, alone.id)


# (what was asked before, a question asked aside: the reply it gets is the one asking it next gets)
ASIDE = [
    ([], "客服电话"),
    (["微粒贷逾期了该怎么办"], "那延期呢"),         # read with the answer before
    (["明天会下雨吗"], "今天呢"),                   # after the fallback
    (["微粒贷逾期了该怎么办"], "明天会下雨吗"),     # a miss: not reported
]


@pytest.mark.parametrize(("before", "question"), ASIDE)
def test_a_question_asked_aside_gets_the_reply_asked_next_and_leaves_the_conversation(
        bundled: Matcher, before: list[str], question: str) -> None:
    missed: list[Reply] = []
    conversation = Conversation(bundled, on_miss=missed.append)
    for line in before:
        conversation.ask(line)
    kept = dict(vars(conversation))
    reported = len(missed)
    aside, read_with = conversation.ask_aside(question)
    assert vars(conversation) == kept and len(missed) == reported
    asked = conversation.ask(question)
    assert (aside, read_with) == (asked, conversation.last_read_with)


@pytest.mark.parametrize("between", ["你好", "谢谢", "明天会下雨吗", "推荐一部电影"])
def test_small_talk_or_an_unknown_question_between_keeps_the_follow_up(bundled: Matcher, between: str) -> None:
    straight = Conversation(bundled)
    straight.say("怎么申请分期还款")
    direct = straight.say("那延期呢").reply
    talk = Conversation(bundled)
    talk.say("怎么申请分期还款")
    talk.say(between)
    after = talk.say("那延期呢").reply
    assert direct is not None and after is not None
    assert (after.status, after.entry and after.entry.id) == (direct.status, direct.entry and direct.entry.id)


@pytest.mark.parametrize(("lines", "expected"), [
    (["明天会下雨吗", "今天呢"], None),                          # 今天 of the weather, not of 逾期4天
    (["逾期了怎么办", "明天会下雨吗", "今天呢"], None),          # nor of the answer before the fallback
    (["逾期了怎么办", "明天会下雨吗", "那罚息呢"], "penalty-interest"),   # a thing the base answers: as asked first
    (["延期还款怎么申请", "明天会下雨吗", "那利息呢"], "extension-interest-rate"),
])
def test_a_follow_up_after_the_fallback_asks_its_thing_of_the_unanswered_question(
        bundled: Matcher, lines: list[str], expected: str | None) -> None:
    talk = Conversation(bundled)
    reply = [talk.say(line).reply for line in lines][-1]
    assert reply is not None
    got = reply.status if reply.status != "answer" else reply.entry and reply.entry.id
    assert got == (expected or "none")


@pytest.mark.parametrize(("first", "follow_up"), [
    ("美团月付逾期会上征信吗", "那美团月付呢"),
    ("京东白条逾期会上征信吗", "那京东白条呢"),
])
def test_a_follow_up_naming_what_the_base_never_mentions_is_not_covered_as_the_question_naming_it(
        bundled: Matcher, first: str, follow_up: str) -> None:
    talk = Conversation(bundled)
    talk.say("逾期会上征信吗")
    reply = talk.say(follow_up).reply
    asked = bundled.reply(first)
    assert reply is not None and asked.held_back in NOT_COVERED
    assert (reply.status, reply.held_back in NOT_COVERED) == ("none", True)


@pytest.mark.parametrize("greeting", ["你好", "您好", "谢谢"])
def test_small_talk_stands_on_its_own_after_a_question(bundled: Matcher, greeting: str) -> None:
    talk = Conversation(bundled)
    talk.say("逾期会影响征信吗")
    reply = talk.say(greeting).reply
    assert reply is not None and reply.status == "answer"
    assert reply.entry is not None and reply.entry.smalltalk
    assert reply == bundled.reply(greeting)


# -- picks, the cut, the miss hook -----------------------------------------------------------------------


def test_a_number_picks_from_the_suggestions_and_then_from_the_related_questions(bundled: Matcher) -> None:
    talk = Conversation(bundled)
    asked = talk.say("多少钱").reply
    assert asked is not None and asked.status == "clarify"
    second = asked.suggestions[1].entry
    turn = talk.say(" 2 ")
    assert turn.picked == second and turn.reply == bundled.answer_entry(second.id)
    assert talk.previous == second.id and talk.last_picked == second and talk.last_asked == asked
    assert talk.choices == turn.reply.follow_ups


@pytest.mark.parametrize(("lines", "notice"), [
    (["9"], "现在没有可以选择的编号列表。想问“9”的话，请多写几个字。"),
    (["明天会下雨吗", "1"], "现在没有可以选择的编号列表。想问“1”的话，请多写几个字。"),
    (["第二个"], "现在没有可以选择的编号列表。想问“第二个”的话，请多写几个字。"),   # quoted as typed, not as 2
    (["我选2"], "现在没有可以选择的编号列表。想问“我选2”的话，请多写几个字。"),
    (["多少钱", "9"], "请输入 1 到 {n} 之间的编号。"),
])
def test_a_number_that_picks_nothing_says_why(bundled: Matcher, lines: list[str], notice: str) -> None:
    talk = Conversation(bundled)
    turns = [talk.say(line) for line in lines]
    assert turns[-1] == Turn(None, notice=notice.format(n=len(talk.choices)))


@pytest.mark.parametrize(("lines", "list_from", "number"), [
    # the lines, the line whose list is still on the screen, and the number typed last: it picks from that list
    (["多少钱", "明天会下雨吗", "2"], "多少钱", 2),                 # the fallback shows no list of its own
    (["多少钱", "谢谢", "1"], "多少钱", 1),                         # nor does small talk
    (["多少钱", "明天会下雨吗", "好的", "3"], "多少钱", 3),
    (["微粒贷客服电话是多少", "今天天气怎么样", "2"], "微粒贷客服电话是多少", 2),  # the related questions stay too
    (["多少钱", "微粒贷客服电话是多少", "1"], "微粒贷客服电话是多少", 1),  # an answer brings its own list
])
def test_a_number_picks_from_the_list_still_on_the_screen(bundled: Matcher, lines: list[str], list_from: str,
                                                          number: int) -> None:
    shown = bundled.reply(list_from)
    listed = [match.entry for match in shown.suggestions] if shown.status == "clarify" else list(shown.follow_ups)
    talk = Conversation(bundled)
    turns = [talk.say(line) for line in lines]
    assert turns[-1].picked == listed[number - 1]
    assert turns[-1].reply == bundled.answer_entry(listed[number - 1].id)
    assert talk.picked_from is not None and talk.picked_from.query == list_from  # what /why then explains


SHOP = [{"question": "几点开门？", "answer": "九点。"}, {"question": "可以刷卡吗？", "answer": "可以。"},
        {"question": "有停车位吗？", "answer": "有。"}]


@pytest.mark.parametrize(("lines", "picked"), [
    # a bare list, whose answers have no related questions, with its questions listed (as /topics lists them):
    # the lines typed after, and the question the last one picks (None: it picks nothing)
    (["2", "3"], "有停车位吗？"),               # a picked answer shows no list: the one above still picks
    (["3", "1"], "几点开门？"),
    (["可以刷卡吗", "3"], "有停车位吗？"),     # nor does an asked question's answer
    (["2", "9"], None),                        # out of that list's range
])
def test_an_answer_without_related_questions_leaves_the_list_above_to_pick_from(lines: list[str],
                                                                                 picked: str | None) -> None:
    shop = Matcher(knowledge_from_data(SHOP, name="shop"))
    talk = Conversation(shop)
    talk.set_choices(shop.knowledge.questions)
    turn = [talk.say(line) for line in lines][-1]
    assert (turn.picked.question if turn.picked is not None else None) == picked
    assert turn.notice == (None if picked else "请输入 1 到 3 之间的编号。")


def test_a_list_no_question_showed_is_picked_from_no_question(bundled: Matcher) -> None:
    talk = Conversation(bundled)
    talk.say("多少钱")
    talk.set_choices(bundled.knowledge.questions[:3])  # a front end's list, such as /topics
    assert talk.say("2").picked is not None and talk.picked_from is None
    assert talk.say("1").picked is not None and talk.picked_from is None  # the picked answer's related questions
    talk.say("微粒贷客服电话是多少")
    assert talk.picked_from is None  # a question asked: nothing picked since


@pytest.mark.parametrize(("text", "number"), [
    ("1", 1), ("12", 12), ("123", 123), ("1234", None), ("１", 1), ("1a", None), ("", None),
    ("2.", 2), ("2。", 2), ("2、", 2), (" 2 ", 2), ("第二个", 2), ("第2个", 2), ("第二", 2), ("二", 2),
    ("两", 2), ("第三条", 3), ("十", 10), ("十二", 12), ("二十三", 23), ("#3", 3),
    ("逾期2天", None), ("第二个问题怎么办", None), ("二手", None), ("一百", None), ("2.5", None),
    # a choice said, not only its number written
    ("第三个吧", 3), ("2吧", 2), ("我选第二个", 2), ("选2", 2), ("要第一个", 1), ("就第二个吧。", 2), ("看第3条", 3),
    ("第二个问题", 2), ("第二个啊！", 2),
    ("(2)", 2), ("（2）", 2), ("【2】", 2), ("[3]", 3), ("(二)", 2),   # as a list's numbers are often written
    ("一个问题", None), ("我有一个问题", None), ("选哪个", None), ("要多久", None), ("第二个问题吧怎么办", None),
])
def test_what_counts_as_a_pick(text: str, number: int | None) -> None:
    assert parse_pick(text) == number
    assert is_pick(text) is (number is not None)


INTEREST_LIST = ["分期还款能省多少利息？有例子吗？", "延期还款会让利率变高吗？", "逾期后会产生罚息和违约金吗？",
              "逾期的欠款要尽快全部还清吗？"]


@pytest.mark.parametrize(("line", "picked"), [
    # (a reply to the list 利息 shows, INTEREST_LIST: the question picked, or None when the line is asked)
    ("罚息那个", "逾期后会产生罚息和违约金吗？"),
    ("说利率的那个", "延期还款会让利率变高吗？"),
    ("那个延期的", "延期还款会让利率变高吗？"),
    ("这个罚息的吧", "逾期后会产生罚息和违约金吗？"),
    ("那个", None),                        # no words
    ("那个利息呢", None),                  # a follow-up's question, not an item's name
    ("罚息怎么算的那个", None),            # a question
])
def test_an_item_of_the_list_named_by_its_words_is_picked(bundled: Matcher, line: str, picked: str | None) -> None:
    talk = Conversation(bundled)
    talk.say("利息")
    assert [entry.question for entry in talk.choices] == INTEREST_LIST
    turn = talk.say(line)
    if picked is None:
        assert turn.picked is None and turn.reply is not None and turn.reply.query == line   # asked as a question
    else:
        assert turn.picked is not None and turn.picked.question == picked
        assert turn.reply is not None and turn.reply.entry is turn.picked


@pytest.mark.parametrize(("line", "notice"), [
    # (a reply to the list 利息 shows, INTEREST_LIST, naming words several items hold → what it is told)
    ("还款那个", "列表里第 1、2 个问题都提到“还款”，请输入编号选择。"),
    ("逾期的那个", "列表里第 3、4 个问题都提到“逾期”，请输入编号选择。"),
])
def test_words_naming_several_items_of_the_list_ask_for_the_number(bundled: Matcher, line: str, notice: str) -> None:
    talk = Conversation(bundled)
    talk.say("利息")
    assert talk.say(line) == Turn(None, notice=notice)     # nothing asked, nothing logged
    assert [entry.question for entry in talk.choices] == INTEREST_LIST  # the list still picks


@pytest.mark.parametrize(("line", "last"), [
    ("最后一个", True), ("最后那条", True), ("选最后一个吧", True), ("最后一个问题", True), ("The last one", True),
    ("最后的那个", True), ("最后一次逾期是哪天", False), ("最后还款日", False), ("last", True), ("最后一天", False),
])
def test_the_last_item_said_as_people_say_it_picks_the_last(bundled: Matcher, line: str, last: bool) -> None:
    assert picks_last(line) is last and is_pick(line) is last
    talk = Conversation(bundled)
    talk.say("利息")
    turn = talk.say(line)
    if last:
        assert turn.picked is not None and turn.picked.question == INTEREST_LIST[-1]
    else:
        assert turn.picked is None and turn.reply is not None


@pytest.mark.parametrize(("line", "several"), [
    # (a reply to the list 利息 shows: True when it picks several items at once, told to pick one at a time)
    ("1和2", True), ("第一个和第二个", True), ("1 2", True), ("1、3", True), ("2,3", True), ("第1个跟第3个", True),
    ("1和2都要", True), ("2 3 4", True),
    ("12", False), ("1和2天", False), ("逾期1和2天会怎样", False), ("2", False),
])
def test_several_items_picked_at_once_are_told_to_pick_one_at_a_time(bundled: Matcher, line: str,
                                                                     several: bool) -> None:
    talk = Conversation(bundled)
    talk.say("利息")
    turn = talk.say(line)
    assert (turn == Turn(None, notice="一次选一个：请输入一个编号，看完再输入下一个。")) is several
    if several:  # nothing asked: the list on the screen still picks
        picked = talk.say("2").picked
        assert picked is not None and picked.question == INTEREST_LIST[1]


def test_several_numbers_with_no_list_on_the_screen_are_asked(bundled: Matcher) -> None:
    turn = Conversation(bundled).say("1和2")
    assert turn.notice is None and turn.reply is not None and turn.reply.query == "1和2"


def test_the_last_item_with_no_list_on_the_screen_says_there_is_none(bundled: Matcher) -> None:
    assert Conversation(bundled).say("最后一个") == Turn(
        None, notice="现在没有可以选择的编号列表。想问“最后一个”的话，请多写几个字。")


@pytest.mark.parametrize(("before", "line", "asked"), [
    # (the lines before, a line naming a thing the way an item of a list is named, and the question then asked)
    ([], "罚息那个", "罚息"),                          # no list on screen: asked as the thing it names
    ([], "说利率的那个", "利率"),
    ([], "那个延期协议的", "延期协议"),
    (["利息"], "征信那个", "征信"),                    # a list on screen, no item holding the words
    ([], "那个利息呢", "那个利息呢"),                  # a follow-up, not a thing named
    ([], "罚息怎么算的那个", "罚息怎么算的那个"),      # a question
])
def test_a_thing_named_as_from_a_list_with_no_item_to_pick_is_asked_as_its_words(
        bundled: Matcher, before: list[str], line: str, asked: str) -> None:
    talk = Conversation(bundled)
    for earlier in before:
        talk.say(earlier)
    turn = talk.say(line)
    assert turn.picked is None and turn.reply is not None and turn.reply.query == asked
    if asked != line:
        assert turn.reply.status == bundled.reply(asked).status


@pytest.mark.parametrize(("line", "ends"), [
    ("exit", True), ("quit", True), ("退出", True), (":q", True), ("EXIT", True), (" quit。", True),
    ("exit()", True), ("怎么退出", False), ("退出微粒贷", False), ("quit smoking", False), ("q", False),
])
def test_exit_words_end_the_conversation_and_are_never_asked(bundled: Matcher, line: str, ends: bool) -> None:
    missed: list[Reply] = []
    talk = Conversation(bundled, on_miss=missed.append)
    turn = talk.say(line)
    assert is_exit(line) is ends
    assert turn.end is ends
    assert (turn.reply is None) is ends and (missed == [] if ends else True)


def test_a_follow_up_says_which_question_it_was_read_with_and_reset_drops_it(bundled: Matcher) -> None:
    talk = Conversation(bundled)
    first = talk.say("微粒贷逾期了该怎么办")
    assert first.read_with is None and first.reply is not None
    follow = talk.say("那延期呢？")
    assert follow.read_with is not None and follow.read_with.id == first.reply.match.id  # type: ignore[union-attr]
    talk.say("微粒贷逾期了该怎么办")
    talk.reset()
    assert talk.previous is None and talk.choices == ()
    assert talk.say("那延期呢？").read_with is None


CONVERSATIONS = [
    # lines, and for each the entry answered (None: not answered) and the question it was read with (None: alone)
    (["分期还款最多能分多少期", "那延期呢", "那利息呢"],
     [("instalment-periods", None), ("extension-max", "instalment-periods"),
      ("extension-interest-rate", "extension-max")]),
    (["逾期会上征信吗", "你好", "那额度呢"],
     [("overdue-credit-reporting", None), ("greeting", None), ("credit-limit-reduced", "overdue-credit-reporting")]),
    (["微粒贷逾期了会有什么影响", "会被起诉吗", "那罚息呢"],
     # (会被起诉吗: the extension's entry offered, after it as alone (延期会被起诉吗 without 延期: topic.untopical),
     # so the list is the question's own and the context starts again; 那罚息呢 is then asked of its thing alone)
     [("overdue-consequences", None), (None, None), ("penalty-interest", None)]),
    (["逾期了怎么办", "额度", "要多久"],
     # (额度 gets a list alone too: the subject changed, and 要多久 is asked on its own, as alone: a list)
     [("overdue-what-to-do", None), (None, "overdue-what-to-do"), (None, None)]),
    (["微粒贷登录密码忘了怎么办", "今晚吃啥好", "那怎么登录"],
     [("forgot-password", None), (None, None), ("login-app", None)]),
]


@pytest.mark.parametrize(("lines", "expected"), CONVERSATIONS)
def test_follow_ups_in_a_conversation(bundled: Matcher, lines: list[str],
                                      expected: list[tuple[str | None, str | None]]) -> None:
    talk = Conversation(bundled)
    got = []
    for line in lines:
        turn = talk.say(line)
        assert turn.reply is not None
        answered = turn.reply.entry.id if turn.reply.status == "answer" and turn.reply.entry else None
        got.append((answered, turn.read_with.id if turn.read_with else None))
    assert got == expected


def test_the_conversation_speaks_the_language_of_its_knowledge_base(english: Matcher) -> None:
    talk = Conversation(english)
    assert talk.say("9").notice == messages_for("en").no_list.format(said="9")
    assert talk.say("第二个").notice == messages_for("en").no_list.format(said="第二个")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=MAX_TURN_CHARS * 3))
def test_every_question_is_cut_to_the_turn_limit(text: str) -> None:
    assert cut_query(text) == text[:MAX_TURN_CHARS]


def test_the_miss_hook_gets_every_asked_reply_that_is_not_an_answer(bundled: Matcher) -> None:
    missed: list[Reply] = []
    talk = Conversation(bundled, on_miss=missed.append)
    lines = ["微粒贷客服电话是多少", "明天会下雨吗", "多少钱", "1", "你好", ""]
    turns = [talk.say(line) for line in lines]
    assert missed == [turn.reply for turn in turns[:3] if turn.reply is not None and turn.reply.status != "answer"]
    assert [reply.query for reply in missed] == ["明天会下雨吗", "多少钱"]


@pytest.mark.parametrize(("lines", "declined"), [
    (["额度", "都不是"], True),                 # a "did you mean" list turned down
    (["额度", "以上都不对。"], True),
    (["额度", "都没有我想问的"], True),
    (["额度", "一个都不是"], True),
    (["额度", "明天会下雨吗", "都不是"], True),  # the fallback between: the list is still on the screen
    (["额度", "没有逾期怎么办"], False),        # a question that starts like a refusal is asked
    (["额度", "都不是很清楚逾期会怎样"], False),
    (["都不是"], False),                       # no list on the screen: asked, as any line
    (["微粒贷客服电话是多少", "都不是"], True),   # an answer's related questions are a list on the screen too
])
def test_turning_the_suggestions_down_is_told_what_else_to_do_and_is_no_miss(bundled: Matcher, lines: list[str],
                                                                             declined: bool) -> None:
    missed: list[Reply] = []
    talk = Conversation(bundled, on_miss=missed.append)
    for line in lines[:-1]:
        talk.say(line)
    before, choices = len(missed), talk.choices
    turn = talk.say(lines[-1])
    assert turn.declined is declined
    if declined:
        notice = messages_for("zh").none_meant.format(fallback=bundled.knowledge.fallback)
        assert (turn.reply, turn.notice, len(missed), talk.choices) == (None, notice, before, choices)
    else:
        assert turn.reply is not None and turn.reply.query == lines[-1]


@pytest.mark.parametrize(("lines", "offered", "notice"), [
    # after an answer with related questions: they are offered again, the list a number picks from
    (["微粒贷逾期了该怎么办", "还有呢"], "overdue-what-to-do", "more_offer"),
    (["微粒贷逾期了该怎么办", "还有别的吗？"], "overdue-what-to-do", "more_offer"),
    (["微粒贷逾期了该怎么办", "然后呢"], "overdue-what-to-do", "more_offer"),
    (["微粒贷逾期了该怎么办", "那还有呢"], "overdue-what-to-do", "more_offer"),
    (["微粒贷逾期了该怎么办", "還有嗎"], "overdue-what-to-do", "more_offer"),
    (["微粒贷逾期了该怎么办", "haiyou ne"], "overdue-what-to-do", "more_offer"),   # pinyin, read as the matcher does
    (["微粒贷逾期了该怎么办", "Q：还有呢"], "overdue-what-to-do", "more_offer"),    # a label before it
    (["微粒贷客服电话是多少", "2", "还有呢"], "hotline-services", "more_offer"),  # a picked answer's too
    (["微粒贷客服电话是多少", "额度", "还有呢"], None, "no_more"),  # a "did you mean" list since: nothing more
    (["微粒贷客服电话是多少", "你好", "还有呢"], None, "no_more"),   # small talk answered last
    (["还有呢"], None, "ask_directly"),            # nothing answered yet
    (["额度", "还有呢"], None, "ask_directly"),
])
def test_asking_for_more_offers_the_related_questions_again_and_is_no_miss(
        bundled: Matcher, lines: list[str], offered: str | None, notice: str) -> None:
    missed: list[Reply] = []
    talk = Conversation(bundled, on_miss=missed.append)
    for line in lines[:-1]:
        talk.say(line)
    before, choices, previous, asked = len(missed), talk.choices, talk.previous, talk.last_asked
    turn = talk.say(lines[-1])
    says = messages_for("zh")
    assert turn.more and turn.reply is None
    assert (len(missed), talk.choices, talk.previous, talk.last_asked) == (before, choices, previous, asked)
    if offered is None:
        assert (turn.offered, turn.notice) == ((), getattr(says, notice))
    else:
        entry = bundled.entry(offered)
        assert turn.offered == bundled.answer_entry(offered).follow_ups == talk.choices
        assert turn.notice == says.more_offer.format(question=entry.question)
        assert talk.say("1").picked == turn.offered[0]


@pytest.mark.parametrize("line", ["还有罚息吗", "还有救吗", "其他银行能贷吗", "然后怎么办", "还有多少没还"])
def test_a_question_opening_like_asking_for_more_is_asked(bundled: Matcher, line: str) -> None:
    talk = Conversation(bundled)
    talk.say("微粒贷逾期了该怎么办")
    turn = talk.say(line)
    assert not turn.more and turn.reply is not None and turn.reply.query == line


def test_a_new_matcher_keeps_what_it_still_has(kb_path: Path, tmp_path: Path) -> None:
    small = Matcher(load_knowledge(kb_path))
    talk = Conversation(small)
    talk.say("客服电话是多少")
    assert talk.previous == "hotline" and [entry.id for entry in talk.choices] == ["hotline-hours"]
    smaller = tmp_path / "smaller.yaml"
    smaller.write_text(kb_path.read_text(encoding="utf-8").replace("    follow_ups: [hotline-hours]\n", "")
                       .replace("  - id: hotline\n", "  - id: phone\n"), encoding="utf-8")
    talk.use(Matcher(load_knowledge(smaller)))
    assert talk.previous is None  # its entry is gone
    assert [entry.id for entry in talk.choices] == ["hotline-hours"]


@pytest.mark.parametrize("module", ["assistant.conversation", "assistant.safety", "assistant.paths",
                                    "assistant.lines", "assistant.misses"])
def test_the_examples_in_the_docstrings_are_true(module: str) -> None:
    results = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS, report=True)
    assert results.attempted > 0 and results.failed == 0



@pytest.mark.parametrize("opening", ["发现还不上钱的时候应该什么时候联系客服？", "怎么申请延期还款？", "微粒贷是什么？",
                                     "逾期记录会上报到人民银行征信系统吗？"])
def test_whenever_the_previous_question_changes_the_reply_the_turn_says_so(bundled: Matcher, opening: str) -> None:
    for follow_up in [*FOLLOW_UPS, "微粒贷", "客服", "征信", "那利息呢"]:
        talk = Conversation(bundled)
        first = talk.say(opening).reply
        turn = talk.say(follow_up)
        alone = bundled.reply(follow_up)
        assert first is not None and first.entry is not None and turn.reply is not None
        changed = (turn.reply.status, turn.reply.entry and turn.reply.entry.id) != (
            alone.status, alone.entry and alone.entry.id)
        if changed and turn.reply.status != "none":
            assert turn.read_with is not None and turn.read_with.id == first.entry.id, follow_up


def test_a_reply_changed_only_by_leaving_out_the_entry_just_answered_is_marked(bundled: Matcher) -> None:
    # 微粒贷 alone asks which was meant; after 联系客服 the hotline (one of its follow-ups) is answered outright
    talk = Conversation(bundled)
    talk.say("发现还不上钱的时候应该什么时候联系客服？")
    turn = talk.say("微粒贷")
    assert bundled.reply("微粒贷").status == "clarify"
    assert turn.reply is not None and turn.reply.status == "answer" and turn.reply.entry is not None
    assert turn.reply.match is not None and not turn.reply.match.parts.context
    assert turn.read_with is not None and turn.read_with.id == "communicate-early"


@pytest.mark.parametrize(("question", "previous"), [
    ("那罚息呢", "extension-max"),          # a short follow-up: read alone and after the previous question
    ("好的", "hotline-number"),              # small talk after an answer: its reply alone
    ("微粒贷逾期了会有什么后果呢我想知道", "hotline-number"),  # too long to be a follow-up
    ("要多久", None),                         # nothing before it: the two are one reply
])
def test_replies_gives_the_reply_after_the_previous_question_and_the_reply_alone(
        bundled: Matcher, question: str, previous: str | None) -> None:
    after, alone = bundled.replies(question, previous)
    assert after == bundled.reply(question, previous) and alone == bundled.reply(question)


@pytest.mark.parametrize(("question", "previous", "after_answer", "after_fallback"), [
    ("今天呢", "overdue-consequences", "answer", "none"),   # its thing alone reaches nothing: nor does the question
    ("那今天呢", "hotline-number", "answer", "none"),
    ("那罚息呢", "overdue-consequences", "answer", "answer"),  # 罚息 alone reaches entries: read after the answer
])
def test_right_after_the_fallback_a_follow_up_s_shape_reaching_nothing_alone_gets_the_reply_alone(
        bundled: Matcher, question: str, previous: str, after_answer: str, after_fallback: str) -> None:
    assert bundled.replies(question, previous)[0].status == after_answer
    after, alone = bundled.replies(question, previous, after_fallback=True)
    assert after.status == after_fallback and alone == bundled.reply(question)


def test_replies_refuses_a_previous_entry_the_base_does_not_have(bundled: Matcher) -> None:
    with pytest.raises(UnknownEntryError):
        bundled.replies("那延期呢", "no-such-entry")


@pytest.mark.parametrize("text", [None, b"\xe5\xae\xa2\xe6\x9c\x8d", 2])
def test_a_line_that_is_not_a_str_is_a_type_error_naming_its_type(bundled: Matcher, text: object) -> None:
    # (a message with no text, an image's None, said as Matcher.reply says it; not an AttributeError of strip)
    with pytest.raises(TypeError, match=f"text must be a str, not {type(text).__name__}"):
        Conversation(bundled).say(text)  # type: ignore[arg-type]
