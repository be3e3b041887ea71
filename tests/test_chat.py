"""The terminal chat, driven by keystrokes through a pipe (``create_pipe_input``) into ``DummyOutput``.

What the session printed is read back from a recording printer, and what it decided from its state
(``last_asked``, ``choices``, ``previous``…). The fixtures are conftest.py's: most tests chat with ``small``, a
matcher on the four-question ``SMALL_KB`` (written to ``kb_path``), and ``bundled`` where the bundled knowledge
base is the point; ``state`` is the chat's folder for history and the misses log, in a temporary HOME.
"""

from __future__ import annotations

import doctest
import importlib
import json
import re
from pathlib import Path

import pytest
from chat_helpers import (
    CTRL_C,
    CTRL_D,
    UP,
    RecordingPrinter,
    chat,
    screen,
    string_output,
)
from conftest import with_extra_entry
from hypothesis import given, settings
from hypothesis import strategies as st
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import to_plain_text
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assistant import Citation, Entry, Knowledge, Matcher, Reply, Source, knowledge_from_data, load_knowledge
from assistant.chat import ChatSession, commands, render, run_chat
from assistant.chat.completer import ChatCompleter
from assistant.chat.history import SharedFileHistory
from assistant.chat.render import inert
from assistant.chat.wrap import MAX_WIDTH, MIN_WIDTH, width_of, wrap

# -- welcome, answers, choosing from lists ---------------------------------------------------------------


def test_the_welcome_names_the_knowledge_base_its_size_an_example_and_help(small: Matcher) -> None:
    result = chat(small)
    welcome = result.printer.printed[0]
    assert "测试还款问答" in welcome
    assert "4 个问题" in welcome
    assert "客服电话是多少？" in welcome
    assert "/help" in welcome


def test_a_question_gets_its_answer_with_the_source_and_related_questions(bundled: Matcher) -> None:
    result = chat(bundled, "微粒贷客服电话是多少")
    asked = result.session.last_asked
    assert asked is not None and asked.status == "answer"
    assert asked.entry is not None and asked.entry.id == "hotline-number"
    assert "400-999-8866" in result.text
    assert "来源：" in result.text
    if asked.follow_ups:
        assert "相关问题" in result.text
        assert result.session.choices == asked.follow_ups


def test_the_source_line_names_the_document_title_and_section(small: Matcher) -> None:
    result = chat(small, "客服电话是多少")
    assert "来源：还款指南 · 联系我们 > 电话" in result.text


def test_a_number_picks_a_related_question_and_shows_its_answer(small: Matcher) -> None:
    result = chat(small, "客服电话是多少", "1")
    assert "相关问题：" in result.text
    assert "1. 客服几点上班？" in result.text
    assert "客服全天二十四小时在线。" in result.text
    assert result.session.last_answer is not None
    assert result.session.last_answer.entry is not None
    assert result.session.last_answer.entry.id == "hotline-hours"


def test_an_unsure_question_lists_suggestions_and_a_number_picks_one(small: Matcher) -> None:
    # 怎么申请还款 is as close to 分期 as to 延期: the matcher asks which one.
    result = chat(small, "怎么申请还款", "2")
    asked = result.session.last_asked
    assert asked is not None and asked.status == "clarify"
    assert "您是不是想问" in result.text
    for number, match in enumerate(asked.suggestions, 1):
        assert f"{number}. {match.question}" in result.text
    picked = asked.suggestions[1].entry
    assert result.shows(picked.answer)
    assert result.session.last_picked == picked
    assert result.session.previous == picked.id


def test_a_number_after_the_fallback_picks_from_the_list_still_on_the_screen(bundled: Matcher, state: Path) -> None:
    result = chat(bundled, "多少钱", "明天会下雨吗", "2", "/why")
    listed = bundled.reply("多少钱").suggestions
    assert "您是不是想问" in result.text and "400-999-8866" in result.text  # the list, then the fallback
    assert "现在没有可以选择的编号列表" not in result.text
    assert f"» {listed[1].question}" in result.text and result.shows(listed[1].entry.answer)
    assert result.session.last_picked == listed[1].entry
    # /why tells of the pick with the question whose list it came from, not of the fallback in between
    why = result.text.split("你问的是", 1)[1]
    assert why.startswith("：多少钱") and "明天会下雨吗" not in why
    assert f"之后你从列表里选了：{listed[1].question}" in why


@pytest.mark.parametrize(("lines", "explained"), [
    (["多少钱", "2", "/why"], "多少钱"),                       # picked from the list of the question just asked
    (["多少钱", "你好", "2", "/why"], "多少钱"),               # small talk in between shows no list of its own
    (["多少钱", "明天会下雨吗", "/why"], "明天会下雨吗"),        # no pick: the last question asked
    (["多少钱", "/topics", "3", "/why"], "多少钱"),            # /topics is no question's list: the last one asked
])
def test_why_explains_the_question_whose_list_a_number_picked_from(bundled: Matcher, state: Path,
                                                                    lines: list[str], explained: str) -> None:
    why = chat(bundled, *lines).text.rsplit("你问的是：", 1)[1]
    assert why.startswith(explained + "\n")




