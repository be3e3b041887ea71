"""What the chat prints: replies, citations, topics, help, warnings, as prompt_toolkit formatted text.

Every function here returns fragments (``StyleAndTextTuples``) and prints nothing; ``Printer`` prints them.
Text that comes from a knowledge base (or from the person typing) goes through ``inert`` first: a knowledge
base may contain escape sequences or control characters, and those must never reach the terminal raw.
Everything is laid out with ``wrap`` at the terminal's width, and at most ``MAX_WIDTH`` columns (about 40
Chinese characters a line) in a wider one: Chinese characters count two columns, no line starts with closing
punctuation (，。）), a command (/source), a number or an address is never broken, and list items hang their
continuation lines under their text. The terminal's own wrap would do none of that. A ``width`` of None means
there is no terminal (the piped chat): prose is then left whole, one line a paragraph, for the reader to wrap,
and lists are laid out for ``MAX_WIDTH``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples, fragment_list_to_text
from prompt_toolkit.output import ColorDepth, Output
from prompt_toolkit.shortcuts import print_formatted_text
from prompt_toolkit.styles import Style

from ..explanation import explanation
from ..matcher import Thresholds
from ..messages import NOT_COVERED, Messages, messages_for
from ..models import Entry, Knowledge
from ..normalize import simplified
from ..replies import Reply
from ..safety import inert, single_line
from .wrap import MAX_WIDTH, MIN_WIDTH, width_of, wrap

STYLE = Style.from_dict({
    "title": "bold",
    "source": "fg:ansibrightblack",
    "dim": "fg:ansibrightblack",
    "heading": "bold",
    "number": "bold fg:ansicyan",
    "command": "bold fg:ansicyan",
    "warning": "fg:ansiyellow",
    "error": "fg:ansired",
    "goodbye": "fg:ansigreen",
    "score": "bold",
    "prompt": "bold fg:ansicyan",
    "bottom-toolbar": "noreverse bg:ansibrightblack fg:ansiwhite",
    "bottom-toolbar.notice": "bold",
})
"""The chat's colours, by class name; ``"source"`` is the dimmed citation line under an answer."""

PLAIN_STYLE = Style.from_dict({
    "bottom-toolbar": "reverse",
    "completion-menu.completion.current": "reverse",
    "prompt": "",
})
"""The style with colours off: only attributes a monochrome terminal shows (reverse video for menus)."""

GOODBYE = messages_for("zh").goodbye

# -- making text inert ----------------------------------------------------------------------------------

def line(text: str) -> str:
    """Return text from the knowledge base made inert and fit for one line."""
    return single_line(text)


# -- printing --------------------------------------------------------------------------------------------


class Printer:
    """Prints formatted text to the chat's output, in colour or not, knowing the terminal's width."""

    def __init__(self, output: Output, *, color: bool = True) -> None:
        self.output = output
        self.color = color

    @property
    def width(self) -> int:
        """The width to wrap text to: the terminal's columns (at least ``MIN_WIDTH``)."""
        try:
            size = self.output.get_size().columns
        except OSError:
            size = 80
        return max(size, MIN_WIDTH)

    def print(self, fragments: StyleAndTextTuples) -> None:
        """Print fragments followed by a newline; every piece of text is made inert on the way."""
        self.write([(style if self.color else "", inert(text)) for style, text, *_ in fragments])

    def write(self, safe: StyleAndTextTuples) -> None:
        """Print fragments already made inert, followed by a newline."""
        print_formatted_text(FormattedText(safe), output=self.output,
                             style=STYLE if self.color else PLAIN_STYLE,
                             color_depth=None if self.color else ColorDepth.DEPTH_1_BIT,
                             include_default_pygments_style=False)


def plain(fragments: StyleAndTextTuples) -> str:
    """Return the text of fragments without their styles."""
    return fragment_list_to_text(fragments)


# -- building blocks -------------------------------------------------------------------------------------


