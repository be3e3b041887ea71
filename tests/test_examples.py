"""The examples in ``examples/`` run as a bot author would run them, and do what their docstrings say."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, entry_yaml

from assistant import Matcher

EXAMPLES = REPO / "examples"
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def run_bot(lines: list[str], *argv: str | Path) -> list[str]:
    """Run ``examples/bot.py`` on ``lines`` (``user<TAB>message``); return what it printed for each."""
    result = subprocess.run([sys.executable, str(EXAMPLES / "bot.py"), *map(str, argv)],
                            input="\n".join(lines) + "\n", capture_output=True, text=True, env=ENV,
                            timeout=60, cwd=REPO)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout.rstrip("\n").split("\n\n")


def test_the_bot_loop_prints_each_reply_to_its_user() -> None:
    answer, fallback, again = run_bot(["ann\t微粒贷客服电话是多少", "bob\tasdfgh", "ann\t微粒贷客服电话是多少"])
    assert answer.startswith("[ann] ") and "400-999-8866" in answer and "相关问题 1. 打客服电话要怎么操作？" in answer
    assert answer.splitlines()[1] == ("  来源：如何查询微粒贷逾期后的还款详情及处理方法 · "
                                      "微粒贷逾期后还款详情查询方法 > 联系微粒贷客服 > 客服电话")  # its source
    assert fallback.startswith("[bob] 抱歉") and "来源" not in fallback
    assert again == answer


def test_the_bot_keeps_one_conversation_per_user(bundled: Matcher) -> None:
    _, _, ann_follow_up, bob_follow_up = run_bot(
        ["ann\t微粒贷逾期了该怎么办", "bob\t微粒贷客服电话是多少", "ann\t那延期呢？", "bob\t那延期呢？"])
    for user, text, previous in [("ann", ann_follow_up, "overdue-what-to-do"),
                                 ("bob", bob_follow_up, "hotline-number")]:
        expected = bundled.reply("那延期呢？", previous=previous).text
        assert text.split("\n")[0] == f"[{user}] " + expected.split("\n")[0]
    assert "延期" in ann_follow_up and ann_follow_up != bob_follow_up


def test_the_related_questions_are_numbered_and_a_number_picks_one(bundled: Matcher) -> None:
    answer, picked = run_bot(["ann\t微粒贷客服电话是多少", "ann\t2"])
    related = [line.strip() for line in answer.splitlines() if line.lstrip().startswith("相关问题")]
    assert related == ["相关问题 1. 打客服电话要怎么操作？", "相关问题 2. 客服能帮我做什么？"]
    assert picked.startswith("[ann] " + bundled.answer_entry("hotline-services").text.split("\n")[0])


def test_the_bot_loop_prints_the_suggestions_when_unsure(write_kb: Callable[..., Path]) -> None:
    kb = write_kb("entries:\n"
                  + entry_yaml("login-password", "怎么修改登录密码", "在设置里改。", "登录密码忘了怎么改")
                  + entry_yaml("payment-password", "怎么修改支付密码", "在钱包里改。", "支付密码忘了怎么改"))
    (unsure,) = run_bot(["ann\t怎么修改密码"], kb)
    prompt, *choices = unsure.splitlines()
    assert prompt == "[ann] 您是不是想问："
    assert [choice[:3] for choice in choices] == ["1. ", "2. "]
    assert {choice[3:] for choice in choices} == {"怎么修改登录密码", "怎么修改支付密码"}


@pytest.mark.parametrize(("lines", "printed"), [
    # what the users send → what the bot prints (each reply's first line): an exit word gets the goodbye and
    # ends that user's conversation (a number after it picks nothing), a blank message gets nothing
    (["ann\t微粒贷客服电话是多少", "ann\texit"], ["[ann] 微粒贷官方客服电话是", "[ann] 再见！祝你一切顺利。"]),
    (["ann\t微粒贷客服电话是多少", "ann\t退出", "ann\t2"],
     ["[ann] 微粒贷官方客服电话是", "[ann] 再见！祝你一切顺利。", "[ann] 现在没有可以选择的编号列表。"]),
    (["ann\t微粒贷客服电话是多少", "bob\tquit", "ann\t2"],    # bob's exit leaves ann's list: 2 picks from it
     ["[ann] 微粒贷官方客服电话是", "[bob] 再见！祝你一切顺利。", "[ann] 客服会根据你的账户信息"]),
    (["bob\t", "bob\t   ", "bob\t微粒贷客服电话是多少"], ["[bob] 微粒贷官方客服电话是"]),
    # a message with no user and tab (echo 问题 | python examples/bot.py) is an unnamed user's, not nothing
    (["微粒贷客服电话是多少", "2"], ["[] 微粒贷官方客服电话是", "[] 客服会根据你的账户信息"]),
    (["ann\t客服电话\t是多少"], ["[ann] 微粒贷官方客服电话是"]),     # a tab in the message is the message's
])
def test_an_exit_word_says_goodbye_and_a_blank_message_gets_nothing(lines: list[str], printed: list[str]) -> None:
    replies = run_bot(lines)
    assert [reply.split("\n")[0][:len(start)] for reply, start in zip(replies, printed)] == printed
    assert len(replies) == len(printed), replies


@pytest.mark.parametrize(("kb", "message"), [
    ("no-such-faq.yaml", "no-such-faq.yaml: no such file or folder: check the path"),
    ("broken.yaml", "broken.yaml:1:10: invalid YAML: the '[' opened here is not closed"),
])
def test_the_bot_says_in_one_line_why_a_knowledge_base_cannot_be_read(tmp_path: Path, kb: str,
                                                                        message: str) -> None:
    (tmp_path / "broken.yaml").write_text("entries: [a, b\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(EXAMPLES / "bot.py"), kb], input="", capture_output=True,
                            text=True, env=ENV, timeout=60, cwd=tmp_path)
    assert result.returncode == 1 and result.stderr.startswith(f"bot.py: {message}")
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_the_bot_loop_is_under_twenty_lines() -> None:
    code = [line for line in (EXAMPLES / "bot.py").read_text("utf-8").split('"""')[-1].splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    assert len(code) <= 19


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("curl") and shutil.which("jq")), reason="the shell client needs curl and jq")
def test_the_shell_client_carries_the_conversation_over_http(bundled: Matcher) -> None:
    from test_serve import start

    server = start()
    try:
        # the last line without its line end (printf '…', a file saved so) is asked too
        result = subprocess.run(["sh", str(EXAMPLES / "client.sh")], input="微粒贷逾期了该怎么办\n\n  \n那延期呢？",
                                capture_output=True, text=True, timeout=60,
                                env={**ENV, "ASSISTANT_URL": f"http://127.0.0.1:{server.port}"})
        assert (result.returncode, result.stderr) == (0, "")
        first, follow_up = result.stdout.rstrip("\n").split("\n\n")
        expected = bundled.reply("那延期呢？", previous="overdue-what-to-do")
        assert expected.entry is not None and expected.entry.id.startswith("extension-")
        assert follow_up.split("\n")[0] == expected.text
        assert first.split("\n")[1].startswith("来源：微粒贷逾期还款后,我应该如何处理?")
        refused = subprocess.run(["sh", str(EXAMPLES / "client.sh")], input="x\n", capture_output=True, text=True,
                                 timeout=60, env={**ENV, "ASSISTANT_URL": f"http://127.0.0.1:{server.port}/nowhere"})
        assert refused.returncode == 1 and refused.stderr.startswith("error: POST /nowhere/ask: not found")
        from test_serve import free_port

        nowhere = f"http://127.0.0.1:{free_port()}"  # no server there: curl's reason, then one line of ours, exit 1
        unreached = subprocess.run(["sh", str(EXAMPLES / "client.sh")], input="x\n", capture_output=True, text=True,
                                   timeout=60, env={**ENV, "ASSISTANT_URL": nowhere})
        assert unreached.returncode == 1 and unreached.stderr.startswith("curl: ")
        assert unreached.stderr.splitlines()[-1] == (f"error: no answer from {nowhere} (curl said why, above): is "
                                                     "assistant serve running there?")
    finally:
        server.stop()


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("curl") and shutil.which("jq")), reason="the shell client needs curl and jq")
def test_the_shell_client_numbers_the_related_questions_and_a_number_picks_one(bundled: Matcher) -> None:
    from test_serve import start

    first = bundled.reply("微粒贷逾期了该怎么办")
    assert first.status == "answer" and len(first.follow_ups) >= 2
    server = start()
    try:
        lines = "微粒贷逾期了该怎么办\n 2 \n明天会下雨吗\n1\n"
        result = subprocess.run(["sh", str(EXAMPLES / "client.sh")], input=lines, capture_output=True, text=True,
                                timeout=60, env={**ENV, "ASSISTANT_URL": f"http://127.0.0.1:{server.port}"})
    finally:
        server.stop()
    assert (result.returncode, result.stderr) == (0, "")
    answer, picked, fallback, picked_after = result.stdout.rstrip("\n").split("\n\n")
    assert "相关问题：" in answer and f"  2. {first.follow_ups[1].question}" in answer.split("\n")
    second = bundled.answer_entry(first.follow_ups[1].id)
    assert picked.split("\n")[0] == second.text                       # 2: the second related question's answer
    assert fallback == bundled.knowledge.fallback.strip()               # the fallback shows no list of its own,
    assert picked_after.split("\n")[0] == bundled.answer_entry(second.follow_ups[0].id).text   # so 1 picks above


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("curl") and shutil.which("jq")), reason="the shell client needs curl and jq")
def test_a_number_the_shell_clients_list_does_not_hold_is_answered_as_the_bot_answers_it() -> None:
    from test_serve import start

    # 5 before any list, 7 of a list of 3, 0: nothing is sent; 4009998866, ten digits, is no pick: it is asked
    lines = ["5", "微粒贷逾期了该怎么办", " 7 ", "0", "4009998866"]
    server = start()
    try:
        result = subprocess.run(["sh", str(EXAMPLES / "client.sh")], input="\n".join(lines) + "\n",
                                capture_output=True, text=True, timeout=60,
                                env={**ENV, "ASSISTANT_URL": f"http://127.0.0.1:{server.port}"})
    finally:
        server.stop()
    assert (result.returncode, result.stderr) == (0, "")
    shown = [block.split("\n")[0] for block in result.stdout.rstrip("\n").split("\n\n")]
    bot = [block.removeprefix("[ann] ").split("\n")[0] for block in run_bot([f"ann\t{line}" for line in lines])]
    assert shown == bot
    assert shown[0].startswith("现在没有可以选择的编号列表") and shown[2] == shown[3] == "请输入 1 到 3 之间的编号。"