# /why QUESTION (as `assistant why QUESTION`): that question, read as if asked next, is explained; nothing is asked
# (the conversation, its list and the misses log stay as they were)
@pytest.mark.parametrize(("lines", "explained", "entry", "read_with"), [
    (["/why 客服电话"], "客服电话", "hotline-number", "否"),                         # before any question
    (["微粒贷逾期了该怎么办", "/why 那延期呢"], "那延期呢", "extension-how", "是"),   # read with the answer before
    (["微粒贷逾期了该怎么办", "/why  客服电话 "], "客服电话", "hotline-number", "否"),
])
def test_why_with_a_question_explains_that_question_without_asking_it(
        bundled: Matcher, state: Path, lines: list[str], explained: str, entry: str, read_with: str) -> None:
    result = chat(bundled, *lines, "2")
    why = result.text.rsplit("你问的是：", 1)[1]
    assert why.startswith(explained + "\n") and f"[{entry}]" in why and f"结合上一问：{read_with}" in why
    asked_before = [line for line in lines if not line.startswith("/")]
    assert result.session.last_asked == (bundled.reply(asked_before[-1]) if asked_before else None)
    if asked_before:  # 2 still picks from the answer's related questions shown before /why
        assert result.session.last_picked == bundled.reply(asked_before[-1]).follow_ups[1]
    assert not (state / "misses.jsonl").exists()


def test_a_number_after_why_with_a_question_listing_candidates_picks_from_them(bundled: Matcher,
                                                                               state: Path) -> None:
    # the candidates /why numbered are the last list on the screen, as /topics's are: 2 is the second of them
    listed = bundled.reply("那利息呢", previous="overdue-what-to-do").suggestions
    assert len(listed) > 1
    result = chat(bundled, "微粒贷逾期了该怎么办", "/why 那利息呢", "2")
    assert result.session.last_picked == listed[1].entry and f"» {listed[1].entry.question}" in result.text
    assert result.session.last_asked == bundled.reply("微粒贷逾期了该怎么办")  # nothing was asked by /why


def test_why_with_a_question_the_base_cannot_answer_logs_no_miss(bundled: Matcher, state: Path) -> None:
    result = chat(bundled, "/why 明天会下雨吗")
    assert "你问的是：明天会下雨吗\n" in result.text and result.session.last_asked is None
    assert not (state / "misses.jsonl").exists()
    assert chat(bundled, "明天会下雨吗").status == 0 and (state / "misses.jsonl").exists()  # as asked, it is


# (what is typed, the last line of /why: whether the pick followed from the question it explains)
PICKED_LINE = [
    (["多少钱", "2", "/why"], "之后你从列表里选了：{second}"),
    (["多少钱", "/topics", "3", "/why"], "之后你从别的列表（/topics 或相关问题）里选了：{third_topic}"),
    (["多少钱", "2", "1", "/why"], "之后你从别的列表（/topics 或相关问题）里选了：{related}"),
]


@pytest.mark.parametrize(("lines", "last"), PICKED_LINE)
def test_why_says_whether_the_entry_picked_came_from_the_explained_question_s_list(
        bundled: Matcher, state: Path, lines: list[str], last: str) -> None:
    listed = bundled.reply("多少钱").suggestions
    second = bundled.answer_entry(listed[1].entry.id)
    expected = last.format(second=listed[1].entry.question, related=second.follow_ups[0].question,
                           third_topic=bundled.knowledge.questions[2].question)
    why = chat(bundled, *lines).text.rsplit("你问的是：", 1)[1]
    assert why.startswith("多少钱\n")
    assert expected in why.replace("\n", "")  # (as laid out at the terminal's width)


def test_a_number_without_a_list_or_out_of_range_gets_a_hint(small: Matcher, state: Path) -> None:
    result = chat(small, "3", "客服电话是多少", "9")
    assert "现在没有可以选择的编号列表" in result.text
    assert "列表里只有一个问题，请输入 1" in result.text
    assert "1 到 1" not in result.text
    assert not (state / "misses.jsonl").exists()


