"""The chat in plain text, for when standard input or standard output is not a terminal.

``echo 微粒贷客服电话是多少 | assistant`` answers each line; ``assistant | tee log`` chats at the keyboard with a
plain prompt and writes no escape codes and no completion menu into the log. Both are the same ``ChatBase``
as the terminal chat: the same replies, picks (2, 第二个), exit words, commands (/help, /topics, /reset).
Prose is never broken by us (a reader or the terminal wraps it); lists are laid out for ``wrap.MAX_WIDTH`` columns.
"""

from __future__ import annotations

import sys
from typing import BinaryIO, TextIO

from prompt_toolkit.formatted_text import StyleAndTextTuples

from ..lines import bounded_lines
from ..matcher import Matcher
from ..safety import inert, one_line
from . import render
from .base import ChatBase


class PlainChat(ChatBase):
    """A chat reading lines from ``source`` and writing plain text to ``out``.

    ``prompt=True`` (a person typing while the output goes to a pipe) shows the welcome, a prompt before each
    line and the goodbye; otherwise only the replies are written, each followed by a blank line.
    """

    interactive = False

    def __init__(self, matcher: Matcher, *, kb_path: str | None = None, log_misses: bool = True,
                 source: BinaryIO | None = None, out: TextIO | None = None, prompt: bool = False) -> None:
        super().__init__(matcher, kb_path=kb_path, log_misses=log_misses)
        self.source = source if source is not None else sys.stdin.buffer
        self.out = out if out is not None else sys.stdout
        self.prompt = prompt

    def show(self, fragments: StyleAndTextTuples) -> None:
        """Write the text of ``fragments`` (made inert) and a newline, at once."""
        self.out.write(inert(render.plain(fragments)) + "\n")
        self.out.flush()

    def misses_failed(self, error: OSError) -> None:
        """Say on standard error, once, that the misses log cannot be written."""
        print(f"assistant: warning: cannot write the misses log: {one_line(str(error.strerror or error))}",
              file=sys.stderr)

    def run(self) -> int:
        """Answer line after line until the input ends, an exit word or /quit; returns 0."""
        if self.prompt:
            self.show(render.welcome(self.knowledge, self.width, keys=False))
        lines = bounded_lines(self.source)
        while True:
            if self.prompt:
                self.out.write(self.messages.prompt)
                self.out.flush()
            line = next(lines, None)
            if line is None:
                if self.prompt:
                    self.out.write("\n")
                break
            if line.problem is not None:
                kind = "warning" if line.text is not None else "error"
                print(f"assistant: {kind}: {line.problem}", file=sys.stderr, flush=True)
            if line.text is not None and self.handle(line.text):
                break
        if self.prompt:
            self.show([("", self.messages.goodbye)])
        return 0