def columns(width: int | None) -> int:
    """Return the columns text is laid out in: the terminal's ``width`` up to ``MAX_WIDTH``, and ``MAX_WIDTH``
    when there is no terminal (``width`` None)."""
    return MAX_WIDTH if width is None else min(width, MAX_WIDTH)


def _wrapped(text: str, width: int | None, style: str = "") -> StyleAndTextTuples:
    """Prose wrapped at ``columns(width)``; left whole, for the reader to wrap, with no terminal (None)."""
    return _wrapped_parts([(style, text)], width)


def _wrapped_parts(parts: Sequence[tuple[str, str]], width: int | None) -> StyleAndTextTuples:
    """A paragraph written in styled parts, wrapped as one text at ``columns(width)`` (left whole when
    ``width`` is None), each character keeping its part's style."""
    if width is None:
        whole: StyleAndTextTuples = [(style, text) for style, text in parts]
        whole[-1] = (parts[-1][0], parts[-1][1].rstrip("\n"))
        return whole
    styles = iter([style for style, text in parts for char in text if not char.isspace()])
    fragments: StyleAndTextTuples = []
    style = parts[0][0]
    for char in "\n".join(wrap("".join(text for _, text in parts), columns(width))):
        if not char.isspace():  # wrap moves and adds only white space: the rest comes in the same order
            style = next(styles)
        if fragments and fragments[-1][0] == style:
            fragments[-1] = (style, fragments[-1][1] + char)
        else:
            fragments.append((style, char))
    return fragments


def _join(blocks: Iterable[StyleAndTextTuples]) -> StyleAndTextTuples:
    fragments: StyleAndTextTuples = []
    for block in blocks:
        if fragments:
            fragments.append(("", "\n"))
        fragments.extend(block)
    return fragments


def numbered(items: Sequence[str], width: int | None, *, start: int = 1, indent: int = 2,
             digits: int = 0) -> StyleAndTextTuples:
    """Return a numbered list, each item wrapped with its continuation lines under its text.

    Numbers are right-aligned on ``digits`` digits (by default, as many as the last number has).
    """
    fragments: StyleAndTextTuples = []
    width = columns(width)
    digits = max(digits, len(str(start + len(items) - 1)))
    for number, item in enumerate(items, start):
        label = f"{' ' * indent}{number:>{digits}}. "
        lines = wrap(line(item), width, indent=len(label))
        if fragments:
            fragments.append(("", "\n"))
        fragments += [("class:number", label), ("", lines[0])]
        for more in lines[1:]:
            fragments += [("", "\n" + " " * len(label) + more)]
    return fragments


def document_name(knowledge: Knowledge, file: str) -> str:
    """Return a cited document's title when the header lists it, else its file name."""
    return line(knowledge.document_title(file))


# -- what the chat says ----------------------------------------------------------------------------------


def welcome(knowledge: Knowledge, width: int | None, *, keys: bool = True) -> StyleAndTextTuples:
    """The greeting: the knowledge base's title, how many questions it knows, an example, and help (naming
    the keys only with ``keys``: in the terminal chat)."""
    says = messages_for(knowledge.language)
    questions = knowledge.questions
    blocks: list[StyleAndTextTuples] = [_wrapped(line(knowledge.title), width, "class:title")]
    intro = says.intro.format(count=len(questions))
    if questions:
        intro += says.intro_example.format(question=line(questions[0].question))
    else:
        intro += "。" if says.language == "zh" else "."
    blocks.append(_wrapped(intro, width))
    blocks.append(_wrapped(says.keys_hint if keys else says.plain_hint, width, "class:dim"))
    return [*_join(blocks), ("", "\n")]


def source_line(knowledge: Knowledge, entry: Entry, width: int | None) -> StyleAndTextTuples:
    """The dimmed line under an answer naming its main source (document · section); empty without one."""
    citation = entry.source
    if citation is None:
        return []
    says = messages_for(knowledge.language)
    text = f"{says.source}{line(knowledge.cite(citation))}"
    others = len(entry.citations) - 1
    if others:
        text += says.more_sources.format(count=others)
    return _wrapped(text, width, "class:source")