def test_turning_the_suggestions_down_offers_the_hotline_and_the_topics_and_logs_no_new_miss(
        bundled: Matcher, state: Path) -> None:
    result = chat(bundled, "多少钱", "都不是")
    after = result.text.split("都不是", 1)[-1] if "都不是" in result.text else result.text
    assert "上面列的都不是你想问的" in result.text and "400-999-8866" in after and "/topics" in after
    logged = (state / "misses.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(logged) == 1 and "多少钱" in logged[0]  # the question with the list, not the line turning it down


def test_asking_for_more_shows_the_related_questions_again_and_a_number_picks_one(bundled: Matcher,
                                                                                  state: Path) -> None:
    result = chat(bundled, "微粒贷逾期了该怎么办", "还有呢", "2")
    after = result.text.split("还有呢", 1)[-1]
    related = bundled.answer_entry("overdue-what-to-do").follow_ups
    assert "关于「微粒贷逾期了该怎么办？」，还可以问：" in after and f"» {related[1].question}" in after
    assert "还有机会" not in after
    assert not (state / "misses.jsonl").exists()


def test_why_says_what_the_last_question_gets_alone_when_the_previous_one_changed_it() -> None:
    shop = Matcher(knowledge_from_data([{"question": "你们几点开门？", "answer": "每天早上九点开门。"},
                                        {"question": "可以微信支付吗？", "answer": "可以，微信、支付宝都行。"},
                                        {"question": "能退货吗？", "answer": "七天内可以退货。"},
                                        {"question": "包邮吗？", "answer": "满一百包邮。"},
                                        {"question": "有会员卡吗？", "answer": "有，消费满两百就可以办。"}],
                                       name="shop"))
    alone = shop.reply("能用支付宝吗")
    assert alone.status == "answer" and shop.reply("能用支付宝吗", previous=alone.id).status != "answer"
    why = chat(shop, "可以微信支付吗", "能用支付宝吗", "/why").text.rsplit("你问的是：", 1)[1].replace("\n", "")
    assert "单独问（不结合上一个问题「可以微信支付吗？」）的话：会回答「可以微信支付吗？」" in why


def test_an_unknown_question_gets_the_fallback_plainly(bundled: Matcher) -> None:
    result = chat(bundled, "今天天气怎么样")
    asked = result.session.last_asked
    assert asked is not None and asked.status != "answer"
    if asked.status == "none":
        assert bundled.knowledge.fallback.strip().splitlines()[0][:10] in result.text
        assert "400-999-8866" in result.text
    else:
        assert "您是不是想问" in result.text


def test_the_fallback_is_shown_when_nothing_matches(small: Matcher) -> None:
    result = chat(small, "今天天气怎么样")
    assert "抱歉，这个问题我还答不上来" in result.text
    assert result.session.choices == ()


# -- follow-ups in context -------------------------------------------------------------------------------


def test_a_short_follow_up_is_understood_with_the_previous_answer(small: Matcher) -> None:
    result = chat(small, "怎么申请分期还款", "那延期呢")
    asked = result.session.last_asked
    assert asked is not None and asked.status == "answer"
    assert asked.entry is not None and asked.entry.id == "extension-how"
    assert "签订延期协议" in result.text


def test_the_previous_answered_entry_is_passed_to_the_matcher(small: Matcher,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str | None, Reply]] = []
    replies = small.replies

    def spy(query: str, previous: str | None, *, after_fallback: bool = False) -> tuple[Reply, Reply]:
        after, alone = replies(query, previous, after_fallback=after_fallback)
        calls.append((previous, after))
        return after, alone

    monkeypatch.setattr(small, "replies", spy)
    result = chat(small, "怎么申请分期还款", "那延期呢", "你好", "明天下雨吗", "那分期呢")
    contexts = [previous for previous, _ in calls if previous is not None]
    assert contexts[0] == "instalment-how"
    # only a real answer sets the context: small talk and unanswered questions leave it where it was
    expected = None
    for previous, answered in calls:
        assert previous in (None, expected)
        if previous == expected and answered.status == "answer" and answered.entry is not None \
                and not answered.entry.smalltalk:
            expected = answered.entry.id
    assert result.session.previous == expected
    greeting = [answered for _, answered in calls if answered.query == "你好"]
    assert {(answered.status, answered.entry.id if answered.entry else None) for answered in greeting} \
        == {("answer", "greeting")}  # small talk stands on its own, with the context too: not read as a follow-up
    assert all(answered.status == "none" for _, answered in calls if answered.query == "明天下雨吗")


# -- commands --------------------------------------------------------------------------------------------


def test_help_lists_every_command_and_the_keys(small: Matcher) -> None:
    result = chat(small, "/help")
    for command in commands.all_commands():
        assert command.name in result.text
        assert command.summary in result.text
    assert "Ctrl-D" in result.text and "Ctrl-C" in result.text


@pytest.mark.parametrize("base", ["gym", "hotel", "clinic", "shop"])
def test_help_gives_examples_that_fit_any_knowledge_base(base: str) -> None:
    # The chat speaks for whatever base it is given: its help names none of the bundled base's business.
    matcher = Matcher(load_knowledge(Path(__file__).parent / "eval" / "small-bases" / f"{base}.yaml"))
    text = chat(matcher, "/help").text
    for word in ("微粒贷", "逾期", "延期", "分期", "还款"):
        assert word not in text


def test_topics_groups_the_questions_and_leaves_small_talk_out(small: Matcher) -> None:
    result = chat(small, "/topics", "4")
    assert "客服（2）" in result.text
    assert "还款方式（2）" in result.text
    assert "你好" not in result.text
    # after picking 4, whose answer has no related questions: the /topics list still picks
    listed = result.session.choices
    assert "联系客服说明原因" in result.text  # the 4th question listed is 怎么申请延期还款？
    assert len(listed) == 4 and listed[3].question == "怎么申请延期还款？"


