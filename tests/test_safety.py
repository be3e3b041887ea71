"""What may reach a terminal or a log: one module decides (assistant/safety.py), every edge uses it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, entry_yaml
from hypothesis import given
from hypothesis import strategies as st

from assistant.safety import ESCAPE_SEQUENCE, inert, is_unsafe, json_inert, one_line, single_line

HOSTILE = ["\x1b]52;c;cHduZWQ=\x07", "\x1b]0;title\x1b\\", "\x1b[2J\x1b[H", "\x9b31m", "\x9d0;t\x9c", "\x1bP+q\x1b\\",
           "\u202e", "\x00\x07\x08\x7f", "\ud800"]


def raw_controls(text: str) -> list[str]:
    return [char for char in text if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co")
            and char not in "\n\u200d\ufe0f"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_every_hostile_piece_is_made_inert_and_shown_escaped(hostile: str) -> None:
    text = f"客服{hostile}电话"
    assert inert(text) == "客服电话" or not raw_controls(inert(text))
    assert raw_controls(single_line(text)) == []
    assert one_line(text).isprintable() and "\x1b" not in one_line(text)


@given(st.text())
def test_inert_text_holds_no_control_format_or_escape(text: str) -> None:
    assert raw_controls(inert(text)) == []
    assert "\n" not in single_line(text)
    assert one_line(text).isprintable() or " " in one_line(text)


@given(st.text())
def test_json_inert_keeps_the_value_and_escapes_what_a_terminal_acts_on(text: str) -> None:
    written = json_inert(json.dumps({"q": text}, ensure_ascii=False))
    assert json.loads(written) == {"q": text}
    assert not re.search("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", written)


@pytest.mark.parametrize(("char", "unsafe"), [("\x1b", True), ("\u202e", True), ("\ue000", True), ("\u200d", False),
                                              ("\ufe0f", False), ("客", False), (" ", False)])
def test_what_is_unsafe(char: str, unsafe: bool) -> None:
    assert is_unsafe(char) is unsafe


def test_escape_sequences_are_defined_once_in_the_package() -> None:
    defined = [path.relative_to(REPO).as_posix() for path in (REPO / "assistant").rglob("*.py")
               if re.search(r'r?"""?\(\?x\)|\\x1b\(\?:|\\x1b\\\[', path.read_text(encoding="utf-8"))]
    assert defined == ["assistant/safety.py"]
    assert re.search(ESCAPE_SEQUENCE, "a\x1b[31mb")


def test_check_shows_a_file_names_escape_sequences_never_acts_on_them(tmp_path: Path,
                                                                      write_kb: Callable[..., Path]) -> None:
    # a base where an alternate, once left out, is answered by another entry: check warns, naming the file
    body = "entries:\n" + entry_yaml("hotline", "客服电话是多少", alternates="客服热线电话号码") \
        + entry_yaml("hotline-number", "客服热线电话号码是什么", alternates="热线号码") \
        + entry_yaml("hours", "几点上班", alternates="上班时间")
    name = "kb\x1b]52;c;cHduZWQ=\x07\x1b]0;title\x07.yaml"
    write_kb(body, name=name)
    done = subprocess.run([sys.executable, "-m", "assistant", "check", str(tmp_path / name)], capture_output=True,
                          env={"PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8", "PATH": ""}, timeout=60)
    out = done.stdout.decode("utf-8")
    confusable = [line for line in out.splitlines() if "is answered by 'hotline-number'" in line]
    assert len(confusable) == 1
    assert confusable[0].startswith(str(tmp_path / "kb\\x1b]52;c;cHduZWQ=\\x07\\x1b]0;title\\x07.yaml"))
    assert "\x1b" not in out and "\x07" not in out
