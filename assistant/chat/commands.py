"""The chat's slash commands, kept in a registry that ``@command`` fills.

Each command is a function ``(session, argument) -> bool`` that returns True to end the chat. ``/help`` and
the completer read the registry, so a new command is documented and completed as soon as it is declared::

    @command("/topics", "按主题列出能回答的问题")
    def topics(session: ChatSession, argument: str) -> bool:
        ...
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import render

if TYPE_CHECKING:
    from .session import ChatSession

Handler = Callable[["ChatSession", str], bool]
"""A command: called with the session and the text after the command's name; returns True to end the chat."""

SLASHES = ("/", "／", "、")
"""What a command may start with: the ASCII slash, or what a Chinese input method types for it (／ or 、)."""


@dataclass(frozen=True)
class Command:
    """A slash command: its name (with the slash), a one-line summary for /help, aliases and handler."""

    name: str
    summary: str
    handler: Handler
    aliases: tuple[str, ...] = ()


_COMMANDS: dict[str, Command] = {}
"""Every command by name, in the order they were declared."""
_NAMES: dict[str, Command] = {}
"""Every command by name and by alias."""


def command(name: str, summary: str, *, aliases: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
    """Register the decorated function as the slash command ``name``; ``summary`` is its line in /help."""

    def register(handler: Handler) -> Handler:
        found = Command(name, summary, handler, aliases)
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


def dispatch(session: ChatSession, text: str) -> bool:
    """Run the command written in ``text``; returns True when the chat should end.

    An unknown command prints a hint with the closest command's name and the list of commands.
    """
    name, _, argument = text.strip().partition(" ")
    found = find(name)
    if found is None:
        names = [c.name for c in all_commands()]
        close = difflib.get_close_matches("/" + name[1:].lower(), list(_NAMES), n=1, cutoff=0.5)
        suggestion = _NAMES[close[0]].name if close else None
        session.show(render.unknown_command(name, names, suggestion, session.width))
        return False
    return found.handler(session, argument.strip())


# -- the commands ----------------------------------------------------------------------------------------


@command("/help", "列出命令和按键", aliases=("/h", "/?"))
def _help(session: ChatSession, argument: str) -> bool:
    session.show(render.help_text([(c.name, c.summary) for c in all_commands()], session.width))
    return False


@command("/topics", "按主题列出我能回答的问题（输入编号查看答案）")
def _topics(session: ChatSession, argument: str) -> bool:
    fragments, entries = render.topics(session.knowledge, session.width)
    session.show(fragments)
    session.set_choices(entries)
    return False


@command("/source", "上一个回答的完整出处：文档标题、发布方、日期、网址和章节")
def _source(session: ChatSession, argument: str) -> bool:
    answered = session.last_answer
    if answered is None or answered.entry is None:
        session.show(render.note("还没有回答过问题；先问一个问题，再用 /source 查看出处。", session.width))
    else:
        session.show(render.citations(answered.entry, session.knowledge, session.width))
    return False


@command("/why", "上一个问题是怎么匹配的：匹配到的问法、得分和各项分数")
def _why(session: ChatSession, argument: str) -> bool:
    asked = session.last_asked
    if asked is None:
        session.show(render.note("还没有问过问题；先问一个问题，再用 /why 查看匹配过程。", session.width))
    else:
        session.show(render.why(asked, session.last_picked, session.matcher.thresholds, session.width))
    return False


@command("/reload", "重新读取知识库（出错时继续用原来的）")
def _reload(session: ChatSession, argument: str) -> bool:
    session.reload()
    return False


@command("/quit", "退出", aliases=("/exit", "/q"))
def _quit(session: ChatSession, argument: str) -> bool:
    return True