def reply(reply: Reply, knowledge: Knowledge, width: int | None) -> StyleAndTextTuples:
    """A reply as the chat shows it.

    An answer is wrapped, followed by its dimmed source line and the numbered related questions; a
    clarify reply is a numbered "您是不是想问…" list; a reply that knows nothing is the fallback, plainly.
    """
    says = messages_for(knowledge.language)
    blocks: list[StyleAndTextTuples] = []
    if reply.status == "answer" and reply.match is not None:
        blocks.append(_wrapped(inert(reply.answer or reply.match.entry.answer).strip(), width))
        source = source_line(knowledge, reply.match.entry, width)
        if source:
            blocks.append(source)
        if reply.follow_ups:
            blocks.append([("class:heading", says.related)])
            blocks.append(numbered([entry.question for entry in reply.follow_ups], width))
    elif reply.status == "clarify" and reply.suggestions:
        blocks.append([("class:heading", says.did_you_mean)])
        blocks.append(numbered([match.question for match in reply.suggestions], width))
        blocks.append(_wrapped(says.pick_hint, width, "class:dim"))
    else:
        if reply.held_back in NOT_COVERED:
            blocks.append(_wrapped(says.not_covered.format(title=line(knowledge.title)), width))
        blocks.append(_wrapped(inert(reply.fallback or knowledge.fallback).strip(), width))
    return _join(blocks)


def offered(heading: str, entries: Sequence[Entry], says: Messages, width: int | None) -> StyleAndTextTuples:
    """Questions offered again to pick from (the last answer's related questions, to 还有呢): ``heading``, the
    numbered questions and how to pick one."""
    return _join([_wrapped(heading, width, "class:heading"), numbered([entry.question for entry in entries], width),
                  _wrapped(says.topics_hint, width, "class:dim")])


def picked(entry: Entry, width: int | None) -> StyleAndTextTuples:
    """The question picked by its number, shown above its answer."""
    return _wrapped(f"» {line(entry.question)}", width, "class:heading")


def read_with(entry: Entry, messages: Messages, width: int | None) -> StyleAndTextTuples:
    """The dimmed mark above an answer to a follow-up: the earlier question it was read together with."""
    return _wrapped(messages.read_with.format(question=line(entry.question)), width, "class:dim")


def citations(entry: Entry, knowledge: Knowledge, width: int | None) -> StyleAndTextTuples:
    """The full citation of an answer: each document cited (title, publisher, date, address, file) with
    the sections of it the answer draws on; in the knowledge base's language."""
    says = messages_for(knowledge.language).explain
    if not entry.citations:
        return _wrapped(says.no_citations.format(question=line(entry.question)), width)
    sections: dict[str, list[str]] = {}
    for citation in entry.citations:
        sections.setdefault(citation.document, []).append(line(citation.section))
    blocks: list[StyleAndTextTuples] = [_wrapped(says.cited_from.format(question=line(entry.question)), width,
                                                 "class:heading")]
    section, publisher, date, address, file = says.citation_labels
    fit = columns(width)
    for number, (document, parts) in enumerate(sections.items(), 1):
        source = knowledge.source(document)
        label = f"  {number}. "
        pad = " " * len(label)
        item: StyleAndTextTuples = [("class:number", label)]
        item.append(("class:title", ("\n" + pad).join(wrap(document_name(knowledge, document), fit,
                                                            indent=len(label)))))
        details: list[tuple[str, str | None]] = [(section, part) for part in parts]
        if source is not None:
            details += [(publisher, source.publisher), (date, source.date), (address, source.url)]
        details.append((file, document))
        for name, value in details:
            if value and name == address and width_of(f"{pad}{name}{line(value)}") > fit:
                # An address is never broken by us (copied or clicked, a broken one leads nowhere): on a line
                # of its own from the first column, for the terminal to wrap and copy whole.
                item.append(("", "\n" + pad + name + "\n" + line(value)))
            elif value:
                text = ("\n" + pad).join(wrap(f"{name}{line(value)}", fit, indent=len(label)))
                item.append(("class:dim" if name == file else "", "\n" + pad + text))
        blocks.append(item)
    return _join(blocks)


