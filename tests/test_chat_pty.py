"""The real ``assistant`` command in a real pseudo-terminal: ask, read the answer off the screen, Ctrl-D."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parent.parent


def _command() -> tuple[str, list[str], dict[str, str]]:
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    installed = shutil.which("assistant")
    if installed:
        return installed, [], env
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return sys.executable, ["-m", "assistant"], env


@pytest.mark.slow
def test_the_assistant_command_answers_in_a_terminal_and_ctrl_d_says_goodbye(state: Path) -> None:
    program, args, env = _command()
    child = pexpect.spawn(program, args, env=env, cwd=str(ROOT), encoding="utf-8", dimensions=(30, 100),
                          timeout=30)
    try:
        child.expect("/help")  # the welcome
        child.expect("问> ")
        child.sendline("微粒贷客服电话是多少")
        child.expect("400-999-8866")
        child.expect("问> ")
        child.sendcontrol("d")
        child.expect("再见")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "微粒贷客服电话是多少" in (state / "history").read_text(encoding="utf-8")


def _spawn(state: Path, columns: int, rows: int = 30, **env: str) -> pexpect.spawn:
    program, args, environment = _command()
    environment = {key: value for key, value in environment.items() if key != "PAGER"} | env
    return pexpect.spawn(program, args, env=environment, cwd=str(ROOT), encoding="utf-8",
                         dimensions=(rows, columns), timeout=30)


ANSWERED = "微粒贷逾期了该怎么办"


def _answer_lines(columns: int, state: Path) -> list[str]:
    """The lines the terminal got for the answer to ``ANSWERED`` in a terminal ``columns`` wide."""
    from assistant import Matcher

    answer = (Matcher().reply(ANSWERED).answer or "").strip()
    child = _spawn(state, columns)
    try:
        child.expect("问> ")
        child.sendline(ANSWERED)
        child.expect(answer[:6])
        child.expect("来源")
        shown = answer[:6] + child.before
        child.expect("问> ")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.replace("\r", ""))
    return [line for line in text.split("\n") if line.strip()]


@pytest.mark.slow
@pytest.mark.parametrize(("columns", "longest"), [(30, 30), (80, 80), (160, 80)])
def test_an_answer_reaches_the_terminal_in_lines_of_its_width_at_most_80_columns(
        state: Path, columns: int, longest: int) -> None:
    from assistant import Matcher
    from assistant.chat.wrap import width_of

    answer = (Matcher().reply(ANSWERED).answer or "").strip()
    assert width_of(answer) > 100
    shown = _answer_lines(columns, state)
    assert len(shown) > 1 and "".join(shown) == answer
    assert all(width_of(line) <= longest for line in shown)
    assert not [line for line in shown if line.startswith(("，", "。", "；", "）", "、"))]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("less") is None, reason="needs less")
def test_topics_taller_than_the_terminal_open_in_less_and_q_comes_back_to_the_prompt(state: Path) -> None:
    child = _spawn(state, 80, rows=20)
    try:
        child.expect("问> ")
        child.sendline("/topics")
        child.expect(r"\(END\)|:")  # less is waiting for a key
        child.send("q")
        child.expect("问> ")
        child.sendline("1")  # /topics made its numbered list: 1 picks its first question
        child.expect("» ")
        child.expect("问> ")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


@pytest.mark.slow
def test_a_chat_whose_output_goes_to_a_pipe_writes_plain_text(state: Path, tmp_path: Path) -> None:
    program, args, env = _command()
    log = tmp_path / "log"
    command = " ".join(shlex.quote(word) for word in (program, *args))
    child = pexpect.spawn("sh", ["-c", f"{command} | tee {shlex.quote(str(log))}"], env=env, cwd=str(ROOT),
                          encoding="utf-8", dimensions=(30, 100), timeout=30)
    try:
        child.expect("问> ")
        child.sendline("微粒贷客服电话是多少")
        child.expect("400-999-8866")
        child.expect("问> ")
        child.sendline("exit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    written = log.read_text(encoding="utf-8")
    assert "400-999-8866" in written and "问> " in written and "再见" in written
    assert "\x1b" not in written
