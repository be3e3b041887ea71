"""Breaking text into lines of a terminal's width: Chinese characters count two columns, punctuation keeps to
the character it belongs with, list items hang their continuation lines (``wrap``)."""

from __future__ import annotations

import re

from prompt_toolkit.utils import get_cwidth

_NO_LINE_START = set("，。、；：？！）》」』】〕〉”’…—,.;:?!)]}%·～〜")
"""Punctuation that must not begin a line: it stays with the character before it."""
_NO_LINE_END = set("（《「『【〔〈“‘([{")
"""Punctuation that must not end a line: it moves down with the character after it."""
_LIST_MARKER = re.compile(r"^(\s*(?:[-*•·]|\d{1,3}[.、)）]|[（(]\d{1,3}[)）]|[一二三四五六七八九十]+、)\s*)")

MIN_WIDTH = 16
"""Text is never wrapped narrower than this many columns, however small the terminal."""
MAX_WIDTH = 80
"""Text is never wider than this many columns (40 Chinese characters), however wide the terminal."""


def width_of(text: str) -> int:
    """Return how many terminal columns ``text`` takes: a Chinese character takes two."""
    return get_cwidth(text)


def _tokens(text: str) -> list[str]:
    """Split one line into the units a line break may fall between.

    A run of narrow non-space characters (a Latin word, a number, a phone number, a URL) is one unit; a
    wide character is a unit of its own; spaces are units; closing punctuation is glued to the unit before
    it and opening punctuation to the unit after it.
    """
    raw: list[str] = []
    for char in text:
        wide = get_cwidth(char) > 1
        if char.isspace():
            if raw and raw[-1].isspace():
                raw[-1] += char
            else:
                raw.append(char)
        elif raw and (get_cwidth(char) == 0
                      or (not wide and not raw[-1].isspace() and get_cwidth(raw[-1][-1]) == 1)):
            raw[-1] += char  # a combining mark, or the next letter of a Latin word or number
        else:
            raw.append(char)
    tokens: list[str] = []
    glue_next = False
    for token in raw:
        if token.isspace():
            tokens.append(token)
            glue_next = False
            continue
        if tokens and (glue_next or token[0] in _NO_LINE_START) and not tokens[-1].isspace():
            tokens[-1] += token
        else:
            tokens.append(token)
        glue_next = token[-1] in _NO_LINE_END
    return tokens


_PUNCTUATION = "".join(_NO_LINE_START | _NO_LINE_END)


def _unbreakable(token: str) -> bool:
    """Whether a unit is never cut, even when wider than a line: a run of narrow characters (an address, a
    command, a long number: broken, it is copied or typed wrong), whatever punctuation it carries."""
    core = token.strip(_PUNCTUATION)
    return bool(core) and all(get_cwidth(char) <= 1 for char in core)


def _wrap_line(text: str, width: int) -> list[str]:
    text = text.rstrip()
    if not text:
        return [""]
    lead = text[: len(text) - len(text.lstrip())]
    if width_of(lead) > width // 2:
        lead = ""
    marker = _LIST_MARKER.match(text)
    hang = " " * width_of(marker.group(1)) if marker else lead
    if width_of(hang) > width // 2:
        hang = ""
    lines: list[str] = []
    current, used = lead, width_of(lead)
    start = used

    def break_line() -> None:
        nonlocal current, used, start
        lines.append(current.rstrip())
        current, used = hang, width_of(hang)
        start = used

    for token in _tokens(text.lstrip()):
        size = width_of(token)
        if token.isspace():
            if used > start:
                current, used = current + token, used + size
            continue
        if used + size > width and used > start:
            break_line()
        if used + size <= width or _unbreakable(token):  # one wider than a line alone: the terminal wraps it
            current, used = current + token, used + size
            continue
        for char in token:  # wide characters glued by punctuation, wider than a whole line: cut between them
            size = width_of(char)
            if used + size > width and used > start:
                break_line()
            current, used = current + char, used + size
    lines.append(current.rstrip())
    return lines


def wrap(text: str, width: int, *, indent: int = 0) -> list[str]:
    """Return ``text`` broken into lines at most ``width`` columns wide (Chinese characters count two), or,
    for text printed ``indent`` columns in (beside a list's number or a label), ``width - indent``.

    Existing line breaks are kept; lines break between Chinese characters or at spaces, never inside a
    Latin word, number, command or address (one wider than a line stands alone on its line, longer than
    ``width``, for the terminal to wrap and a copy to keep whole), never before closing punctuation such as
    ，or 。; list items (``1.``, ``-``) hang their continuation lines under their text. ``width`` counts as
    at least ``MIN_WIDTH``, the indented text keeps at least one Chinese character a line.

    >>> wrap("微粒贷客服电话是 400-999-8866，全天可拨。", 20)
    ['微粒贷客服电话是', '400-999-8866，全天可', '拨。']
    >>> wrap("延期期间还会产生罚息和违约金吗？", 20, indent=5)
    ['延期期间还会产', '生罚息和违约金', '吗？']
    """
    width = max(max(width, MIN_WIDTH) - indent, 2)
    lines: list[str] = []
    for paragraph in text.rstrip("\n").split("\n"):
        lines.extend(_wrap_line(paragraph, width))
    return lines
