"""Regular expressions compiled on first use (``LazyPattern``).

A pattern compiled when its module is imported is paid for by every process that imports it, the shortest
``assistant ask`` included, whether or not its question ever needs it; one compiled on first use is paid for only
by the processes that use it. The matcher's modules hold dozens of patterns, many of which a single question never
reaches (the ones reading an entry's answer run when the matcher's tables are built, not when they are loaded).
A pattern that costs next to nothing to compile (``\\s+``, a short class) may as well stay an ``re.compile``.

A pattern that is only words (``修改|更改|改成``: no character special to ``re``, no flags) can match only where one of
them is written: until it is compiled, a text holding none of them gets no match without compiling it, so a
question pays only for the word lists it holds a word of. A pattern of more than words names the words every
match holds one of as ``needs`` (``LazyPattern(r"(?<![没不])多久|多长时间", needs=("多久", "多长时间"))``), read the
same way; tests/test_lazy_regex.py checks each pattern's ``needs`` against the pattern's parse. A pattern that is only
words is compiled once it has found no word in ``MISSES`` texts all the same: looking for each word in Python costs
more than the compiled search, and a pattern asked of every question (an attribute a question rarely asks for) would
otherwise pay it on every one. (A pattern with ``needs`` may be slow to compile: it waits for a text holding one.)

>>> CHANGE = LazyPattern("修改|更改|改成")
>>> CHANGE.search("逾期了怎么办"), CHANGE.compiled_yet
(None, False)
>>> CHANGE.search("还款日能修改吗").group(), CHANGE.compiled_yet
('修改', True)
>>> AGAIN = LazyPattern(r"(.)\\1")
>>> AGAIN.compiled_yet
False
>>> AGAIN.search("好好学习").group()
'好好'
>>> AGAIN.compiled_yet
True
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

MISSES = 64
"""How many texts holding none of its words a pattern of words only is asked of before it is compiled."""


class LazyPattern:
    """A regular expression (``re`` syntax) compiled on its first use and kept for the process. Used as an
    ``re.Pattern`` is, by the methods the matcher calls (``search``, ``match``, ``fullmatch``, ``findall``,
    ``finditer``, ``sub``), each the compiled pattern's own; ``pattern`` and ``flags`` are read without compiling
    (to build other patterns from). ``needs``: words of which every match holds one (without flags), or None.
    Safe to share across threads: two threads using it first may both compile it, and get equal patterns."""

    __slots__ = ("_compiled", "_misses", "_words", "flags", "needs", "pattern")

    def __init__(self, pattern: str, flags: int = 0, *, needs: tuple[str, ...] | None = None) -> None:
        self.pattern = pattern
        self.flags = flags
        self.needs = needs
        self._compiled: re.Pattern[str] | None = None
        # A pattern of words only (no character special to re): any match is one of them, written in the text.
        words = tuple(pattern.split("|")) if needs is None and not _SPECIAL.intersection(pattern) else needs
        self._words = None if flags else words
        self._misses = 0  # texts found holding none of the words, for a pattern of words only (``MISSES``)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}{f', {self.flags}' if self.flags else ''})"

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now on the first call, the same object on every later one)."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
        return compiled

    @property
    def compiled_yet(self) -> bool:
        """True once the pattern has been compiled (by a first use, ``MISSES`` texts missed by a pattern of words
        only, or ``compiled``)."""
        return self._compiled is not None

    def _unmatched(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """True when the pattern, not compiled yet, is words only (or ``needs`` words) and ``string[pos:endpos]``
        holds none of them: it cannot match there."""
        words = self._words
        if words is None:
            return False
        start, end = max(pos, 0), max(endpos, 0)  # as re reads them; str.find counts a negative one from the end
        if any(string.find(word, start, end) >= 0 for word in words):
            return False
        if self.needs is None:
            # (Threads may count at once and miss a count: the pattern is compiled a little later, and finds the same.)
            self._misses += 1
            if self._misses >= MISSES:
                self._compiled = re.compile(self.pattern, self.flags)
        return True

    # Each method reads the kept pattern itself, the ``compiled`` property only the first time: a matcher calls
    # them many times a question.
    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``re.Pattern.search``: the first match in ``string[pos:endpos]``; None when there is none."""
        compiled = self._compiled
        if compiled is None:
            if self._unmatched(string, pos, endpos):
                return None
            compiled = self.compiled
        return compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``re.Pattern.match``: the match at ``pos``; None when there is none."""
        compiled = self._compiled
        if compiled is None:
            if self._unmatched(string, pos, endpos):
                return None
            compiled = self.compiled
        return compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``re.Pattern.fullmatch``: the match of all of ``string[pos:endpos]``; None when there is none."""
        compiled = self._compiled
        if compiled is None:
            if self._unmatched(string, pos, endpos):
                return None
            compiled = self.compiled
        return compiled.fullmatch(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        """``re.Pattern.findall``: every match's text, or its group, or its groups' tuple; empty when none."""
        compiled = self._compiled
        if compiled is None:
            if self._unmatched(string, pos, endpos):
                return []
            compiled = self.compiled
        return compiled.findall(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        """``re.Pattern.finditer``: the matches, in order."""
        compiled = self._compiled
        if compiled is None:
            if self._unmatched(string, pos, endpos):
                return iter(())
            compiled = self.compiled
        return compiled.finditer(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        """``re.Pattern.sub``: ``string`` with its first ``count`` matches (every one when 0) replaced by ``repl``."""
        compiled = self._compiled
        if compiled is None:
            if self._unmatched(string):
                return string
            compiled = self.compiled
        return compiled.sub(repl, string, count)


_SPECIAL = frozenset("\\.^$*+?{}[]()")
"""The characters ``re`` reads as more than themselves (``|`` aside): a pattern without any is words only."""
