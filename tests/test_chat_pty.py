"""The real ``assistant`` command in a real pseudo-terminal: ask, read the answer off the screen, Ctrl-D."""

from __future__ import annotations

import os
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
