"""Helpers for the chat's tests: a session driver that types into a pipe and records what was printed.

The user's files and the small knowledge base come from fixtures in conftest.py (``state``, ``small``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from prompt_toolkit.data_structures import Size
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput, Output
from prompt_toolkit.output.vt100 import Vt100_Output

from assistant import Matcher
from assistant.chat import ChatSession
from assistant.chat.render import Printer, plain
from assistant.chat.wrap import width_of

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


_CONTROL = re.compile(r"\x1b\[\??([0-9;]*)([A-Za-z])|\x1b.|[\r\n\x08]|[^\x1b\r\n\x08]")


def screen(raw: str, columns: int = 80) -> list[str]:
    """The lines a terminal ``columns`` wide shows after receiving ``raw``: a small VT100 that knows what
    prompt_toolkit writes (text, wide characters, CR, LF, backspace, cursor moves, erase below, autowrap on
    and off) and ignores every other sequence."""
    rows: list[list[str]] = [[]]
    row = column = 0
    wrap = True
    for match in _CONTROL.finditer(raw):
        text, number, command = match.group(0), match.group(1), match.group(2)
        if command is not None:
            count = int(number) if number and number.isdigit() else 1
            if text.startswith("\x1b[?") and number == "7":
                wrap = command == "h"
            elif command == "A":
                row = max(row - count, 0)
            elif command == "B":
                row += count
            elif command == "C":
                column = min(column + count, columns)
            elif command == "D":
                column = max(column - count, 0)
            elif command == "J":
                del rows[row + 1:]
                rows[row] = rows[row][:column]
        elif text == "\r":
            column = 0
        elif text == "\n":
            row += 1
        elif text == "\x08":
            column = max(column - 1, 0)
        elif not text.startswith("\x1b"):
            size = width_of(text)
            if column + size > columns:
                if not wrap:
                    continue
                row, column = row + 1, 0
            while len(rows) <= row:
                rows.append([])
            line = rows[row]
            line.extend(" " * (column + size - len(line)))
            line[column:column + size] = [text] + [""] * (size - 1)
            column += size
        while len(rows) <= row:
            rows.append([])
    return ["".join(line).rstrip() for line in rows]


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
