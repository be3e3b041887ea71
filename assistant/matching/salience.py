"""Salience: whether a short question names a thing the knowledge base never mentions.

A question about another lender or product (美团借钱逾期了怎么办, 招联金融的客服电话是多少) reads like one of
the base's questions with one word more, and every score says "answer". This finds that word without a
hand-kept list, from the base itself and a general-corpus prior:

1. the question's Chinese is cut into words by the most probable segmentation over a general dictionary
   (``data/words.tsv``, built from jieba's by ``tools/build_word_table.py``: each word's corpus frequency and
   whether it is noun-like);
2. a word is *mentioned* when it splits into pieces of two or more characters, each found somewhere in the
   base (questions, alternates, answers, synonyms; out-of-scope questions excluded), compared on sound keys so
   that a homophone typo counts as its word; consecutive single characters that the dictionary does not
   join and the base never holds side by side are read as one unknown word (a name: 招联, 美团);
3. an unmentioned word weighs its surprisal in the general corpus (−ln p) when it is a noun-like word, and an
   unknown word weighs the surprisal of its least surprising character plus ``NAME_BONUS``; other words
   (verbs, adverbs, particles, fillers like 一下 or 咋) weigh nothing: they change how a question is put,
   not what it is about;
4. a word sharing a character with the entry about to be answered (联络 for 联系, 罚金 for 罚息), or standing
   where the entry has the same sound beside the same neighbour (a typo: 备用斤 for 备用金), is read as that
   entry's own wording put otherwise and not counted.

``Salience.foreign(text, entry)`` is the weight of the heaviest word left; the decision
(``decision.decide``) holds back the answer to a short question (``SHORT``) whose weight reaches
``Thresholds.salience``. The dictionary is read on the first question that needs it (~15 ms), never at import.

>>> from assistant import Matcher
>>> matcher = Matcher()
>>> matcher.salience.foreign(matcher.normalize("美团借钱逾期了怎么办"), matcher.entry("overdue-what-to-do")) > 10
True
>>> matcher.salience.foreign(matcher.normalize("逾期了咋整"), matcher.entry("overdue-what-to-do"))
0.0
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Iterator
from functools import lru_cache

from ..models import Entry, Knowledge
from ..normalize import Normalizer, clean, sound_key

NAME_BONUS = 2.0
"""Added to an unknown word's weight: characters the dictionary does not join are most often a name."""

SHORT = 16
"""Normalized questions up to this length are checked; a longer one tells a story whose details (生病, 房贷)
are not what it asks about."""

LONGEST_WORD = 4
"""The dictionary's longest words, in characters."""


class Dictionary:
    """The general-corpus prior: each word's surprisal (−ln of its corpus frequency) and whether it is
    noun-like. Words of 2–4 characters below the build's frequency floor are absent (read as characters)."""

    __slots__ = ("costs", "unknown")

    def __init__(self, text: str) -> None:
        """Read the table's text (see ``tools/build_word_table.py`` for the format); raises ``ValueError``
        when it is not in that format."""
        header, _, body = text.partition("\n")
        name, _, total = header.partition("\t")
        if name != "total" or not total.isdigit():
            raise ValueError("not a word table: its first line must be 'total<TAB>N'")
        # One int per word: 2 × (4 × surprisal, rounded) + 1 when noun-like, so a word costs one dict slot.
        self.costs: dict[str, int] = {}
        for line in body.splitlines():
            cost, kind, words = line.split("\t")
            self.costs.update(dict.fromkeys(words.split(" "), 2 * int(cost) + (kind == "n")))
        self.unknown = 2 * round(4 * math.log(int(total))) + 1
        """A character the dictionary lacks: once in the corpus, noun-like."""

    def surprisal(self, word: str) -> float:
        """−ln p of ``word`` in the general corpus (a character it lacks: as if seen once); words of two or
        more characters it lacks are not asked for."""
        return (self.costs.get(word, self.unknown) >> 1) / 4.0

    def noun_like(self, word: str) -> bool:
        """True when the dictionary tags ``word`` as a noun, a name or an abbreviation."""
        return bool(self.costs.get(word, self.unknown) & 1)

    def segment(self, run: str) -> list[str]:
        """The most probable cut of ``run`` (Chinese characters only) into the dictionary's words, single
        characters where no word fits (jieba's dictionary route, without its guesses at unknown words)."""
        costs, unknown = self.costs, self.unknown
        n = len(run)
        best = [0.0] * (n + 1)
        step = [1] * (n + 1)
        for start in range(n - 1, -1, -1):
            best[start] = (costs.get(run[start], unknown) >> 1) + best[start + 1]
            step[start] = 1
            for end in range(start + 2, min(n, start + LONGEST_WORD) + 1):
                cost = costs.get(run[start:end])
                if cost is not None and (cost >> 1) + best[end] < best[start]:
                    best[start] = (cost >> 1) + best[end]
                    step[start] = end - start
        words, start = [], 0
        while start < n:
            words.append(run[start:start + step[start]])
            start += step[start]
        return words


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """The shipped general dictionary, read once per process."""
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "words.tsv")
    try:
        with open(path, encoding="utf-8") as file:
            return Dictionary(file.read())
    except OSError:  # the package is not a plain folder (a zip file)
        from importlib import resources

        return Dictionary((resources.files("assistant") / "data" / "words.tsv").read_text(encoding="utf-8"))


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def chinese_runs(text: str) -> Iterator[tuple[int, str]]:
    """The runs of Chinese characters in ``text``, each with where it starts, in order."""
    run = ""
    for position, char in enumerate(text):
        if _is_cjk(char):
            run += char
        elif run:
            yield position - len(run), run
            run = ""
    if run:
        yield len(text) - len(run), run


