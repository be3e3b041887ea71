"""The README stays true: its Quick start is what CI runs, and every `$ assistant …` example prints what it shows."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"^\$ (assistant [^\n|]+?)\n(.*?)(?=^\$ |^```)", README, flags=re.M | re.S)


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    (command,) = re.findall(r"^TEST_COMMAND='(.+)'$", ci, flags=re.M)
    assert f"\n{command}\n" in README


def test_every_command_has_a_section_in_the_readme() -> None:
    from assistant.cli import build_parser

    commands = build_parser().commands
    assert commands
    for name in commands:
        assert f"`assistant {name}" in README, name


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_each_readme_example_prints_what_it_shows(command: str, shown: str) -> None:
    argv = [sys.executable, "-m", "assistant", *shlex.split(command)[1:]]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 0, done.stderr
    expected = [line for line in shown.strip().splitlines() if line.strip() and line.strip() != "…"]
    assert expected, command
    for line in expected:
        assert line in done.stdout, line


def test_the_short_chat_is_what_the_chat_prints(tmp_path: Path) -> None:
    block = README.split("## A short chat", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    asked = re.findall(r"^问> (.+)$", block, flags=re.M)
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "assistant", "--no-log"], input="".join(q + "\n" for q in asked),
                          capture_output=True, text=True, timeout=60, cwd=REPO, env=env)
    replies = [line for line in block.split("\n\n", 1)[1].splitlines()
               if line.strip() and not line.startswith("问> ") and not line.startswith("再见")]
    assert asked and replies
    for line in replies:
        assert line in done.stdout.splitlines(), line


PYTHON_SNIPPET = README.split("### From Python", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]


@pytest.mark.parametrize("own", [False, True], ids=["bundled", "a bare list of your own"])
def test_the_python_snippet_runs_on_the_bundled_base_and_on_your_own(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], own: bool) -> None:
    code = PYTHON_SNIPPET
    if own:  # the snippet's own commented line, with a bare list that cites no source
        faq = tmp_path / "my-faq.yaml"
        faq.write_text("- question: 几点开门？\n  answer: 每天九点。\n- question: 能刷卡吗？\n  answer: 能。\n",
                       encoding="utf-8")
        code = code.replace("matcher = Matcher()", "# bundled one replaced").replace(
            "# matcher = Matcher(load_knowledge(\"my-faq.yaml\"))", f"matcher = Matcher(load_knowledge({str(faq)!r}))")
        code = code.replace('"微粒贷逾期了该怎么办"', '"几点开门"')
    assert "matcher = Matcher(" in code
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert ("每天九点。\n" if own else "来源：") in printed


LINE_SNIPPET = README.split("### From any language", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]


def test_the_line_protocol_snippet_runs_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import Matcher

    code = LINE_SNIPPET.replace('["assistant", ', f'[{sys.executable!r}, "-m", "assistant", ')  # the checkout's
    assert code != LINE_SNIPPET
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.chdir(REPO)
    exec(compile(code, "README.md", "exec"), {})
    extension = Matcher().knowledge.get("extension-how")
    assert extension is not None and capsys.readouterr().out == extension.answer + "\n"  # the follow-up, read so
