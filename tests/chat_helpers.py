"""Helpers for the chat's tests: a session driver that types into a pipe and records what was printed.

The user's files and the small knowledge base come from fixtures in conftest.py (``state``, ``small``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

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

    def shows(self, text: str) -> bool:
        """Whether ``text`` was printed, laid out in lines of the terminal's width (white space aside)."""
        return "".join(text.split()) in "".join(self.text.split())


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