def why(asked: Reply, picked: Entry | None, thresholds: Thresholds, width: int | None,
        language: str | None = "zh", *, read_with: Entry | None = None,
        picked_elsewhere: bool = False, after: Entry | None = None, alone: Reply | None = None) -> StyleAndTextTuples:
    """How the last question was matched (``explanation.explanation``): the question or alternate it matched,
    the score and its parts, the outcome; in ``language`` (the knowledge base's). ``read_with``: the entry it was
    read with (its reply marked ↳), if any; ``picked_elsewhere``: ``picked`` came from a list it did not show;
    ``after`` and ``alone``: the entry answered before it and the reply it gets on its own, said when another."""
    blocks: list[StyleAndTextTuples] = []
    for paragraph in explanation(asked, picked, thresholds, language, read_with=read_with is not None,
                                 picked_elsewhere=picked_elsewhere, after=after, alone=alone):
        if paragraph.items:
            blocks.append(numbered(paragraph.items, width))
        elif len(paragraph.parts) == 1:
            style, text = paragraph.parts[0]
            blocks.append(_wrapped(text, width, f"class:{style}" if style else ""))
        else:
            blocks.append(_wrapped_parts([(f"class:{style}" if style else "", text)
                                          for style, text in paragraph.parts], width))
    return _join(blocks)


def _holds(entry: Entry, word: str) -> bool:
    """True when ``word`` (folded: ``_folded``) is part of the entry's topic, question or an alternate."""
    return any(word in _folded(text) for text in (entry.topic or "", entry.question, *entry.alternates))


def _folded(text: str) -> str:
    """``text`` as ``/topics WORD`` compares it: NFKC (full-width letters as ASCII), simplified, case folded,
    spaces dropped."""
    return "".join(simplified(unicodedata.normalize("NFKC", text)).casefold().split())


def topics(knowledge: Knowledge, width: int | None, word: str = "") -> tuple[StyleAndTextTuples, tuple[Entry, ...]]:
    """The questions the knowledge base knows grouped by topic (small talk left out), numbered across
    groups; returns the fragments and the entries in the order of their numbers. With ``word`` (``/topics 延期``),
    only the entries holding it in their topic, question or an alternate, under a line saying so (no entry: a
    line saying none does, and no entries)."""
    says = messages_for(knowledge.language)
    other = says.other_topic
    groups: dict[str, list[Entry]] = {}
    wanted = _folded(word)
    shown = [entry for entry in knowledge.questions if _holds(entry, wanted)] if wanted else knowledge.questions
    if wanted and not shown:
        return _wrapped(says.no_topics_with.format(word=line(word)), width), ()
    for entry in shown:
        groups.setdefault(line(entry.topic) if entry.topic else other, []).append(entry)
    if other in groups:
        groups[other] = groups.pop(other)
    blocks: list[StyleAndTextTuples] = []
    if wanted:
        blocks.append(_wrapped(says.topics_with.format(word=line(word), count=len(shown)), width, "class:dim"))
    order: list[Entry] = []
    digits = len(str(len(shown)))
    for topic, entries in groups.items():
        count = f"（{len(entries)}）" if says.language == "zh" else f" ({len(entries)})"
        if list(groups) != [other]:  # a base without topics (a bare list): no "Other" over every question
            blocks.append([("class:heading", f"{topic}{count}")])
        blocks.append(numbered([entry.question for entry in entries], width, start=len(order) + 1,
                               digits=digits))
        order.extend(entries)
    if order:
        blocks.append(_wrapped(says.topics_hint, width, "class:dim"))
    else:
        blocks.append(_wrapped(says.no_topics, width))
    return _join(blocks), tuple(order)