@pytest.mark.parametrize(("typed", "listed"), [
    ("/topics 延期", ["怎么申请延期还款？"]),            # the word in the question
    ("/topics 延 期", ["怎么申请延期还款？"]),           # (spaces in it dropped)
    ("/topics 延長", []),                               # none
    ("/topics 客服", ["客服电话是多少？", "客服几点上班？"]),  # the topic's name
])
def test_topics_with_a_word_lists_only_the_questions_holding_it(small: Matcher, typed: str,
                                                                  listed: list[str]) -> None:
    result = chat(small, "/topics", typed)
    assert [entry.question for entry in result.session.choices] == (
        listed or [entry.question for entry in small.knowledge.questions])   # none: the list before still picks
    if listed:
        assert f"含“{typed.split(' ', 1)[1]}”的问题（{len(listed)}）" in result.text
    else:
        assert "没有含“延長”的主题或问题" in result.text


@pytest.mark.parametrize(("typed", "said"), [
    ("/source 延期", "/source 不带参数：后面的“延期”没有用上。"),
    ("/reset 全部", "/reset 不带参数：后面的“全部”没有用上。"),
    ("/help topics", "/help 不带参数：后面的“topics”没有用上。"),
    ("/reset " + "长" * 100, "/reset 不带参数：后面的“" + "长" * 39 + "…”没有用上。"),   # cut
])
def test_a_command_taking_no_argument_says_it_left_one_unused_and_still_runs(small: Matcher, typed: str,
                                                                             said: str) -> None:
    result = chat(small, "客服电话是多少", typed)
    assert said in result.text.replace("\n", "")
    assert any(word in result.text for word in ("出自", "已清除上下文", "命令："))    # and it ran


@pytest.mark.parametrize("typed", ["/why 客服电话", "/topics 客服", "/quit now"])
def test_a_command_taking_an_argument_or_quitting_says_nothing_of_it(small: Matcher, typed: str) -> None:
    assert "不带参数" not in chat(small, typed).text


def test_topics_of_a_base_without_topics_is_the_plain_numbered_list(tmp_path: Path) -> None:
    faq = tmp_path / "shop.yaml"
    faq.write_text("- question: 几点开门？\n  answer: 九点。\n- question: 能刷卡吗？\n  answer: 能。\n",
                   encoding="utf-8")
    result = chat(Matcher(load_knowledge(faq)), "/topics", "2")
    assert "1. 几点开门？" in result.text and "2. 能刷卡吗？" in result.text
    assert "其他" not in result.text
    assert "能。" in result.text                     # 2 picks from the list


def test_source_shows_the_full_citation_of_the_last_answer(small: Matcher) -> None:
    result = chat(small, "怎么申请延期还款", "/source")
    citation = next(text for text in result.printer.printed if "的回答出自" in text)
    for detail in ("还款指南", "测试银行", "2024-05-06", "https://example.org/guide", "延期 > 申请",
                   "延期说明", "延期 > 协议"):
        assert detail in citation


def test_source_before_any_answer_says_there_is_none(small: Matcher) -> None:
    assert "还没有回答过问题" in chat(small, "/source").text


def test_why_shows_the_phrasing_matched_and_the_score_with_its_parts(small: Matcher) -> None:
    result = chat(small, "怎么联系客服", "/why")
    why = next(text for text in result.printer.printed if text.startswith("你问的是"))
    asked = result.session.last_asked
    assert asked is not None and asked.match is not None
    assert "怎么联系客服" in why  # the alternate it matched
    assert "hotline" in why
    assert f"{asked.match.score:.1f}" in why
    for part in ("字符", "拼音", "关键词", "覆盖", "答案", "结合上一问"):
        assert part in why


@pytest.mark.parametrize(("lines", "marked", "read_with"), [
    # 怎么申请 alone is a list (instalments or an extension); after the instalment example, the instalment entry:
    # the previous question decided the reply though no word was read in from it.
    (["分期还款能省多少利息？有例子吗？", "怎么申请"], True, "是"),
    (["分期还款能省多少利息？有例子吗？", "微粒贷客服电话是多少"], False, "否"),
    (["微粒贷客服电话是多少"], False, "否"),
])
def test_why_says_a_question_was_read_with_the_previous_one_whenever_its_reply_was_marked(
        bundled: Matcher, lines: list[str], marked: bool, read_with: str) -> None:
    result = chat(bundled, *lines, "/why")
    shown, why = result.text.split("你问的是", 1)
    assert ("↳" in shown.split(lines[-1])[-1]) == marked
    assert f"结合上一问：{read_with}" in why


@pytest.mark.parametrize(("question", "outcome"), [
    ("信用卡逾期了会有什么后果", "更像知识库列明不在回答范围内的那些问题"),  # declared
    ("拍拍贷逾期怎么办", "提到了知识库从没提过的名称或事物"),
    ("明天会下雨吗", "得分低于 45 分，算不相关"),
])
def test_why_says_in_words_why_the_fallback_was_given(bundled: Matcher, question: str, outcome: str) -> None:
    why = chat(bundled, question, "/why").text.split("你问的是", 1)[1]
    assert outcome in why
    assert "out_of_scope" not in why and "declared" not in why


