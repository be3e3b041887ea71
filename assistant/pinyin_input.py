"""Reading questions typed without a Chinese input method: full pinyin and pinyin initials, into Chinese.

A stage before matching. Runs of Latin letters that read as toneless pinyin (``weilidai yuqi le zenme ban``,
``yanqihuankuan``) or as the initials of a word the knowledge base uses (``wld``, ``yq``, ``gzh``) are
replaced by characters, so the matcher's sound keys (``normalize.sound_key``) compare them like any typed
Chinese. The characters chosen are the knowledge base's own words with that sound (or those initials),
the most frequent first; a syllable no word of the base has becomes the character standing for it in sound
keys. Initials are read only as a word: not as a piece of a longer run or the ends of two words side by side
(``PIECE_SHARE``: 期期 of 延期期间, 众号 of 公众号), and, when several of the base's runs share them, only as one met
``SHARED_EVIDENCE`` times or more (qq, typed for QQ, is no 请求 said twice in passing). Latin words the base itself
uses (``app``) and runs that read as neither (``hotline``, ``max``, ``qq``) are kept as typed.

>>> reader = PinyinReader(["微粒贷逾期了怎么办", "公众号怎么绑定"])
>>> reader("weilidai yuqi le zenme ban")
'微粒贷逾期了怎么办'
>>> reader("gzh怎么绑定")
'公众号怎么绑定'
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from itertools import chain

from .models import Knowledge
from .normalize import Normalizer, is_chinese, pinyin_syllables, sound_key

_LONGEST_WORD = 6
"""The longest run of characters looked up as one word of the base."""

_OTHER_READINGS = {
    "还": "huan", "长": "chang", "行": "hang", "重": "chong", "得": "dei", "了": "liao", "差": "chai",
    "都": "du", "为": "wei", "便": "pian", "调": "diao", "发": "fa", "应": "ying", "只": "zhi", "要": "yao",
    "的": "di", "地": "di", "觉": "jiao", "种": "zhong", "数": "shu", "乐": "yue", "会": "kuai", "量": "liang",
}
"""Common characters with a second reading: the sound table keeps one reading per character (还 is hai),
and a person typing 还款 types huankuan."""

MAX_CHARACTERS = 30_000
"""The most characters of a base's texts a reader learns words from: a larger base (thousands of entries)
gives its questions first, then its alternates and answers, up to this (every word of a big base would take
seconds and gigabytes to count, for words its questions already hold)."""

_LATIN_RUN = re.compile(r"[A-Za-zÀ-ɏüÜ]+(?:[ \t]+[A-Za-zÀ-ɏüÜ]+)*")
_MAX_INITIALS = 5
_LV = re.compile(r"(?<=[ln])v")


def _fold(word: str) -> str:
    """Lower case without tone marks, ``ü`` (typed ``v`` after l or n without an input method: lv, nve) as
    ``u``: the sound table spells 率 (lǜ) and 路 (lù) alike, ``lu``."""
    word = _LV.sub("u", word.lower().replace("ü", "u"))
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _initial_parses(letters: str) -> list[list[str]]:
    """Every way to read ``letters`` as first letters of syllables: each letter one syllable's, or zh, ch,
    sh one syllable's (then written z, c, s)."""
    if not letters:
        return [[]]
    found = [[letters[0], *rest] for rest in _initial_parses(letters[1:])]
    if letters[:2] in ("zh", "ch", "sh"):
        found += [[letters[0], *rest] for rest in _initial_parses(letters[2:])]
    return found


def _initials_number(initials: str) -> int | None:
    """The number standing for ``initials`` (letters a to z) in the words by initials, five bits a letter; None
    when it holds another character."""
    number = 0
    for letter in initials:
        if not "a" <= letter <= "z":
            return None
        number = number << 5 | (ord(letter) - 96)
    return number