def _labelled(label: str, text: str, width: int | None, label_width: int) -> StyleAndTextTuples:
    """A line ``label  text``: labels padded to ``label_width`` columns, the text wrapped beside them."""
    label = f"  {label}" + " " * max(label_width - width_of(label), 1)
    lines = wrap(text, columns(width), indent=width_of(label))
    return [("class:command", label), ("", ("\n" + " " * width_of(label)).join(lines))]


def help_text(commands: Sequence[tuple[str, str]], width: int | None, messages: Messages | None = None, *,
              keys: bool = True) -> StyleAndTextTuples:
    """The list of commands with what each does, then (``keys``: in the terminal) the keys."""
    says = messages if messages is not None else messages_for("zh")
    keys_help = says.key_help if keys else ()
    label_width = max(width_of(name) for name, _ in (*commands, *keys_help)) + 2
    blocks: list[StyleAndTextTuples] = [_wrapped(says.help_intro, width), [("class:heading", says.commands)]]
    blocks += [_labelled(name, summary, width, label_width) for name, summary in commands]
    if not keys_help:
        return _join(blocks)
    blocks.append([("class:heading", says.keys)])
    blocks += [_labelled(key, what, width, label_width) for key, what in keys_help]
    return _join(blocks)


TOOLBAR_KEYS = messages_for("zh").toolbar_keys
_TOOLBAR_DROP_ORDER = (1, 2, 3, 0, 5)
"""The places in ``Messages.toolbar_keys`` of the keys left out first when the toolbar is too narrow."""


def toolbar(title: str, columns: int, notice: str = "", messages: Messages | None = None) -> StyleAndTextTuples:
    """The bottom toolbar: the knowledge base's name, then a notice or as many of the keys as fit."""
    name = line(title)
    if notice:
        return [("class:bottom-toolbar", f" {name} │ "), ("class:bottom-toolbar.notice", notice)]
    every = (messages if messages is not None else messages_for("zh")).toolbar_keys
    keys = list(every)
    for dropped in (every[place] for place in _TOOLBAR_DROP_ORDER):
        if width_of(f" {name} │ {' · '.join(keys)} ") <= columns:
            break
        keys.remove(dropped)
    return [("class:bottom-toolbar", f" {name} │ {' · '.join(keys)} ")]


def unknown_command(name: str, commands: Sequence[str], close: str | None, says: Messages,
                    width: int | None) -> StyleAndTextTuples:
    """The hint for a command that does not exist: the closest command, and every command."""
    text = says.unknown_command.format(name=line(name))
    if close:
        text += says.command_hint.format(name=close)
    text += says.command_list.format(names=" ".join(commands))
    return _wrapped(text, width, "class:warning")


def warning(text: str, says: Messages, width: int | None) -> StyleAndTextTuples:
    """A one-line (wrapped) warning."""
    return _wrapped(says.warning.format(text=inert(text, newlines=False)), width, "class:warning")


def error_lines(title: str, problems: Sequence[str], says: Messages, width: int | None, *,
                limit: int = 10) -> StyleAndTextTuples:
    """An error with the list of problems found (at most ``limit``, then how many more)."""
    blocks: list[StyleAndTextTuples] = [_wrapped(title, width, "class:error")]
    for problem in problems[:limit]:
        blocks.append(_wrapped(f"  {line(problem)}", width, "class:error"))
    if len(problems) > limit:
        blocks.append(_wrapped(says.more_problems.format(count=len(problems) - limit), width, "class:error"))
    return _join(blocks)


def note(text: str, width: int | None, style: str = "") -> StyleAndTextTuples:
    """A short message from the chat itself, wrapped."""
    return _wrapped(text, width, style)
