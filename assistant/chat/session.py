"""The terminal chat: the prompt loop over a ``ChatBase``.

Input and output are injected, so a test drives the session with ``create_pipe_input()`` and
``DummyOutput()``; printing goes through a ``Printer`` that a test may replace to record what is shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import History
from prompt_toolkit.input import Input
from prompt_toolkit.output import ColorDepth, Output, create_output

from ..conversation import MAX_PICK_DIGITS
from ..matcher import Matcher
from ..misses import state_dir
from ..safety import inert, single_line
from . import commands, pager, render
from .base import ChatBase, reason
from .completer import ChatCompleter
from .fit import fit_entered_line
from .history import SharedFileHistory
from .keys import create_key_bindings

PROMPT = "问> "

__all__ = ["MAX_PICK_DIGITS", "PROMPT", "ChatSession", "history_path"]


class ChatSession(ChatBase):
    """An interactive chat over one matcher.

    ``kb_path`` is where ``/reload`` reads the knowledge base again (None: the bundled one). ``color=False``
    prints no colours; ``log_misses=False`` keeps unanswered questions out of the local log. ``input`` and
    ``output`` default to the terminal; ``printer`` and ``history`` default to printing on ``output`` and
    to the ``history`` file in the state directory. ``pager`` (default: when standard output is a terminal)
    sends output taller than the screen through ``$PAGER`` or ``less -R``.
    """

    def __init__(self, matcher: Matcher, *, kb_path: str | None = None, color: bool = True,
                 log_misses: bool = True, input: Input | None = None, output: Output | None = None,
                 printer: render.Printer | None = None, history: History | None = None,
                 pager: bool | None = None) -> None:
        super().__init__(matcher, kb_path=kb_path, log_misses=log_misses)
        self.color = color
        self.output: Output = output if output is not None else create_output()
        self.printer = printer if printer is not None else render.Printer(self.output, color=color)
        self.use_pager = pager if pager is not None else output is None and sys.stdout.isatty()
        self.history: History = history if history is not None else SharedFileHistory(
            history_path(), on_error=self._history_failed)
        self._warned: set[str] = set()
        self._pending: list[StyleAndTextTuples] = []
        self._notice = ""
        self.prompt_session: PromptSession[str] = fit_entered_line(PromptSession(
            message=lambda: [("class:prompt", self.messages.prompt)],
            input=input,
            output=self.output,
            history=self.history,
            auto_suggest=AutoSuggestFromHistory(),
            completer=ChatCompleter(lambda: self.matcher, commands.all_commands, lambda: self.choices),
            complete_while_typing=True,
            complete_in_thread=True,
            key_bindings=create_key_bindings(on_idle_interrupt=self._idle_interrupt),
            bottom_toolbar=self._toolbar,
            style=render.STYLE if color else render.PLAIN_STYLE,
            color_depth=None if color else ColorDepth.DEPTH_1_BIT,
            include_default_pygments_style=False,
        ))

    @property
    def width(self) -> int:
        """The width to lay text out for: the terminal's."""
        return self.printer.width

    def show(self, fragments: StyleAndTextTuples) -> None:
        """Print formatted text (made inert on the way) followed by a newline."""
        self.printer.print(fragments)

    def page(self, fragments: StyleAndTextTuples) -> None:
        """Show ``fragments`` through the pager when they are taller than the screen, else print them."""
        command = pager.pager_command() if self.use_pager else None
        if command is not None:
            size = self.output.get_size()
            if pager.rows_needed(fragments, size.columns) >= size.rows - 1:
                safe: StyleAndTextTuples = [(style if self.color else "", inert(text)) for style, text, *_ in fragments]
                text = pager.to_ansi(safe, render.STYLE if self.color else render.PLAIN_STYLE, color=self.color,
                                     columns=size.columns)
                if pager.run_pager(command, text):
                    return
                self.warn_once("pager", self.messages.pager_failed.format(pager=single_line(" ".join(command))))
        self.show(fragments)

    def warn_once(self, key: str, message: str) -> None:
        """Print a one-line warning the first time ``key`` goes wrong; later failures are silent."""
        if key not in self._warned:
            self._warned.add(key)
            self._pending.append(render.warning(message, self.messages, self.width))

    # -- the loop ------------------------------------------------------------------------------------

    def run(self) -> int:
        """Chat until Ctrl-D, /quit or an exit word (exit, quit, 退出); returns the exit status (0)."""
        self.show(render.welcome(self.knowledge, self.width))
        if isinstance(self.history, SharedFileHistory):
            self.history.check()
        self._flush()
        while True:
            try:
                text = self.prompt_session.prompt(pre_run=self._end_on_signals)
            except KeyboardInterrupt:  # a SIGINT from outside: Ctrl-C itself only clears the line
                self._flush()
                continue
            except EOFError:
                self._flush()
                break
            finally:
                self._notice = ""
            self._flush()
            try:
                if self.handle(text):
                    break
            except KeyboardInterrupt:  # Ctrl-C while a slow question or reload was being worked on
                self.show(render.note(self.messages.cancelled, self.width, "class:dim"))
            self._flush()
        self.show([("class:goodbye", self.messages.goodbye)])
        return 0

    # -- warnings, toolbar -------------------------------------------------------------------------------

    def _history_failed(self, error: OSError) -> None:
        self.warn_once("history", self.messages.history_unusable.format(reason=reason(error, self.messages)))

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        for fragments in pending:
            self.show(fragments)

    def _end_on_signals(self) -> None:
        """While the prompt waits, SIGTERM and SIGHUP end the chat as Ctrl-D does: the terminal is given back as it
        was (no toolbar left on the screen), the goodbye is said and the status is 0."""
        loop = asyncio.get_running_loop()
        app = self.prompt_session.app

        def end() -> None:
            if app.future is not None and not app.future.done():  # a second signal finds the prompt ending
                app.exit(exception=EOFError())

        for number in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if number is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # no signals here
                    loop.add_signal_handler(number, end)

    def _idle_interrupt(self) -> None:
        self._notice = self.messages.quit_hint

    def _toolbar(self) -> StyleAndTextTuples:
        notice = self._notice if not self.prompt_session.default_buffer.text else ""
        return render.toolbar(self.knowledge.title, self.width, notice, self.messages)


def history_path() -> Path:
    """Where the chat keeps its history: the ``history`` file in the state directory."""
    return state_dir() / "history"
