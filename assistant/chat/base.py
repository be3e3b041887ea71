"""What the terminal chat and the piped chat share: one line acted on, and what each shows for it.

``ChatBase`` holds the ``Conversation`` (the core's memory of the talk) and turns each line into something
shown: a command, an exit word, a pick, or a question. The two front ends differ only in how they show
fragments (``show``, ``page``), how wide they are, and how they report a failing misses log.
"""

from __future__ import annotations

from collections.abc import Sequence

from prompt_toolkit.formatted_text import StyleAndTextTuples

from ..conversation import Conversation, Turn
from ..errors import AssistantError, KnowledgeError
from ..matcher import Matcher
from ..messages import Messages
from ..misses import base_label, record_miss
from ..models import Entry, Knowledge
from ..replies import Reply
from . import commands, render


class ChatBase:
    """A chat over one matcher, whatever the screen: subclasses say how to ``show`` formatted text.

    ``kb_path`` is where ``/reload`` reads the knowledge base again (None: the bundled one);
    ``log_misses=False`` keeps unanswered questions out of the local log. What is remembered between turns
    is the ``conversation``; ``last_asked``, ``last_picked``, ``last_answer``, ``choices`` and ``previous``
    read it.
    """

    interactive = True
    """Whether keys (Tab, Ctrl-D) mean anything here: /help lists them only then."""

    def __init__(self, matcher: Matcher, *, kb_path: str | None = None, log_misses: bool = True) -> None:
        self.kb_path = kb_path
        self.log_misses = log_misses
        self.conversation = Conversation(matcher, on_miss=self._record_miss)

    # -- what a front end provides --------------------------------------------------------------------

    @property
    def width(self) -> int | None:
        """The terminal's width, which text is laid out for; None without a terminal (prose is left whole)."""
        return None

    def show(self, fragments: StyleAndTextTuples) -> None:
        """Print formatted text (made inert on the way) followed by a newline."""
        raise NotImplementedError

    def page(self, fragments: StyleAndTextTuples) -> None:
        """Show long output: through a pager where there is a screen to fill, else like ``show``."""
        self.show(fragments)

    def warn_once(self, key: str, message: str) -> None:
        """Show a warning the first time ``key`` goes wrong (subclasses: only the first time)."""
        self.show(render.warning(message, self.messages, self.width))

    # -- what the commands use ---------------------------------------------------------------------------

    @property
    def matcher(self) -> Matcher:
        """The matcher in use (it changes on /reload)."""
        return self.conversation.matcher

    @property
    def knowledge(self) -> Knowledge:
        """The knowledge base in use (it changes on /reload)."""
        return self.matcher.knowledge

    @property
    def messages(self) -> Messages:
        """The interface's sentences, in the knowledge base's language."""
        return self.conversation.messages

    @property
    def last_asked(self) -> Reply | None:
        """The reply to the last question asked, or None."""
        return self.conversation.last_asked

    @property
    def last_picked(self) -> Entry | None:
        """The entry picked from the list since the last question, or None."""
        return self.conversation.last_picked

    @property
    def last_read_with(self) -> Entry | None:
        """The entry the last question asked was read together with (its reply marked ↳), or None."""
        return self.conversation.last_read_with

    @property
    def last_answer(self) -> Reply | None:
        """The last answer shown, or None."""
        return self.conversation.last_answer

    @property
    def choices(self) -> tuple[Entry, ...]:
        """The numbered list a number picks from."""
        return self.conversation.choices

    @property
    def previous(self) -> str | None:
        """The entry a short follow-up is read against, or None."""
        return self.conversation.previous

    def set_choices(self, entries: Sequence[Entry]) -> None:
        """Make ``entries`` the list that typing a number (1, 2, 第三个…) picks from."""
        self.conversation.set_choices(entries)

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
            self.show(render.error_lines(self.messages.reload_failed, problems, self.messages, self.width))
            return False
        except (AssistantError, OSError) as error:
            self.show(render.error_lines(self.messages.reload_failed, [str(error)], self.messages, self.width))
            return False
        self.conversation.use(matcher)
        knowledge = matcher.knowledge
        said = self.messages.reloaded.format(title=render.line(knowledge.title), count=len(knowledge.questions))
        self.show(render.note(said, self.width))
        return True

    # -- one line ------------------------------------------------------------------------------------

    def handle(self, text: str) -> bool:
        """Act on one line: a command, an exit word, a number picking from the list, or a question.
        Returns True when the chat should end."""
        text = text.strip()
        if not text:
            return False
        if commands.is_command(text):
            if commands.dispatch(self, text):
                return True
            self.show([])  # a blank line before the next prompt
            return False
        turn = self.conversation.say(text)
        if turn.end:
            return True
        if turn.offered:
            self.show([*render.offered(turn.notice or "", turn.offered, self.messages, self.width), ("", "\n")])
        elif (turn.declined or turn.more) and turn.notice is not None:
            self.show([*render.note(f"{turn.notice}{self.messages.topics_offer}", self.width), ("", "\n")])
        elif turn.notice is not None:
            self.show([*render.note(turn.notice, self.width, "class:warning"), ("", "\n")])
        self._show_turn(turn)
        return False

    def ask(self, question: str) -> Reply:
        """Answer a question (read with the previous answer when it is a short follow-up), show the reply and
        return it."""
        turn = self.conversation.question(question)
        self._show_turn(turn)
        assert turn.reply is not None
        return turn.reply

    def pick(self, number: int) -> Reply | None:
        """Show the answer of the ``number``-th item (from 1) of the numbered list and return its reply; None, a note
        saying why shown instead, when ``number`` picks nothing (``Conversation.pick_problem``)."""
        notice = self.conversation.pick_problem(number)
        if notice is not None:
            self.show([*render.note(notice, self.width, "class:warning"), ("", "\n")])
            return None
        entry = self.choices[number - 1]
        reply = self.conversation.pick(number)
        self._show_turn(Turn(reply, picked=entry))
        return reply

    def _show_turn(self, turn: Turn) -> None:
        if turn.reply is None:
            return
        if turn.picked is not None:
            self.show(render.picked(turn.picked, self.width))
        if turn.read_with is not None:
            self.show(render.read_with(turn.read_with, self.messages, self.width))
        self.show([*render.reply(turn.reply, self.knowledge, self.width), ("", "\n")])

    # -- the misses log ----------------------------------------------------------------------------------

    def _record_miss(self, reply: Reply) -> None:
        if not self.log_misses:
            return
        try:
            record_miss(reply, base=base_label(self.kb_path), previous=self.conversation.asked_after)
        except OSError as error:
            self.log_misses = False
            self.misses_failed(error)

    def misses_failed(self, error: OSError) -> None:
        """Say once that the misses log cannot be written (logging is off from now on)."""
        self.warn_once("misses", self.messages.misses_unwritable.format(reason=reason(error, self.messages)))


def reason(error: OSError, says: Messages) -> str:
    """Return why an ``OSError`` happened, with the file it concerns when it names one."""
    where = error.filename if isinstance(error.filename, str) else None
    what = error.strerror or str(error)
    return says.file_problem.format(file=where, what=what) if where else what
