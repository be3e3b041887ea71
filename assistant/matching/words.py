"""The general dictionary: each word's surprisal in a large general corpus and its part of speech, and the
most probable cut of a run of Chinese characters into its words.

Read from ``data/words.tsv``, built from jieba's dictionary by ``tools/build_word_table.py`` (jieba is not
needed at run time), on the first question that needs it (a few ms), never at import. Used by the salience
check (``salience``) and by the follow-up reading (``context``).

>>> table = dictionary()
>>> table.segment("逾期了怎么办")
['逾期', '了', '怎么办']
>>> table.noun_like("信用卡"), table.noun_like("提高")
(True, False)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from ..normalize import is_chinese, read_data

LONGEST_WORD = 4
"""The dictionary's longest words, in characters."""

CUTS_KEPT = 10_000
"""The most runs a dictionary keeps the cut of (``Dictionary.segment``) before it forgets them all."""


class Dictionary:
    """The general-corpus prior: each word's surprisal (−ln of its corpus frequency) and whether it is
    noun-like. Words of 2–4 characters below the build's frequency floor are absent (read as characters)."""

    __slots__ = ("cuts", "known", "line", "unknown")

    def __init__(self, text: str) -> None:
        """Read the table's text (see ``tools/build_word_table.py`` for the format); raises ``ValueError``
        when it is not in that format."""
        header, _, rest = text.partition("\n")
        name, _, total = header.partition("\t")
        self.line = rest.rstrip("\n")
        """The words in order, each followed by its code, between spaces: searched where it lies, for
        splitting 80,000 words would take longer than the questions of most processes."""
        if name != "total" or not total.isdigit() or self.line[:1] != " " or self.line[-1:] != " ":
            raise ValueError("not a word table: see tools/build_word_table.py")
        self.unknown = 8 * round(4 * math.log(int(total))) + 4
        """The code of a character the dictionary lacks: as if seen once, a name."""
        self.known: dict[str, int | None] = {}
        """Words looked up so far (a process's questions share most of theirs)."""
        self.cuts: dict[str, tuple[str, ...]] = {}
        """Runs cut so far: the checks of one reply (salience, kinds, names, topic, context) cut the same runs."""

    def code(self, word: str) -> int | None:
        """The code of ``word``: 8 × (4 × surprisal, rounded), + 4 for a name (of a person, place or
        organisation, another proper noun, an abbreviation), + 2 for a function word (a particle, pronoun,
        adverb, numeral …), + 1 for a common noun; None when the dictionary lacks it."""
        known = self.known.get(word, -1)
        if known != -1:
            return known
        line = self.line
        low, high = 0, len(line) - 1  # spaces before and after the part still searched
        found = None
        while low < high:
            start = line.rfind(" ", low, (low + high) // 2 + 1)
            end = line.find(" ", start + 1, high + 1)
            entry = line[start + 1:end - 1]
            if entry < word:
                low = end
            elif entry > word:
                high = start
            else:
                found = ord(line[end - 1]) - 32
                break
        if len(self.known) > 100_000:
            self.known.clear()
        self.known[word] = found
        return found

    def surprisal(self, word: str) -> float:
        """−ln p of ``word`` in the general corpus (a character it lacks: as if seen once); words of two or
        more characters it lacks are not asked for."""
        code = self.code(word)
        return ((self.unknown if code is None else code) >> 3) / 4.0

    def noun_like(self, word: str) -> bool:
        """True when the dictionary tags ``word`` as a noun, a name or an abbreviation."""
        code = self.code(word)
        return bool((self.unknown if code is None else code) & 5)

    def known_noun(self, word: str) -> bool:
        """True when the dictionary holds ``word`` and tags it as a noun, a name or an abbreviation (``noun_like``
        reads a word it lacks by the tag of an unknown one)."""
        return self.code(word) is not None and self.noun_like(word)

    def known_doing(self, word: str) -> bool:
        """True when ``word`` is a word of two characters or more that the dictionary holds and tags as neither
        noun-like nor a function word: a doing (开通, 注销) or a quality."""
        return (len(word) > 1 and self.code(word) is not None and not self.noun_like(word)
                and not self.function_word(word))

    def name(self, word: str) -> bool:
        """True when the dictionary tags ``word`` as a name (of a person, place or organisation, another
        proper noun) or an abbreviation."""
        code = self.code(word)
        return bool((self.unknown if code is None else code) & 4)

    def function_word(self, word: str) -> bool:
        """True when the dictionary tags ``word`` as a particle, pronoun, adverb, numeral or the like, or when
        it is a question's either-or form (``asks_either``: 有没有, 是不是): never part of a name."""
        code = self.code(word)
        return bool((self.unknown if code is None else code) & 2) or asks_either(word)

    def segment(self, run: str) -> list[str]:
        """The most probable cut of ``run`` (Chinese characters only) into the dictionary's words, single
        characters where no word fits (jieba's dictionary route, without its guesses at unknown words)."""
        cut = self.cuts.get(run)
        if cut is None:
            cut = self._cut(run)
            if len(self.cuts) > CUTS_KEPT:
                self.cuts.clear()
            self.cuts[run] = cut
        return list(cut)

    def _cut(self, run: str) -> tuple[str, ...]:
        code, unknown = self.code, self.unknown
        n = len(run)
        best = [0] * (n + 1)
        step = [1] * (n + 1)
        for start in range(n - 1, -1, -1):
            single = code(run[start])
            best[start] = ((unknown if single is None else single) >> 3) + best[start + 1]
            for end in range(start + 2, min(n, start + LONGEST_WORD) + 1):
                found = code(run[start:end])
                if found is not None and (found >> 3) + best[end] < best[start]:
                    best[start] = (found >> 3) + best[end]
                    step[start] = end - start
        words, start = [], 0
        while start < n:
            words.append(run[start:start + step[start]])
            start += step[start]
        return tuple(words)


COURTESY = frozenset(["麻烦", "劳驾", "打扰", "打搅", "请教", "借问", "冒昧", "不好意思"])
"""Words a question is put politely with (麻烦问一下, 劳驾问下, 不好意思打扰一下): they name nothing, so salience
weighs them nothing and joins them to no unknown word (麻烦问 was read as a name, and 你好，麻烦问一下分期最多能分几期
was held back)."""

QUESTION_WORDS = frozenset(["多少", "什么", "怎么", "怎样", "如何", "为什么", "为何", "多久", "多长"])
"""Function words that say what a question asks (how, how many, why …): never ``fillers``, nor is a word holding
one of ``QUESTION_CHARACTERS`` (几, 哪, 谁, 啥, 咋, and the particles that make it a question: 呢 of the follow-up
分期的呢, read alone, would otherwise outscore its reading after 延期还款协议包含哪些内容)."""

QUESTION_CHARACTERS = frozenset("几哪谁啥咋吗呢吧")


def fillers(text: str) -> list[bool] | None:
    """For each character of ``text``, whether it belongs to a filler: a Chinese function word of the general
    dictionary (a pronoun, particle, adverb …: 你们, 我, 那, 了, 一下) other than a question word
    (``QUESTION_WORDS``); None when no Chinese character of ``text`` belongs to any other word."""
    table = dictionary()
    found = [False] * len(text)
    other = False
    for position, word in chinese_words(text, table):
        if table.function_word(word) and word not in QUESTION_WORDS and QUESTION_CHARACTERS.isdisjoint(word):
            found[position:position + len(word)] = [True] * len(word)
        else:
            other = True
    return found if other else None


def asks_either(word: str) -> bool:
    """True when ``word`` is a verb, 不 or 没, and the verb again (有没有, 是不是, 好不好, 可不可以): how a yes-or-no
    question is put, which says nothing of what it asks about. (The dictionary tags 有没有 as a verb: in a small
    base, which never holds it, 有没有存 of 有没有存东西的柜子 would read as an unknown name.)"""
    return len(word) >= 3 and word[1] in "不没" and word[0] == word[2] not in "不没" and is_chinese(word[0])


def uncut(text: str, at: int, size: int, table: Dictionary) -> bool:
    """True when the ``size`` characters at ``at`` of ``text`` lie within one word, or are whole words, as
    ``table`` cuts the Chinese around them (征信 of 人民银行征信系统; not 贷账 of 微粒贷账号); True too when a
    character that is not Chinese (a digit, a letter, a space) stands among them or within ``LONGEST_WORD`` of
    them: the cut there is not read."""
    start = max(at - LONGEST_WORD, 0)
    window = text[start:at + size + LONGEST_WORD]
    if not all(map(is_chinese, window)):
        return True
    cuts, edge = [], start
    for word in table.segment(window):
        cuts.append((edge, edge + len(word)))
        edge += len(word)
    edges = {edge for cut in cuts for edge in cut}
    return any(first <= at and at + size <= last for first, last in cuts) or (at in edges and at + size in edges)


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """The shipped general dictionary (``assistant/data/words.tsv``, read by ``normalize.read_data``, so from any
    install), read once per process."""
    return Dictionary(read_data("words.tsv"))


def chinese_runs(text: str) -> Iterator[tuple[int, str]]:
    """The runs of Chinese characters in ``text``, each with where it starts, in order."""
    run = ""
    for position, char in enumerate(text):
        if is_chinese(char):
            run += char
        elif run:
            yield position - len(run), run
            run = ""
    if run:
        yield len(text) - len(run), run


def chinese_words(text: str, table: Dictionary | None = None) -> Iterator[tuple[int, str]]:
    """The words of ``text``'s runs of Chinese characters as ``table`` (by default the general dictionary) cuts them
    (``Dictionary.segment``), each with where it starts in ``text``, in order.

    >>> list(chinese_words("逾期3天了怎么办"))
    [(0, '逾期'), (3, '天'), (4, '了'), (5, '怎么办')]
    """
    if table is None:
        table = dictionary()
    for start, run in chinese_runs(text):
        for word in table.segment(run):
            yield start, word
            start += len(word)


def noun_after(text: str, end: int, table: Dictionary) -> str:
    """Return the word starting at ``end`` of ``text``, as the dictionary cuts the Chinese there, when it is a
    noun of two characters or more; empty otherwise."""
    run = next((run for start, run in chinese_runs(text[end:end + 4]) if start == 0), "")
    following = table.segment(run)[0] if run else ""
    return following if len(following) > 1 and table.noun_like(following) else ""


def base_cut(words: list[str], key: str, held: Callable[[str], bool], written: Callable[[str], bool],
             table: Dictionary) -> list[str]:
    """``words`` (the dictionary's cut of a run) with a two-character word of the base's own put back together where
    the cut split it: a single character, no function word, followed by a noun of two characters or more (a word
    that would weigh: a verb weighs nothing, and 帮忙 of 能|帮忙 is cut right) whose first character the base writes
    beside it (``written``, asked of the two characters), while it never holds the noun itself (``held``, asked of
    the pairs of the run's sound ``key``), is joined to that character, and the rest of the noun cut again (房|费里
    of 早饭包含在房费里吗 → 房费|里, when the base says 房费 and never 费里; not 宽|限期 when the base only sounds like
    宽限: 欠款先还清)."""
    cut: list[str] = []
    position = 0
    for word in words:
        if (len(word) > 1 and table.noun_like(word) and cut and len(cut[-1]) == 1
                and not table.function_word(cut[-1]) and written(cut[-1] + word[0])
                and not all(held(key[at:at + 2]) for at in range(position, position + len(word) - 1))):
            cut[-1] += word[0]
            cut += table.segment(word[1:])
        else:
            cut.append(word)
        position += len(word)
    return cut


ASKED_NOUN = 8.0
"""The surprisal under which a common noun is among the general corpus's commonest (地方, 时候, 时间, 问题, 情况):
right after a question word it is how a question asks (``asked_noun``), not what about."""


def asked_noun(before: str, word: str, table: Dictionary) -> bool:
    """True when ``word`` is a common noun among the commonest (``ASKED_NOUN``) right after a question word (a word of
    ``QUESTION_WORDS``, or one opening on 哪 or 几), as ``before``: with it a question asks when, where or what is the
    matter (什么时候, 什么地方, 哪个时间, 什么问题), which the dictionary cuts in two."""
    return ((before in QUESTION_WORDS or before[:1] in ("哪", "几")) and not table.name(word)
            and table.surprisal(word) < ASKED_NOUN)


def adjacent_pairs(texts: Iterable[str]) -> frozenset[str]:
    """Return every two adjacent characters of any of ``texts``."""
    pairs: set[str] = set()
    for text in texts:
        pairs.update(map(str.__add__, text, text[1:]))
    return frozenset(pairs)


def pieces_held(key: str, held: Callable[[str], bool]) -> bool:
    """True when sound key ``key`` splits into pieces of two or more characters, each held by the base."""
    n = len(key)
    reachable = [True] + [False] * n
    for start in range(n):
        if not reachable[start]:
            continue
        for end in range(start + 2, n + 1):
            if not held(key[end - 2:end]):
                break
            reachable[end] = True
    return reachable[n]