def test_why_before_any_question_says_there_is_none(small: Matcher) -> None:
    assert "还没有问过问题" in chat(small, "/why").text


def test_reload_reads_the_knowledge_base_again(small: Matcher, kb_path: Path) -> None:
    kb_path.write_text(with_extra_entry(), encoding="utf-8")
    result = chat(small, "/reload", "怎么查征信报告", kb_path=str(kb_path))
    assert "已重新读取知识库" in result.text
    assert "5 个问题" in result.text
    assert "人民银行征信中心" in result.text


def test_reload_with_a_broken_file_keeps_the_old_knowledge_base(small: Matcher, kb_path: Path) -> None:
    kb_path.write_text("entries:\n  - id: [broken\n", encoding="utf-8")
    result = chat(small, "/reload", "客服电话是多少", kb_path=str(kb_path))
    assert "重新读取知识库失败，继续使用原来的知识库" in result.text
    assert "kb.yaml" in result.text  # the problem, with its file
    assert result.session.matcher is small
    assert "400-000-1234" in result.text


def test_reload_without_a_path_reads_the_bundled_knowledge_base(small: Matcher) -> None:
    result = chat(small, "/reload")
    assert result.session.knowledge.title == load_knowledge().title
    assert "已重新读取知识库" in result.text


def test_quit_says_goodbye_and_ends_the_chat(small: Matcher) -> None:
    result = chat(small, "/quit", "客服电话是多少", end="")
    assert result.status == 0
    assert result.printer.printed[-1] == render.GOODBYE
    assert result.session.last_asked is None


@pytest.mark.parametrize("typed", ["／help", "、help", "/HELP", "/h", "/ help", "／ help"])
def test_commands_can_be_typed_with_a_chinese_slash_any_case_or_an_alias(small: Matcher, typed: str) -> None:
    assert "命令：" in chat(small, typed).text


def test_an_unknown_command_gets_a_hint_with_the_commands(small: Matcher) -> None:
    result = chat(small, "/topic")
    assert "没有 /topic 这个命令" in result.text
    assert "/topics" in result.text
    assert "/help" in result.text


@pytest.mark.parametrize(("typed", "offered"), [
    ("/hlep", "/help"), ("/sourse", "/source"), ("/topic", "/topics"), ("/wy", "/why"),
    ("/list", None), ("/history", None), ("/hist", None), ("/clear", None),   # a guess is worse than the list
])
def test_an_unknown_command_is_offered_only_a_command_it_is_a_slip_of(small: Matcher, typed: str,
                                                                      offered: str | None) -> None:
    text = chat(small, typed).text
    assert ("你是不是想输入" in text) == (offered is not None)
    if offered is not None:
        assert f"你是不是想输入 {offered}？" in text


def test_a_bare_slash_names_no_command_and_gets_the_list(small: Matcher) -> None:
    result = chat(small, "/ ")
    assert "没有 / 这个命令" in result.text and "/help" in result.text


# -- keys ------------------------------------------------------------------------------------------------


def test_ctrl_d_ends_the_chat_with_a_goodbye(small: Matcher) -> None:
    result = chat(small, end=CTRL_D)
    assert result.status == 0
    assert result.printer.printed[-1] == render.GOODBYE


def test_ctrl_d_with_text_on_the_line_does_not_end_the_chat(small: Matcher) -> None:
    result = chat(small, "客服电话是多少" + CTRL_D)
    assert "400-000-1234" in result.text


def test_ctrl_c_clears_the_line_instead_of_quitting(small: Matcher) -> None:
    result = chat(small, "乱七八糟" + CTRL_C + "客服电话是多少", CTRL_C + "客服几点上班")
    asked = result.session.last_asked
    assert asked is not None and asked.query == "客服几点上班"
    assert "400-000-1234" in result.text
    assert "乱七八糟" not in result.text


def test_the_toolbar_names_the_knowledge_base_and_the_keys(small: Matcher) -> None:
    toolbar = chat(small).session.prompt_session.bottom_toolbar
    assert callable(toolbar)
    text = to_plain_text(toolbar())
    assert "测试还款问答" in text
    assert "Ctrl-D" in text and "/help" in text


# -- history and the misses log --------------------------------------------------------------------------


def test_history_is_written_to_the_state_directory_and_survives_a_restart(small: Matcher,
                                                                         state: Path) -> None:
    chat(small, "客服电话是多少", "1", "/why")
    history = (state / "history").read_text(encoding="utf-8")
    assert "+客服电话是多少\n" in history
    assert "+/why\n" in history
    assert "+1\n" not in history  # picking by number means nothing out of context
    again = chat(small, UP + UP)  # ↑ ↑ recalls 客服电话是多少 from the file
    asked = again.session.last_asked
    assert asked is not None and asked.query == "客服电话是多少"