class Salience:
    """The salience check for one knowledge base (see the module's docstring). Built cheaply; the base's
    vocabulary is gathered on the first question that needs it. Safe to share across threads."""

    def __init__(self, knowledge: Knowledge, normalize: Normalizer) -> None:
        self.knowledge = knowledge
        self.normalize = normalize
        self._pairs: frozenset[str] | None = None
        self._entries: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._lock = threading.Lock()

    def _mentioned_pairs(self) -> frozenset[str]:
        """Every pair of adjacent characters (as sound keys) the base holds anywhere."""
        if self._pairs is None:
            with self._lock:
                if self._pairs is None:
                    pairs: set[str] = set()
                    for text in self._texts():
                        for _, run in chinese_runs(self.normalize(text)):
                            key = sound_key(run)
                            pairs.update(key[i:i + 2] for i in range(len(key) - 1))
                    self._pairs = frozenset(pairs)
        return self._pairs

    def _texts(self) -> Iterator[str]:
        for entry in self.knowledge.entries:
            yield from entry.phrasings
            yield entry.answer
        for canonical, variants in self.knowledge.synonyms.items():
            yield canonical
            yield from variants

    def _resemblance(self, entry: Entry) -> tuple[frozenset[str], frozenset[str]]:
        """The characters of ``entry``'s phrasings (as written, cleaned, and normalized) and the pairs of
        adjacent characters of their sound keys."""
        found = self._entries.get(entry.id)
        if found is None:
            texts = [self.normalize(p) for p in entry.phrasings] + [clean(p) for p in entry.phrasings]
            pairs = {key[i:i + 2] for key in map(sound_key, texts) for i in range(len(key) - 1)}
            found = self._entries[entry.id] = (frozenset("".join(texts)), frozenset(pairs))
        return found

    def words(self, text: str) -> list[tuple[str, int, float]]:
        """The words of normalized ``text`` that the base never mentions, each with where it starts in
        ``text`` and its weight (steps 2 and 3 of the module's docstring), in order. Empty when every word is
        mentioned."""
        pairs = self._mentioned_pairs()
        found: list[tuple[str, int, float]] = []
        table: Dictionary | None = None
        for offset, run in chinese_runs(text):
            key = sound_key(run)
            if all(key[i:i + 2] in pairs for i in range(len(key) - 1)):
                continue  # (most questions: nothing to read the dictionary for)
            table = table or dictionary()
            position = 0
            unknown = ""  # single characters read together as one unknown word
            for word in table.segment(run):
                span = key[position:position + len(word)]
                if len(word) == 1 and unknown and unknown_pair(key, position, pairs):
                    unknown += word
                else:
                    _add_unknown(found, unknown, offset + position - len(unknown), table)
                    unknown = word if len(word) == 1 else ""
                    if len(word) > 1 and not _mentioned(span, pairs) and table.noun_like(word):
                        found.append((word, offset + position, table.surprisal(word)))
                position += len(word)
            _add_unknown(found, unknown, offset + position - len(unknown), table)
        return found

    def foreign(self, text: str, entry: Entry) -> float:
        """The weight of the heaviest word of normalized ``text`` that the base never mentions and that
        shares no character (by sound) with ``entry``'s phrasings; 0.0 when there is none, or when the text
        is longer than ``SHORT``. Never raises for any text."""
        if len(text) > SHORT:
            return 0.0
        words = self.words(text)
        if not words:
            return 0.0
        characters, pairs = self._resemblance(entry)
        key = sound_key(text)
        return max((weight for word, start, weight in words if characters.isdisjoint(word)
                    and not any(key[i:i + 2] in pairs for i in range(max(start - 1, 0), start + len(word)))),
                   default=0.0)


def unknown_pair(key: str, position: int, pairs: frozenset[str]) -> bool:
    """True when the characters at ``position`` - 1 and ``position`` of sound key ``key`` never stand side by
    side in the base."""
    return key[position - 1:position + 1] not in pairs


def _mentioned(key: str, pairs: frozenset[str]) -> bool:
    """True when sound key ``key`` splits into pieces of two or more characters, each held by the base."""
    n = len(key)
    reachable = [True] + [False] * n
    for start in range(n):
        if not reachable[start]:
            continue
        for end in range(start + 2, n + 1):
            if key[end - 2:end] not in pairs:
                break
            reachable[end] = True
    return reachable[n]


def _add_unknown(found: list[tuple[str, int, float]], word: str, start: int, table: Dictionary) -> None:
    """Count a run of two or more single characters as one unknown word, unless it repeats one (啊啊啊)."""
    if len(set(word)) >= 2:
        found.append((word, start, min(map(table.surprisal, word)) + NAME_BONUS))