class _Words:
    """The base's words by a number (of a sound or of initials), kept as two sorted arrays of numbers, the other
    where the word stands in the base's joined texts (``text``), by length: a dict of a string to a string for
    each of some 70,000 sounds of a thousand entries' texts took about 15 MB, these take a tenth of it."""

    __slots__ = ("_numbers", "_places", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._numbers = array("q")
        self._places = array("q")

    def add(self, found: dict[int, int], length: int) -> None:
        """Add words of ``length`` characters, by number, where each is in the text. The numbers of a longer word
        are all higher (each character or letter adds bits, its number never 0), so adding words by increasing
        length keeps the numbers sorted."""
        numbers = sorted(found)
        self._numbers.extend(numbers)
        self._places.extend([found[number] << 3 | length for number in numbers])

    def get(self, number: int) -> str | None:
        """The word of ``number``; None when there is none."""
        at = bisect_left(self._numbers, number)
        if at == len(self._numbers) or self._numbers[at] != number:
            return None
        place = self._places[at]
        return self._text[place >> 3:(place >> 3) + (place & 7)]


class PinyinReader:
    """Rewrites the pinyin in a question as the knowledge base's characters. Immutable once built.

    ``texts`` are the base's texts (normalized phrasings and answers): their words are the characters a
    syllable or an initial may become.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        syllables = pinyin_syllables()
        self._syllables = {s: c for s, c in syllables.items() if any(v in s for v in "aeiouv")}
        self._longest_syllable = max(map(len, self._syllables))
        self._syllable_of = {c: s for s, c in syllables.items()}
        # The characters a spelt run of syllables is made of (``_spell``), numbered from 1: a sound of the base is
        # kept as the number its characters' numbers make (``_sound_number``), and one holding another character
        # (of no syllable spelt) is never looked up.
        self._codes = {c: code for code, c in enumerate(dict.fromkeys(self._syllables.values()), 1)}
        self._bits = len(self._codes).bit_length()
        text = self._text = "\x1f".join(texts)
        runs = [(found.start(), found.group()) for found in re.finditer(r"[\u3400-\u4dbf\u4e00-\u9fff]+", text)]
        self._by_sound = _Words(text)
        self._by_initials = _Words(text)
        # Words of one length at a time: a word's sound and initials are as long as it (``sound_key`` reads each
        # character alone), so only words of one length vie for them, and the base's words of every length need
        # not be counted at once (a table of every word would take more memory than the reader keeps).
        counts = _counted(runs, 1)
        for length in range(1, _LONGEST_WORD + 1):
            longer = _counted(runs, length + 1) if 2 <= length <= _MAX_INITIALS else None
            self._learn(counts, length, syllables, _pieces(counts, longer) if longer is not None else frozenset())
            counts = longer if longer is not None else _counted(runs, length + 1)
        self._latin = frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", text))

    def _learn(self, counted: tuple[Counter[str], dict[str, int]], length: int, syllables: dict[str, str],
               pieces: frozenset[str]) -> None:
        """Add the base's words of ``length`` characters (``counted``: how often each run of that length is met,
        and where first, ``_counted``) to the words by sound and by initials; ``pieces`` (``_pieces``) are read by
        sound only, never from initials."""
        words, places = counted
        # The most frequent word of each sound (or initials), the first met among equals, as Counter.most_common
        # gives it: words come in the order first met. For initials, also whether another word has them.
        by_sound: dict[str, str] = {}
        sound_counts: dict[str, int] = {}
        by_initials: dict[str, str] = {}
        initials_counts: dict[str, int] = {}
        shared: set[str] = set()
        for word, count in words.items():
            sounds = {sound_key(word)}
            other = "".join(syllables.get(_OTHER_READINGS.get(c, ""), c) for c in word)
            if other != word:
                sounds.add(sound_key(other))
            for sound in sounds:
                if count > sound_counts.get(sound, 0):
                    by_sound[sound], sound_counts[sound] = word, count
            if 2 <= len(word) <= _MAX_INITIALS and word not in pieces:
                for initials in {self._initials(sound) for sound in sounds}:
                    if initials is None:
                        continue
                    if initials in by_initials:
                        shared.add(initials)
                    if count > initials_counts.get(initials, 0):
                        by_initials[initials], initials_counts[initials] = word, count
        # Initials are ambiguous (yq: 逾期, 延期, 一期): the most frequent word is trusted when it is met at
        # least SHARED_EVIDENCE times, or is the only word of the base with those initials.
        for initials in shared:
            if initials_counts[initials] < SHARED_EVIDENCE:
                del by_initials[initials]
        self._by_sound.add({number: places[word] for sound, word in by_sound.items()
                            if (number := self._sound_number(sound)) is not None}, length)
        self._by_initials.add({number: places[word] for initials, word in by_initials.items()
                               if (number := _initials_number(initials)) is not None}, length)

    @classmethod
    def from_knowledge(cls, knowledge: Knowledge, normalize: Normalizer | None = None) -> PinyinReader:
        """Build a reader on a knowledge base's texts (``reader_texts``); ``normalize``: the matcher's normalizer,
        so synonyms are read as the matcher reads them."""
        return cls(reader_texts(knowledge, normalize))

    def _sound_number(self, sound: str) -> int | None:
        """The number standing for ``sound`` (a sound key) in the words by sound: its characters' numbers
        (``_codes``) side by side; None when it holds a character no spelt syllable is written with."""
        number, codes, bits = 0, self._codes, self._bits
        for char in sound:
            code = codes.get(char)
            if code is None:
                return None
            number = number << bits | code
        return number

    def _initials(self, sound: str) -> str | None:
        """The first letters of a sound key's syllables (zh, ch, sh abbreviated z, c, s as people type
        them: gzh is 公众号), or None when a character has no pinyin."""
        out = []
        for char in sound:
            syllable = self._syllable_of.get(char)
            if syllable is None:
                return None
            out.append(syllable[0])
        return "".join(out)

    def _segmentations(self, letters: str) -> list[list[str]]:
        """The ways to split ``letters`` into the fewest syllables (at most 8 of them); empty when none."""
        size = len(letters)
        best: list[list[list[str]]] = [[] for _ in range(size + 1)]
        best[0] = [[]]
        for end in range(1, size + 1):
            found: list[list[str]] = []
            for start in range(max(0, end - self._longest_syllable), end):
                piece = letters[start:end]
                if best[start] and piece in self._syllables:
                    found.extend([*path, piece] for path in best[start])
            if found:
                fewest = min(map(len, found))
                best[end] = [path for path in found if len(path) == fewest][:8]
        return best[size]

    def _spell(self, syllables: list[str]) -> tuple[str, int]:
        """Characters for a run of syllables, longest known words first; and how many came from words."""
        keys = "".join(self._syllables[s] for s in syllables)
        codes, bits = [self._codes[key] for key in keys], self._bits
        out, known, start = [], 0, 0
        while start < len(keys):
            for length in range(min(_LONGEST_WORD, len(keys) - start), 0, -1):
                number = 0
                for code in codes[start:start + length]:
                    number = number << bits | code
                word = self._by_sound.get(number)
                if word is not None:
                    out.append(word)
                    known += length if length > 1 else 0
                    start += length
                    break
            else:
                out.append(keys[start])
                start += 1
        return "".join(out), known

    def _read_word(self, word: str) -> list[str] | str:
        """A Latin word as syllables, or as characters read from its initials, or kept (returned as str)."""
        folded = _fold(word)
        if _kept(folded, self._latin):
            return word
        paths = self._segmentations(folded)
        if paths:
            return max(paths, key=lambda path: self._spell(path)[1])
        if folded.endswith("r") and len(folded) > 2:  # erhua: nar, zher
            paths = self._segmentations(folded[:-1])
            if paths:
                return max(paths, key=lambda path: self._spell(path)[1])
        if len(folded) <= _MAX_INITIALS and not any(v in folded for v in "aeiouv"):
            # gzh is g z h (公众号) or g zh (公众): the longest word of the base read either way.
            numbers = (_initials_number("".join(p)) for p in _initial_parses(folded))
            found = [w for w in (self._by_initials.get(n) for n in numbers if n is not None) if w]
            if found:
                return max(found, key=len)
        return word

    def __call__(self, text: str) -> str:
        """Return ``text`` with its pinyin written in characters; ``text`` itself when it has none."""
        if not any("a" <= c.lower() <= "z" for c in text):
            return text
        return _LATIN_RUN.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        out: list[str] = []
        pending: list[str] = []  # syllables of neighbouring words, spelt together (zenme ban: 怎么办)

        def flush() -> None:
            if pending:
                out.append(self._spell(pending)[0])
                pending.clear()

        for word in match.group(0).split():
            read = self._read_word(word)
            if isinstance(read, list):
                pending.extend(read)
                continue
            flush()
            if out and not is_chinese(out[-1][-1]) and not is_chinese(read[0]):
                out.append(" ")
            out.append(read)
        flush()
        return "".join(out)


PIECE_SHARE = 0.8
"""A run of the base's characters met this share of its times or more with the same character before it, or after
it, is a piece of a longer word (众号 of 公众号, 么提 of 怎么提) or ends of two words side by side (期期 of 延期期间,
贷的 of 微粒贷的), not a word: initials are typed for a word (yq for 逾期, gzh for 公众号), and qq typed for another
thing (QQ) must not be read as such a piece. A run met once, the only one of its initials, is still read (tb as
体包 of 具体包括): one sighting tells no neighbour."""


SHARED_EVIDENCE = 3
"""How many times the most frequent of the base's words sharing initials must be met to be read from them: initials
are typed for a word the base says again and again (yq for 逾期, met hundreds of times), not for one an answer
says in passing twice (请求 of qq, which is typed for QQ)."""

PIECE_EVIDENCE = 3
"""How many times the longer run must be met for a run to be read as its piece (``PIECE_SHARE``): a word met once or
twice in a small base (微粒贷 of 微粒贷逾期, twice) tells nothing of what stands beside it."""


def _counted(runs: list[tuple[int, str]], length: int) -> tuple[Counter[str], dict[str, int]]:
    """How often each run of ``length`` characters of ``runs`` (where each run of characters starts in the joined
    texts, and the run) is met, and where it is first met in the joined texts, in the order first met."""
    words: Counter[str] = Counter()
    places: dict[str, int] = {}
    for at, run in runs:
        for start in range(len(run) - length + 1):
            word = run[start:start + length]
            words[word] += 1
            places.setdefault(word, at + start)
    return words, places


def _pieces(counted: tuple[Counter[str], dict[str, int]],
            longer: tuple[Counter[str], dict[str, int]]) -> frozenset[str]:
    """The runs of ``counted`` (``_counted`` of one length) met ``PIECE_SHARE`` of their times or more with the same
    character before or after them, as ``longer`` (``_counted`` of the next length) tells."""
    words, extended = counted[0], longer[0]
    most: Counter[str] = Counter()
    for run, times in extended.items():
        for piece in (run[1:], run[:-1]):
            if times > most[piece]:
                most[piece] = times
    return frozenset(word for word, times in words.items()
                     if most[word] >= max(PIECE_SHARE * times, PIECE_EVIDENCE))


def reader_texts(knowledge: Knowledge, normalize: Normalizer | None = None) -> list[str]:
    """The normalized texts a reader of ``knowledge`` learns its words from: its questions, alternates and answers,
    and the questions and terms it declares out of scope (jiebei is 借呗, which the base then refuses, not 借被); of
    a large base, up to ``MAX_CHARACTERS``. ``normalize``: the matcher's normalizer."""
    normalize = normalize or Normalizer(knowledge.synonyms)
    declared = (*knowledge.out_of_scope, *knowledge.out_of_scope_terms)
    size = sum(len(text) for entry in knowledge.entries for text in (*entry.phrasings, entry.answer))
    if size + sum(map(len, declared)) <= MAX_CHARACTERS:
        texts = [normalize(text) for entry in knowledge.entries for text in (*entry.phrasings, entry.answer)]
        return texts + [normalize(text) for text in declared]
    chosen: list[str] = []
    budget = MAX_CHARACTERS
    for text in chain(declared, (entry.question for entry in knowledge.entries),
                      (text for entry in knowledge.entries for text in entry.alternates),
                      (entry.answer for entry in knowledge.entries)):
        budget -= len(text)
        if budget < 0:
            break
        chosen.append(normalize(text))
    return chosen


def latin_words(texts: Iterable[str]) -> frozenset[str]:
    """The Latin words of ``texts`` in lower case: those a reader built on them keeps as typed (``app``)."""
    return frozenset(word.lower() for text in texts for word in re.findall(r"[A-Za-z]+", text))


def kept_as_typed(text: str, latin: frozenset[str]) -> bool:
    """True when a reader whose base's Latin words are ``latin`` (``latin_words``) keeps every Latin word of
    ``text`` as typed: it then returns ``text`` but for the spaces and tabs between two Latin words, made one space,
    which normalizing drops or makes one space anyway. So a question naming only the base's own Latin words (微粒贷
    app) needs no reader built."""
    return all(_kept(_fold(word), latin) for run in _LATIN_RUN.findall(text) for word in run.split())


def _kept(folded: str, latin: frozenset[str]) -> bool:
    # A folded Latin word is kept when the base uses it or it is a single letter.
    return folded in latin or len(folded) < 2