# (a line typed in the chat, whether the history file keeps it)
REMEMBERED = [
    ("客服电话是多少", True),
    ("/why", True),
    ("逾期2天怎么办", True),
    ("第二个问题怎么办", True),
    ("2000", True),        # too long for a pick: a number asked about
    ("2", False),          # every way of picking from a list means nothing out of its context
    ("2.", False),
    ("２", False),
    ("第三个", False),
    ("第3个", False),
    ("二", False),
    ("#2", False),
]


@pytest.mark.parametrize(("line", "kept"), REMEMBERED)
def test_the_history_keeps_questions_and_commands_but_no_pick_from_a_list(tmp_path: Path, line: str,
                                                                          kept: bool) -> None:
    SharedFileHistory(tmp_path / "history").append_string(line)
    assert list(SharedFileHistory(tmp_path / "history").load_history_strings()) == ([line] if kept else [])


def test_a_pasted_question_is_remembered_without_the_blank_lines_around_it(tmp_path: Path) -> None:
    history = SharedFileHistory(tmp_path / "history")
    history.append_string("\n微粒贷逾期了怎么办\n客服电话是多少\n  ")   # pasted with its line breaks
    history.append_string("  客服电话是多少 ")
    assert [line for line in (tmp_path / "history").read_text(encoding="utf-8").splitlines()
            if line.startswith("+")] == ["+微粒贷逾期了怎么办", "+客服电话是多少", "+客服电话是多少"]
    assert list(SharedFileHistory(tmp_path / "history").load_history_strings()) == [
        "客服电话是多少", "微粒贷逾期了怎么办\n客服电话是多少"]


def test_unanswered_questions_are_logged_unless_turned_off(small: Matcher, state: Path) -> None:
    chat(small, "今天天气怎么样", "客服电话是多少", "怎么申请还款")
    log = (state / "misses.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in log.splitlines()]
    assert [(r["query"], r["status"]) for r in records] == [("今天天气怎么样", "none"),
                                                            ("怎么申请还款", "clarify")]
    (state / "misses.jsonl").unlink()
    chat(small, "今天天气怎么样", log_misses=False)
    assert not (state / "misses.jsonl").exists()


def test_a_state_directory_that_cannot_be_written_is_a_warning_once_not_a_crash(
        small: Matcher, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))  # its "assistant" folder can never be made
    result = chat(small, "今天天气怎么样", "客服电话是多少", "明天下雨吗")
    warnings = [text for text in result.printer.printed if text.startswith("注意：")]
    assert len(warnings) == 2
    assert any("历史记录" in text for text in warnings)
    assert any("未回答问题" in text for text in warnings)
    assert "400-000-1234" in result.text
    assert result.status == 0


def test_a_history_file_that_cannot_be_read_is_a_warning(small: Matcher, state: Path) -> None:
    (state / "history").mkdir(parents=True)  # a folder where the file should be
    result = chat(small, "客服电话是多少")
    assert sum("历史记录" in text for text in result.printer.printed) == 1
    assert "400-000-1234" in result.text


# -- what reaches the terminal ---------------------------------------------------------------------------


def _hostile_knowledge() -> Knowledge:
    """A knowledge base full of escape sequences and control characters (built directly: the loader
    refuses them, but a Knowledge can come from anywhere)."""
    entry = Entry(id="evil", question="危险\x1b[2J问题", alternates=("危险问题",),
                  answer="红色\x1b[31m文字\x1b[0m\x07响铃\u202e反转\x00空\r回车\x9b1m八位\x1b]0;标题\x07完",
                  citations=(Citation("doc.txt", "章\x1b[1m节"),), topic="话\x08题")
    return Knowledge(title="坏\x1b]0;pwned\x07标题", language="zh", version="1", entries=(entry,),
                     fallback="不知道\x1b[5m", sources=(Source("doc.txt", "资\x9b31m料", url="https://x\x1b]8;;y\x07"),))


def test_control_characters_from_the_knowledge_base_are_never_printed_raw() -> None:
    output, written = string_output()
    printer = RecordingPrinter(output, color=False)
    result = chat(Matcher(_hostile_knowledge()), "危险问题", "/source", "/topics", "/why", printer=printer)
    raw = written.getvalue().replace("\r\n", "\n")
    assert "红色文字响铃反转空回车八位完" in raw
    for bad in ("\x07", "\x00", "\x08", "\r", "\x9b", "\u202e", "[31m", "[2J", "]0;", "]8;", "?["):
        assert bad not in raw, repr(bad)
    assert "\x1b" not in result.text


def test_without_colour_no_colour_codes_are_written(small: Matcher) -> None:
    output, written = string_output()
    chat(small, "客服电话是多少", printer=RecordingPrinter(output, color=False))
    raw = written.getvalue()
    assert "400-000-1234" in raw
    assert not re.search(r"\x1b\[[0-9;]*(?:3|9)[0-7]m", raw)
    coloured, written = string_output()
    chat(small, "客服电话是多少", printer=RecordingPrinter(coloured, color=True))
    assert re.search(r"\x1b\[[0-9;]*m", written.getvalue())


