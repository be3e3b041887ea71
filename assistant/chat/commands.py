"""The chat's slash commands, kept in a registry that ``@command`` fills.

Each command is a function ``(session, argument) -> bool`` that returns True to end the chat. ``/help`` and
the completer read the registry, so a new command is documented and completed as soon as it is declared::

    @command("/topics", "按主题列出能回答的问题", "list the questions I can answer, by topic")
    def topics(session: ChatBase, argument: str) -> bool:
        ...
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..safety import cut
from . import render

if TYPE_CHECKING:
    from .base import ChatBase

Handler = Callable[["ChatBase", str], bool]
"""A command: called with the session and the text after the command's name; returns True to end the chat."""

SLASHES = ("/", "／", "、")
"""What a command may start with: the ASCII slash, or what a Chinese input method types for it (／ or 、)."""


@dataclass(frozen=True)
class Command:
    """A slash command: its name (with the slash), a one-line summary for /help (in Chinese, and in English
    for a base in another language), aliases and handler."""

    name: str
    summary: str
    handler: Handler
    aliases: tuple[str, ...] = ()
    summary_en: str = ""
    takes_argument: bool = False
    """Whether the text after the name means something (``/why 问题``, ``/topics 延期``); a command taking none
    given one says it was left unused."""

    def summary_in(self, language: str) -> str:
        """The summary in the interface's ``language`` (``messages.Messages.language``)."""
        return self.summary if language == "zh" or not self.summary_en else self.summary_en


_COMMANDS: dict[str, Command] = {}
"""Every command by name, in the order they were declared."""
_NAMES: dict[str, Command] = {}
"""Every command by name and by alias."""


def command(name: str, summary: str, summary_en: str = "", *, aliases: tuple[str, ...] = (),
            takes_argument: bool = False) -> Callable[[Handler], Handler]:
    """Register the decorated function as the slash command ``name``; ``summary`` (``summary_en`` in English)
    is its line in /help; ``takes_argument``: the text after the name is its to read."""

    def register(handler: Handler) -> Handler:
        found = Command(name, summary, handler, aliases, summary_en, takes_argument)
        for key in (name, *aliases):
            if key in _NAMES:
                raise ValueError(f"the command {key} is declared twice")
            _NAMES[key] = found
        _COMMANDS[name] = found
        return handler

    return register


def all_commands() -> tuple[Command, ...]:
    """Every registered command, in the order they were declared."""
    return tuple(_COMMANDS.values())


def find(name: str) -> Command | None:
    """Return the command called ``name`` (or with that alias; any slash, any case), or None."""
    if name[:1] in SLASHES:
        name = "/" + name[1:]
    return _NAMES.get(name.lower())


def is_command(text: str) -> bool:
    """Tell whether a line the person typed is a command rather than a question.

    A line starting with 、 is a command only when an ASCII letter follows (、help), as a Chinese input
    method types 、 for the slash key.
    """
    text = text.strip()
    if text[:1] == "、":
        return text[1:2].isascii() and text[1:2].isalpha()
    return text[:1] in SLASHES


def dispatch(session: ChatBase, text: str) -> bool:
    """Run the command written in ``text``; returns True when the chat should end.

    An unknown command prints a hint with the closest command's name and the list of commands.
    """
    text = text.strip()
    # A space after the slash (/ why, as a phone keyboard puts one after punctuation) still names the command.
    name, _, argument = (text[:1] + text[1:].lstrip()).partition(" ")
    found = find(name)
    if found is None:
        names = [c.name for c in all_commands()]
        # (A bare slash names nothing to be close to: every one-letter alias would do.) Only a slip of a letter or
        # two is offered: below 0.7 the closest is a guess (/list would be offered /quit, /history /source).
        close = difflib.get_close_matches("/" + name[1:].lower(), list(_NAMES), n=1, cutoff=0.7) if name[1:] else []
        suggestion = _NAMES[close[0]].name if close else None
        session.show(render.unknown_command(name, names, suggestion, session.messages, session.width))
        return False
    argument = argument.strip()
    if argument and not found.takes_argument and found.name != "/quit":  # (/quit now: quits, nothing to say)
        session.show(render.note(session.messages.no_argument.format(name=found.name, argument=cut(argument)),
                                 session.width, "class:dim"))
    return found.handler(session, argument)


