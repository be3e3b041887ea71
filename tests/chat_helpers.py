"""Helpers for the chat's tests: isolated user files, small knowledge bases, and a session driver."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput, Output
from prompt_toolkit.output.vt100 import Vt100_Output

from assistant import Matcher
from assistant.chat import ChatSession
from assistant.chat.render import Printer, plain

CTRL_C = "\x03"
CTRL_D = "\x04"
UP = "\x1b[A"

SMALL_KB = """\
knowledge_base:
  title: 测试还款问答
  language: zh-CN
  version: "1"
  sources:
    - file: guide.txt
      title: 还款指南
      publisher: 测试银行
      url: https://example.org/guide
      date: "2024-05-06"
    - file: notes.txt
      title: 延期说明

fallback: 抱歉，这个问题我还答不上来，请拨打客服电话 400-000-1234。

entries:
  - id: hotline
    question: 客服电话是多少？
    alternates: [客服热线, 怎么联系客服]
    answer: 客服电话是 400-000-1234，全天都能打通。
    source: {document: guide.txt, section: 联系我们 > 电话}
    topic: 客服
    follow_ups: [hotline-hours]
  - id: hotline-hours
    question: 客服几点上班？
    alternates: [客服工作时间]
    answer: 客服全天二十四小时在线。
    source: {document: guide.txt, section: 联系我们 > 时间}
    topic: 客服
  - id: instalment-how
    question: 怎么申请分期还款？
    alternates: [分期还款怎么办理]
    answer: 在借款页面选择分期还款，按提示提交申请。
    source: {document: guide.txt, section: 分期 > 申请}
    topic: 还款方式
  - id: extension-how
    question: 怎么申请延期还款？
    alternates: [延期还款怎么办理]
    answer: 联系客服说明原因，审核通过后签订延期协议。
    source:
      - {document: guide.txt, section: 延期 > 申请}
      - {document: notes.txt, section: 延期 > 协议}
    topic: 还款方式

smalltalk:
  - id: greeting
    question: 你好
    alternates: [您好]
    answer: 你好！有什么可以帮你？
"""
"""A knowledge base of four questions in two topics, plus one greeting."""

EXTRA_ENTRY = """\
  - id: credit-report
    question: 怎么查征信报告？
    alternates: [征信报告在哪查]
    answer: 登录人民银行征信中心网站查询。
    source: {document: guide.txt, section: 征信}
    topic: 征信
"""
"""One more entry, to add to ``SMALL_KB`` (before its small talk) to see a reload take effect."""


def isolate_user_files(monkeypatch: pytest.MonkeyPatch, root: Path) -> Path:
    """Point HOME and the XDG folders at ``root`` so no test touches the user's own history or log.

    Returns the state directory the chat will use (``$XDG_STATE_HOME/assistant``).
    """
    for name in ("HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        folder = root / name.lower()
        folder.mkdir(exist_ok=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return root / "xdg_state_home" / "assistant"


def write_kb(folder: Path, text: str = SMALL_KB, name: str = "kb.yaml") -> Path:
    """Write a knowledge base file into ``folder`` and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def with_extra_entry(text: str = SMALL_KB) -> str:
    """Return ``SMALL_KB`` with ``EXTRA_ENTRY`` added to its entries."""
    return text.replace("\nsmalltalk:", EXTRA_ENTRY + "\nsmalltalk:")


class RecordingPrinter(Printer):
    """A printer that also keeps, as plain text, everything the session printed."""

    def __init__(self, output: Output | None = None, *, color: bool = True) -> None:
        super().__init__(output if output is not None else DummyOutput(), color=color)
        self.printed: list[str] = []

    def write(self, safe: StyleAndTextTuples) -> None:
        self.printed.append(plain(safe))
        super().write(safe)

    @property
    def text(self) -> str:
        return "\n".join(self.printed)


def string_output(columns: int = 80) -> tuple[Vt100_Output, io.StringIO]:
    """A real VT100 output writing into a string, to see the exact characters a terminal would get."""
    buffer = io.StringIO()
    return Vt100_Output(buffer, lambda: Size(rows=24, columns=columns), term="xterm"), buffer


@dataclass
class Chat:
    """The outcome of one scripted chat: the session (its state), what it printed, its exit status."""

    session: ChatSession
    printer: RecordingPrinter
    status: int
    outputs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.printer.text


def chat(matcher: Matcher, *lines: str, end: str = CTRL_D, printer: RecordingPrinter | None = None,
         **options: object) -> Chat:
    """Type each of ``lines`` (Enter after each), then ``end`` (Ctrl-D), into a new session; run it."""
    printer = printer if printer is not None else RecordingPrinter()
    with create_pipe_input() as keyboard:
        keyboard.send_text("".join(line + "\r" for line in lines) + end)
        session = ChatSession(matcher, input=keyboard, output=DummyOutput(), printer=printer,
                              **options)  # type: ignore[arg-type]
        status = session.run()
    return Chat(session, printer, status)