CLOSING = tuple("，。、；：？！）》」』】”’…")
"""Punctuation no line may start with."""


def fits(line: str, width: int) -> bool:
    """Whether a line is at most ``width`` columns, or is a run of narrow characters alone on it (an address,
    a file name: kept whole, for the terminal to wrap)."""
    return width_of(line) <= width or (len(line.split()) == 1 and width_of(line) == len(line))


@pytest.mark.parametrize(("columns", "longest"), [(16, 16), (30, 30), (40, 40), (80, 80), (160, MAX_WIDTH)])
def test_answers_are_wrapped_at_the_terminal_width_keeping_punctuation_numbers_and_commands_whole(
        columns: int, longest: int) -> None:
    sentence = "逾期之后，你的信用报告里会多出一条逾期记录，信用评分会被拉低。"
    long_answer = sentence * 4 + "请拨打 400-999-8866 咨询，或输入 /source 查看出处。"
    entry = Entry(id="long", question="逾期会怎样？", alternates=("逾期影响",), answer=long_answer)
    knowledge = Knowledge(title="T", language="zh", version="1", entries=(entry,), fallback="?")
    output, _ = string_output(columns=columns)
    result = chat(Matcher(knowledge), "逾期会怎样？", printer=RecordingPrinter(output, color=False))
    answer = result.printer.printed[1].rstrip("\n").splitlines()
    assert len(answer) > 1 and all(width_of(line) <= longest for line in answer)
    assert not [line for line in answer if line.startswith(CLOSING)]
    assert any("400-999-8866" in line for line in answer) and any("/source" in line for line in answer)
    assert result.shows(long_answer)


def test_why_is_wrapped_at_the_terminal_width_like_an_answer(bundled: Matcher) -> None:
    output, _ = string_output(columns=30)
    result = chat(bundled, "那罚息呢", "/why", printer=RecordingPrinter(output, color=False))
    shown = next(text for text in result.printer.printed if text.startswith("你问的是")).splitlines()
    assert any(line.lstrip().startswith("字符") for line in shown)  # the parts of the score, styled apart
    assert all(width_of(line) <= 30 for line in shown)
    assert not [line for line in shown if line.lstrip().startswith(CLOSING)]


# -- wrapping, inert text, completion (units) ------------------------------------------------------------


def test_wrap_counts_chinese_characters_as_two_columns() -> None:
    assert wrap("一二三四五六七八九十", 16) == ["一二三四五六七八", "九十"]


def test_the_wrap_example_holds() -> None:
    results = doctest.testmod(importlib.import_module("assistant.chat.wrap"), report=True)
    assert results.attempted > 0 and results.failed == 0


def test_wrap_keeps_numbers_whole_and_punctuation_off_the_start_of_a_line() -> None:
    lines = wrap("请拨打客服电话 400-999-8866，或者登录APP查看。" * 3, 20)
    assert all(not line.startswith(("，", "。")) for line in lines)
    assert all("400-999-8866" in line for line in lines if "400" in line)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("逾期还款，。 abc12-（）“”\n😀"), max_size=120),
       width=st.integers(min_value=16, max_value=100))
def test_wrap_never_exceeds_the_width_but_for_a_narrow_run_wider_than_it_and_loses_no_text(
        text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(fits(line, width) for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("详情见 https://m.weather.com.cn/ccps/yuqituijian/369561.html，或者问客服。", 20,
     ["详情见", "https://m.weather.com.cn/ccps/yuqituijian/369561.html，", "或者问客服。"]),
    ("输入 /source 可以查看出处和网址。", 16, ["输入 /source 可", "以查看出处和网", "址。"]),
    ("  1. 文件 000_250e6e29910cb7f3.txt 里", 20, ["  1. 文件", "     000_250e6e29910cb7f3.txt", "     里"]),
    ("？" * 12, 16, ["？" * 8, "？" * 4]),  # wide characters are still cut: nothing to copy whole
])
def test_wrap_keeps_an_address_a_command_or_a_file_name_whole(text: str, width: int, expected: list[str]) -> None:
    assert wrap(text, width) == expected


@settings(max_examples=100, deadline=None)
@given(items=st.lists(st.text(alphabet=st.sampled_from("延期还款罚息，？ ab12"), min_size=1, max_size=60),
                      min_size=1, max_size=12),
       width=st.integers(min_value=MIN_WIDTH, max_value=100))
def test_a_numbered_list_never_exceeds_the_terminal_width(items: list[str], width: int) -> None:
    # but for a run of narrow characters wider than the room, kept whole on a line of its own (a long number is
    # copied wrong when cut: the table above)
    lines = to_plain_text(render.numbered(items, width)).split("\n")
    for line in lines:
        kept_whole = re.sub(r"^ *(\d+\. )?", "", line)
        assert width_of(line) <= width or (
            " " not in kept_whole and all(width_of(char) <= 1 for char in kept_whole.strip("，？"))), line


