"""The chat session: the prompt loop and what it remembers between turns.

Input and output are injected, so a test drives the session with ``create_pipe_input()`` and
``DummyOutput()``; printing goes through a ``Printer`` that a test may replace to record what is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.history import History
from prompt_toolkit.input import Input
from prompt_toolkit.output import ColorDepth, Output, create_output

from ..conversation import MAX_PICK_DIGITS, Conversation, is_pick
from ..errors import AssistantError, KnowledgeError
from ..matcher import Matcher
from ..misses import record_miss, state_dir
from ..models import Entry, Knowledge, Reply
from . import commands, render
from .completer import ChatCompleter
from .history import SharedFileHistory
from .keys import create_key_bindings

PROMPT = "问> "
RELOAD_FAILED = "重新读取知识库失败，继续使用原来的知识库。问题："

__all__ = ["MAX_PICK_DIGITS", "PROMPT", "RELOAD_FAILED", "ChatSession", "history_path"]


class ChatSession:
    """An interactive chat over one matcher.

    ``kb_path`` is where ``/reload`` reads the knowledge base again (None: the bundled one). ``color=False``
    prints no colours; ``log_misses=False`` keeps unanswered questions out of the local log. ``input`` and
    ``output`` default to the terminal; ``printer`` and ``history`` default to printing on ``output`` and
    to the ``history`` file in the state directory.

    What is remembered between turns is the ``conversation`` (``assistant.conversation.Conversation``),
    shared with the piped chat so both reply alike; ``last_asked``, ``last_picked``, ``last_answer``,
    ``choices`` and ``previous`` read it.
    """

    def __init__(self, matcher: Matcher, *, kb_path: str | None = None, color: bool = True,
                 log_misses: bool = True, input: Input | None = None, output: Output | None = None,
                 printer: render.Printer | None = None, history: History | None = None) -> None:
        self.kb_path = kb_path
        self.color = color
        self.log_misses = log_misses
        self.output: Output = output if output is not None else create_output()
        self.printer = printer if printer is not None else render.Printer(self.output, color=color)
        self.history: History = history if history is not None else SharedFileHistory(
            history_path(), on_error=self._history_failed)
        self.conversation = Conversation(matcher, on_miss=self._record_miss)
        self._warned: set[str] = set()
        self._pending: list[StyleAndTextTuples] = []
        self._notice = ""
        self.prompt_session: PromptSession[str] = PromptSession(
            message=[("class:prompt", PROMPT)],
            input=input,
            output=self.output,
            history=self.history,
            auto_suggest=AutoSuggestFromHistory(),
            completer=ChatCompleter(lambda: self.matcher.knowledge, commands.all_commands),
            complete_while_typing=True,
            complete_in_thread=True,
            key_bindings=create_key_bindings(on_idle_interrupt=self._idle_interrupt),
            bottom_toolbar=self._toolbar,
            style=render.STYLE if color else render.PLAIN_STYLE,
            color_depth=None if color else ColorDepth.DEPTH_1_BIT,
            include_default_pygments_style=False,
        )

    # -- what the commands use ---------------------------------------------------------------------------

    @property
    def matcher(self) -> Matcher:
        """The matcher in use (it changes on /reload)."""
        return self.conversation.matcher

    @property
    def last_asked(self) -> Reply | None:
        """The reply to the last question asked, or None."""
        return self.conversation.last_asked

    @property
    def last_picked(self) -> Entry | None:
        """The entry picked from the list since the last question, or None."""
        return self.conversation.last_picked

    @property
    def last_answer(self) -> Reply | None:
        """The last answer shown, or None."""
        return self.conversation.last_answer

    @property
    def choices(self) -> tuple[Entry, ...]:
        """The numbered list a bare number picks from."""
        return self.conversation.choices

    @property
    def previous(self) -> str | None:
        """The entry a short follow-up is read against, or None."""
        return self.conversation.previous

    @property
    def knowledge(self) -> Knowledge:
        """The knowledge base in use (it changes on /reload)."""
        return self.matcher.knowledge

    @property
    def width(self) -> int:
        """The width to wrap text to: the terminal's."""
        return self.printer.width

    def show(self, fragments: StyleAndTextTuples) -> None:
        """Print formatted text (made inert on the way) followed by a newline."""
        self.printer.print(fragments)

    def set_choices(self, entries: Sequence[Entry]) -> None:
        """Make ``entries`` the list that typing a bare number (1, 2, 3…) picks from."""
        self.conversation.set_choices(entries)

    def warn_once(self, key: str, message: str) -> None:
        """Print a one-line warning the first time ``key`` goes wrong; later failures are silent."""
        if key not in self._warned:
            self._warned.add(key)
            self._pending.append(render.warning(message, self.width))

    def reload(self) -> bool:
        """Read the knowledge base again from ``kb_path`` (through the cache, like the start); on an error
        keep the old one and print why.

        Returns True when the new knowledge base is in use.
        """
        from ..cache import load_matcher

        try:
            matcher = load_matcher(self.kb_path, thresholds=self.matcher.thresholds)
        except KnowledgeError as error:
            problems = [str(problem) for problem in error.problems] or [str(error)]
            self.show(render.error_lines(RELOAD_FAILED, problems, self.width))
            return False
        except (AssistantError, OSError) as error:
            self.show(render.error_lines(RELOAD_FAILED, [str(error)], self.width))
            return False
        self.conversation.use(matcher)
        knowledge = matcher.knowledge
        title = render.line(knowledge.title)
        count = len(knowledge.questions)
        self.show(render.note(f"已重新读取知识库「{title}」：{count} 个问题。", self.width))
        return True

    # -- the loop ------------------------------------------------------------------------------------

    def run(self) -> int:
        """Chat until Ctrl-D or /quit; returns the exit status (0)."""
        self.show(render.welcome(self.knowledge, self.width))
        if isinstance(self.history, SharedFileHistory):
            self.history.check()
        self._flush()
        while True:
            try:
                text = self.prompt_session.prompt()
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
                self.show(render.note("（已取消）", self.width, "class:dim"))
            self._flush()
        self.show([("class:goodbye", render.GOODBYE)])
        return 0

    def handle(self, text: str) -> bool:
        """Act on one line: a command, a number picking from the list, or a question. True ends the chat."""
        text = text.strip()
        if not text:
            return False
        if commands.is_command(text):
            if commands.dispatch(self, text):
                return True
            self.show([])  # a blank line before the next prompt
            return False
        if is_pick(text):
            self.pick(int(text))
        else:
            self.ask(text)
        return False

    def ask(self, question: str) -> Reply:
        """Answer a question (read with the previous answer when it is a short follow-up) and show it."""
        reply = self.conversation.ask(question)
        self._show_reply(reply)
        return reply

    def pick(self, number: int) -> Reply | None:
        """Show the answer of the ``number``-th item (from 1) of the numbered list on screen."""
        notice = self.conversation.pick_problem(number)
        if notice is not None:
            self.show(render.note(notice, self.width, "class:warning"))
            return None
        entry = self.choices[number - 1]
        reply = self.conversation.pick(number)
        if reply is not None:
            self.show(render.picked(entry, self.width))
            self._show_reply(reply)
        return reply

    def _show_reply(self, reply: Reply) -> None:
        self.show([*render.reply(reply, self.knowledge, self.width), ("", "\n")])

    def _record_miss(self, reply: Reply) -> None:
        if not self.log_misses:
            return
        try:
            record_miss(reply)
        except OSError as error:
            self.log_misses = False
            self.warn_once("misses", f"无法写入未回答问题的记录（{_reason(error)}），本次不再记录。")

    # -- warnings, toolbar -------------------------------------------------------------------------------

    def _history_failed(self, error: OSError) -> None:
        self.warn_once("history", f"无法使用历史记录文件（{_reason(error)}），本次的提问不会被记住。")

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        for fragments in pending:
            self.show(fragments)

    def _idle_interrupt(self) -> None:
        self._notice = "按 Ctrl-D 或输入 /quit 退出"

    def _toolbar(self) -> StyleAndTextTuples:
        notice = self._notice if not self.prompt_session.default_buffer.text else ""
        return render.toolbar(self.knowledge.title, self.width, notice)


def _reason(error: OSError) -> str:
    where = error.filename if isinstance(error.filename, str) else None
    what = error.strerror or str(error)
    return f"{where}：{what}" if where else what


def history_path() -> Path:
    """Where the chat keeps its history: the ``history`` file in the state directory."""
    return state_dir() / "history"

