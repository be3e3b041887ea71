"""What may reach a terminal or a log: the one definition, used by every edge and by the misses log.

Text shown to a person may come from anyone: a knowledge-base file, a question typed or piped in, a file
name. Written raw, an escape sequence in it would act on the terminal (colours, cursor moves, the window
title, an OSC 52 clipboard write) and a control or format character would hide or reorder what is shown.
Three treatments, for three places:

- ``inert`` drops escape sequences and unsafe characters: text shown as text (answers, questions, the log);
- ``one_line`` writes each unsafe character as a visible escape (``\\x1b``): names in messages (a file
  name), where what is there must be seen, not silently dropped;
- ``json_inert`` writes, inside JSON text, the characters JSON may carry raw but a terminal would act on as
  ``\\u`` escapes: the JSON stays valid and means the same.
"""

from __future__ import annotations

import re
import unicodedata

ESCAPE_SEQUENCE = r"""(?x)
      \x1b\[[0-?]*[ -/]*[@-~]?                      # CSI: colours, cursor movement, erasing
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC: window titles, hyperlinks, clipboard
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?        # DCS, SOS, PM, APC strings
    | \x1b[ -/]*[0-~]?                              # every other escape sequence
    | \x9b[0-?]*[ -/]*[@-~]?                        # CSI in its 8-bit form
    | [\x90\x98\x9d\x9e\x9f][^\x1b\x9c\x07]*(?:\x07|\x1b\\|\x9c)?   # 8-bit DCS, SOS, OSC, PM, APC
"""
"""Every terminal escape sequence, as a pattern (``re`` compiles and keeps it on first use)."""

UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})
"""Unicode categories never shown raw: controls, format characters (bidirectional overrides, zero-width
characters), lone surrogates and private-use characters."""

KEEP = frozenset({"\u200d", "\ufe0f"})
"""Format characters that are harmless and that emoji need: the zero-width joiner and the emoji
presentation selector."""

_UNSAFE_IN_JSON = "[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def is_unsafe(char: str) -> bool:
    """Return True when the character ``char`` must not reach a terminal raw (see ``UNSAFE_CATEGORIES``).

    >>> is_unsafe("\\x1b"), is_unsafe("\\u202e"), is_unsafe("\\u200d"), is_unsafe("客")
    (True, True, False, False)
    """
    return unicodedata.category(char) in UNSAFE_CATEGORIES and char not in KEEP


def strip_escapes(text: str, replacement: str = "") -> str:
    """Return ``text`` with every terminal escape sequence replaced by ``replacement`` (nothing by default).

    >>> strip_escapes("\\x1b[31m红色\\x1b[0m")
    '红色'
    """
    if not re.search("[\x1b\x90-\x9f]", text):  # the usual case: nothing to look for
        return text
    return re.sub(ESCAPE_SEQUENCE, replacement, text)


def inert(text: str, *, newlines: bool = True) -> str:
    """Return ``text`` safe to print: escape sequences removed, control and format characters dropped.

    Tabs become spaces; line and paragraph separators become newlines. ``newlines=False`` turns every
    line break into a space, for text shown on one line (a question, a title).

    >>> inert("\\x1b[31m红色\\x1b[0m\\x07")
    '红色'
    >>> inert("第一行\\n第二行", newlines=False)
    '第一行 第二行'
    """
    text = strip_escapes(text)
    kept = []
    for char in text:
        if char in "\n\u2028\u2029\r":
            if char != "\r":
                kept.append("\n" if newlines else " ")
        elif char == "\t":
            kept.append("    " if newlines else " ")
        elif not is_unsafe(char):
            kept.append(char)
    return "".join(kept)


def single_line(text: str) -> str:
    """Return ``text`` inert and on one line, runs of white space made one space.

    >>> single_line("\\x1b[31m客服 \\n 电话\\x1b[0m\\t")
    '客服 电话'
    """
    return " ".join(inert(text, newlines=False).split())


def one_line(text: str) -> str:
    r"""Return ``text`` safe to print as one line: each control or format character written as an escape.

    A file name or a value quoted in a message may contain line breaks or terminal escape sequences; shown
    raw, they would split the message or act on the terminal.

    >>> print(one_line("bad\x1b[2J.yaml\nline"))
    bad\x1b[2J.yaml\nline
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char == " " else
                   ascii(char)[1:-1] if unicodedata.category(char) != "Zs" else " " for char in text)


def json_inert(text: str) -> str:
    """Return JSON text with the characters a terminal would act on written as ``\\u`` escapes.

    JSON may carry DEL, C1 controls (the one-byte CSI), line separators and bidirectional overrides raw;
    escaped, the JSON stays valid, decodes to the same value, and is inert on a terminal.

    >>> json_inert('{"q": "a\\u202eb"}')
    '{"q": "a\\\\u202eb"}'
    """
    return re.sub(_UNSAFE_IN_JSON, lambda found: f"\\u{ord(found.group(0)):04x}", text)


QUOTED_CHARS = 40
"""A name or id someone sent (a request's field name, an entry id, a URL's path) is quoted in an error up to this
many characters: enough to recognise it, never a whole request (64 KB) echoed back."""


def quoted(text: str, limit: int = QUOTED_CHARS) -> str:
    """Return ``text`` quoted as ``repr`` quotes it, cut to ``limit`` characters with '…' after them.

    >>> quoted("x" * 50)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'"
    >>> quoted("客服")
    "'客服'"
    """
    return repr(cut(text, limit))


def cut(text: str, limit: int = QUOTED_CHARS) -> str:
    """Return ``text`` when it has at most ``limit`` characters, else its first ``limit - 1`` and '…'.

    >>> cut("/entries/" + "z" * 20, 12)
    '/entries/zz…'
    """
    return text if len(text) <= limit else text[:limit - 1] + "…"