# -- the commands ----------------------------------------------------------------------------------------


@command("/help", "列出命令和按键", "list the commands and keys", aliases=("/h", "/?"))
def _help(session: ChatBase, argument: str) -> bool:
    language = session.messages.language
    session.page(render.help_text([(c.name, c.summary_in(language)) for c in all_commands()], session.width,
                                  session.messages, keys=session.interactive))
    return False


@command("/topics", "按主题列出能回答的问题（输入编号看答案；后面加一个词只列含它的）",
         "list the questions I can answer, by topic (type a number to see its answer; /topics WORD: only those "
         "holding WORD)", takes_argument=True)
def _topics(session: ChatBase, argument: str) -> bool:
    fragments, entries = render.topics(session.knowledge, session.width, argument)
    session.page(fragments)
    if entries:  # none holding the word: the list on the screen before is still the one a number picks from
        session.set_choices(entries)
    return False


@command("/reset", "清除上下文：下一个问题单独理解，不结合上一个回答", "forget the context: the next question "
         "is read on its own, not with the previous answer", aliases=("/new",))
def _reset(session: ChatBase, argument: str) -> bool:
    session.conversation.reset()
    session.show(render.note(session.messages.reset, session.width, "class:dim"))
    return False


@command("/source", "上一个回答的完整出处：文档标题、发布方、日期、网址和章节",
         "where the last answer comes from: each document's title, publisher, date, address and sections")
def _source(session: ChatBase, argument: str) -> bool:
    answered = session.last_answer
    if answered is None or answered.entry is None:
        session.show(render.note(session.messages.no_answer_yet, session.width))
    else:
        session.page(render.citations(answered.entry, session.knowledge, session.width))
    return False


@command("/why", "上一个问题（或 /why 问题）是怎么匹配的：问法、得分和各项分数",
         "how the last question (or /why QUESTION) was matched: the phrasing, its score and the score's parts",
         takes_argument=True)
def _why(session: ChatBase, argument: str) -> bool:
    if argument:  # /why 问题, as `assistant why 问题`: that question, read as if asked next, neither asked nor logged
        would, read_with = session.conversation.ask_aside(argument)
        session.page(render.why(would, None, session.matcher.thresholds, session.width,
                                session.knowledge.language, read_with=read_with))
        if would.status == "clarify":  # its numbered candidates are the list on the screen: a number picks there
            session.set_choices([match.entry for match in would.suggestions])
        return False
    talk = session.conversation
    asked, read_with = session.last_asked, session.last_read_with
    after = None if talk.asked_after is None else session.knowledge.get(talk.asked_after)
    alone = talk.last_alone
    picked_from = talk.picked_from
    if session.last_picked is not None and picked_from is not None and picked_from is not asked:
        # the pick came from an earlier question's list: explain that one
        asked, read_with, after, alone = picked_from, None, None, None
    if asked is None:
        session.show(render.note(session.messages.no_question_yet, session.width))
    else:
        # A pick from /topics or a picked answer's related questions did not follow from the question explained.
        session.page(render.why(asked, session.last_picked, session.matcher.thresholds, session.width,
                                session.knowledge.language, read_with=read_with,
                                picked_elsewhere=session.last_picked is not None and picked_from is None,
                                after=after, alone=alone))
    return False


@command("/reload", "重新读取知识库（出错时继续用原来的）", "read the knowledge base again (keeping the old one "
         "on an error)")
def _reload(session: ChatBase, argument: str) -> bool:
    session.reload()
    return False


@command("/quit", "退出（也可以输入 exit、quit 或 退出）", "quit (or type exit or quit)", aliases=("/exit", "/q"))
def _quit(session: ChatBase, argument: str) -> bool:
    return True