@pytest.mark.parametrize("width", [20, 24, 30, 40])
def test_lists_help_and_sources_fit_a_narrow_terminal(bundled: Matcher, width: int) -> None:
    knowledge = bundled.knowledge
    shown = [render.topics(knowledge, width)[0],
             render.help_text([(c.name, c.summary) for c in commands.all_commands()], width),
             render.citations(knowledge.get("extension-interest-rate"), knowledge, width),  # type: ignore[arg-type]
             render.reply(bundled.reply("延期"), knowledge, width)]  # 您是不是想问… and its numbered list
    for fragments in shown:
        lines = to_plain_text(fragments).split("\n")
        assert lines and not [line for line in lines if not fits(line, width)]


@pytest.mark.parametrize("width", [20, 36, 60, 100])
def test_a_cited_address_is_never_broken_across_lines(bundled: Matcher, width: int) -> None:
    knowledge = bundled.knowledge
    entry = knowledge.get("overdue-what-to-do")
    assert entry is not None
    addresses = {source.url for c in entry.citations if (source := knowledge.source(c.document)) and source.url}
    shown = to_plain_text(render.citations(entry, knowledge, width)).split("\n")
    assert addresses and all(any(address in row for row in shown) for address in addresses)


@given(st.text(max_size=80))
def test_inert_text_has_no_control_characters(text: str) -> None:
    import unicodedata

    assert all(char == "\n" or unicodedata.category(char) not in ("Cc", "Cs", "Co")
               for char in inert(text))
    assert "\x1b" not in inert(text, newlines=False) and "\n" not in inert(text, newlines=False)


def _completions(matcher: Matcher, typed: str, *, tab: bool = False) -> list[str]:
    completer = ChatCompleter(lambda: matcher, commands.all_commands)
    event = CompleteEvent(completion_requested=tab)
    return [c.text for c in completer.get_completions(Document(typed), event)]


def test_completion_of_commands(small: Matcher) -> None:
    assert _completions(small, "/to") == ["/topics"]
    assert "/quit" in _completions(small, "/")


def test_completion_finds_questions_from_a_few_characters(small: Matcher) -> None:
    assert _completions(small, "延期")[0] == "怎么申请延期还款？"
    assert "客服电话是多少？" in _completions(small, "客电")  # characters in order, not adjacent
    assert "客服电话是多少？" in _completions(small, "客服热")  # found through an alternate
    assert _completions(small, "你好", tab=True) == []  # small talk is not offered
    assert _completions(small, "客") == []  # one character only on Tab
    assert _completions(small, "客", tab=True)


def test_run_chat_is_the_entry_point_the_cli_calls(small: Matcher) -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as keyboard:
        keyboard.send_text("/quit\r")
        assert run_chat(small, input=keyboard, output=DummyOutput(), color=False) == 0


def test_the_session_class_is_exported() -> None:
    assert ChatSession.__name__ == "ChatSession"


@pytest.mark.parametrize("line", ["3", "第九个"])
def test_a_hint_about_a_number_is_followed_by_a_blank_line_like_every_reply(small: Matcher, line: str) -> None:
    # A reply, a command and a hint each leave one blank line before the next prompt.
    result = chat(small, line, "客服电话是多少", line)
    hints = [printed for printed in result.printer.printed[1:] if "编号" in printed or "只有一个" in printed]
    assert len(hints) == 2
    assert all(hint.endswith("\n") for hint in hints)


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_while_the_prompt_waits_ends_the_chat_as_ctrl_d_does(small: Matcher, name: str) -> None:
    import os
    import signal
    import threading

    number = getattr(signal, name)
    before = signal.getsignal(number)
    printer = RecordingPrinter()
    with create_pipe_input() as keyboard:
        keyboard.send_text("客服电话是多少\r")   # then nothing more: the prompt waits until the signal comes
        session = ChatSession(small, input=keyboard, output=DummyOutput(), printer=printer)
        timer = threading.Timer(1.0, os.kill, (os.getpid(), number))
        timer.start()
        try:
            status = session.run()
        finally:
            timer.cancel()
    assert status == 0 and "400-000-1234" in printer.text
    assert printer.printed[-1] == render.GOODBYE
    assert signal.getsignal(number) == before   # given back once the prompt is done


@pytest.mark.parametrize("characters", [37, 38, 39, 78])
def test_a_question_filling_the_last_line_exactly_leaves_no_blank_line_before_its_answer(
        small: Matcher, characters: int) -> None:
    question = "客服电话是多少" + "啊" * (characters - len("客服电话是多少"))  # after 问> : 78, 80, 82, 160 columns
    output, written = string_output(columns=80)
    with create_pipe_input() as keyboard:
        keyboard.send_text(question + "\r" + CTRL_D)
        ChatSession(small, input=keyboard, output=output, printer=RecordingPrinter(output, color=False)).run()
    shown = screen(written.getvalue(), columns=80)
    last = max(row for row, line in enumerate(shown) if line.endswith("啊"))
    assert "400-000-1234" in shown[last + 1], shown
