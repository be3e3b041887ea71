"""Text normalization: the same steps for the knowledge base and for what a person types.

``Normalizer(synonyms)(text)`` gives the comparable form: Unicode NFKC, case folded, traditional
characters made simplified, punctuation, symbols, emoji and spaces removed (a single space is kept between
two words of a spaced script such as English), Chinese numerals before a unit turned into digits
(四天 → 4天), the particles that end a spoken question dropped (分几期啊 → 分几期, 能分几次还不 → 能分几次还吗:
``FINAL_PARTICLES``) and every synonym replaced by its canonical term. ``sound_key`` then maps each Chinese
character to a representative of its toneless pinyin syllable, so that homophones compare equal.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache, partial
from itertools import pairwise
from typing import Any

from .once import Once
from .safety import strip_escapes

MAX_QUERY_CHARS = 500
"""Queries are cut to this many characters before matching (``shortened``), so the time per query stays bounded."""

CUT_MARK = "…"
"""What stands between the start and the end of a text ``shortened`` kept: it ends a clause, as a cut does."""

FINAL_PARTICLES = frozenset("啊呀哦嘛啦")
"""Particles that end a spoken Chinese question and only colour it (找谁弄啊, 能延期嘛): dropped from the end of a
text of three characters or more (not 是啊 or 对呀, replies), so that it compares like the same question without
them; a final 不 after three characters or more asks as 吗 does (能分几次还不) and is read as 吗 (not in 好不, 我不
or 可以不, as often a reply or a refusal). Not 呢, which marks a follow-up (那分期呢, ``context``), nor 哈 (哈哈哈 is
laughter), 呗 (借呗 and 花呗 are products) or 吧 (好吧 and 行吧 are phrasings of their own)."""

FOUND_SYNONYMS = 64
"""Up to this many synonym variants are found in a text one by one, more with one regular expression."""

MAX_TURN_CHARS = MAX_QUERY_CHARS * 4
"""A question is cut to this many characters: the matcher reads fewer, the misses log needs no more."""

PAIR_JOINER = "\x1f"
"""What joins the two units of a bigram term (``terms``): a control character, never in normalized text, so a term
holds it exactly when it is a pair, and its units are ``term.split(PAIR_JOINER)``."""


def shortened(text: str, limit: int) -> str:
    """Return ``text`` when it has at most ``limit`` characters, else its start and its end joined by ``CUT_MARK``,
    ``limit`` characters in all. A long paste (a story, a chat history) mostly ends with what it asks, so its
    end is kept with its start rather than only its start."""
    if len(text) <= limit:
        return text
    head = (limit - len(CUT_MARK)) // 2
    tail = limit - len(CUT_MARK) - head
    return text[:head] + CUT_MARK + (text[-tail:] if tail > 0 else "")


def is_blank(question: str) -> bool:
    """Return True when ``question`` is empty or only spaces (a full-width space 　 is one): nothing was asked,
    which every way in refuses (an error, not the fallback) rather than answer as if it were a question."""
    return not question.strip()


def cut_query(text: str) -> str:
    """Return a question as a conversation (and ``assistant ask``) reads it: at most ``MAX_TURN_CHARS``
    characters, its start and end (``shortened``). Here, not in ``conversation``, so that ``assistant ask``
    need not import the conversation."""
    return shortened(text, MAX_TURN_CHARS)


# These patterns are compiled on first use (re keeps them): compiling them all would slow every start, and
# most text needs none of them, so each is used only on text holding a character it must match.
_DIGIT_GROUPS = r"(?<=\d)[,，](?=\d{3})"
_NUMERAL_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9}
_NUMERAL_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万")
_CHINESE_NUMBER = (
    "(?<![零〇一二两三四五六七八九十百千万])([零〇一二两三四五六七八九十百千万]+)"
    "(?=个?(天|日|号|月|年|期|次|元|块|小时|分钟|周|星期|岁|倍|%|万元|千元))"
)
_TIME_UNITS = frozenset({"天", "日", "号", "月", "年", "期", "次", "小时", "分钟", "周", "星期", "岁"})
# Every converter maps 帳 to 帐, but in money matters (帳單, 帳戶, 轉帳) the simplified form is 账.
_ACCOUNT_CHARACTER = "帐(?=[单户号目款本期务])|(?<=[转对查记算结挂赊])帐"


def _chinese_number_value(numeral: str) -> int:
    # Spoken Chinese drops the unit after a last digit that follows 百, 千 or 万: 一万一 is 11,000, 两千五 2,500
    # (一千零五, with 零, is 1,005).
    if len(numeral) > 1 and numeral[-1] in _NUMERAL_VALUES and numeral[-2] in "百千万":
        return _chinese_number_value(numeral[:-1]) + _NUMERAL_VALUES[numeral[-1]] * (
            _NUMERAL_UNITS.get(numeral[-2], 10000) // 10)
    total, section, digit = 0, 0, 0
    for char in numeral:
        if char in _NUMERAL_VALUES:
            digit = _NUMERAL_VALUES[char]
        elif char in _NUMERAL_UNITS:
            section += (digit or 1) * _NUMERAL_UNITS[char]
            digit = 0
        else:  # 万
            total += (section + digit or 1) * 10000
            section, digit = 0, 0
    return total + section + digit


def number_value(number: str) -> int:
    """The value of ``number``, written in digits (12) or in Chinese numerals (十二, 两千五)."""
    return int(number) if number.isdecimal() else _chinese_number_value(number)


def _numerals_to_digits(text: str) -> str:
    if _NUMERALS.isdisjoint(text):
        return text
    return re.sub(_CHINESE_NUMBER, _number_in_digits, text)


def _number_in_digits(found: re.Match[str]) -> str:
    numeral, unit = found.group(1), found.group(2)
    if _weekday(found):
        return numeral
    if unit in _TIME_UNITS and len(numeral) > 2 and numeral[-1] in _NUMERAL_VALUES and numeral[-2] in "百千万":
        # An amount then a count of time (借一万一年: 10,000 for one year): only the last digit counts the time
        return numeral[:-1] + str(_NUMERAL_VALUES[numeral[-1]])
    return str(_chinese_number_value(numeral))


_WEEK = ("周", "星期")
_WEEKDAY_NUMERALS = frozenset("一二三四五六")


def _weekday(found: re.Match[str]) -> bool:
    # A numeral right after 周 or 星期 names a weekday (周六, 星期一), not a count, when what follows is another
    # weekday's name or the weekend's second day (周六周日, 星期六星期天, 周六日), or a day not counted: 天 after a
    # week itself counted or each one (每周三天, 两周三天) counts days, the weekday's 天 of 周六天气 does not.
    numeral, unit, text, start = found.group(1), found.group(2), found.string, found.start()
    if numeral not in _WEEKDAY_NUMERALS or not text.endswith(_WEEK, 0, start):
        return False
    if unit in (*_WEEK, "日"):
        return True
    week = start - (1 if text.endswith("周", 0, start) else 2)
    counted = week > 0 and (text[week - 1] in "每几" or text[week - 1] in _NUMERALS or text[week - 1].isdecimal())
    return unit == "天" and text.startswith("天", found.end()) and not counted


_HALF_YEARS = r"(\d+)年半|(?<![上下前后大多])半年"
"""A year and a half (1年半, once its numeral is a digit) and half a year (半年; not 上半年, the year's first half, nor
大半年), counted in months, as a duration is written most often (6个月)."""


def _half_years_in_months(text: str) -> str:
    if "半" not in text:
        return text
    return re.sub(_HALF_YEARS, lambda found: f"{int(found.group(1) or 0) * 12 + 6}个月", text)


def read_data(name: str) -> str:
    """Return the text of one of the package's data files (``assistant/data/``), read as a plain file when the
    package is a folder, else through importlib.resources. Raises ``OSError`` when it cannot be read."""
    # A plain read: importing importlib.resources (tempfile, random, zipfile) would slow the first question of a
    # process.
    try:
        with open(os.path.join(os.path.dirname(__file__), "data", name), encoding="utf-8") as file:
            return file.read()
    except OSError:  # the package is not a plain folder (a zip file)
        from importlib import resources

        return (resources.files("assistant") / "data" / name).read_text(encoding="utf-8")


class _TranslationTable(dict[int, str | None]):
    """A ``str.translate`` table that works out a character's entry (by ``entry``) when it is first looked up.

    For the tables of thousands of characters read from the data files, of which a question needs a dozen:
    making every entry at once took milliseconds, more than answering the question.
    """

    def __init__(self, entry: Callable[[str], str | None]) -> None:
        super().__init__()
        self._entry = entry

    def __missing__(self, code: int) -> str | None:
        found = self[code] = self._entry(chr(code))
        return found


class _TraditionalToSimplified:
    """OpenCC's t2s conversion, its converter created on first need (its dictionaries take ~4 ms to open).

    Text holding none of the characters listed in ``data/t2s.txt`` comes back as it is without the converter,
    so a question typed in simplified characters never opens it (see tools/build_t2s_table.py, which makes
    the list from OpenCC's dictionaries and checks it against the converter).
    """

    def __init__(self) -> None:
        self._converter: Once[Any] = Once(partial(_open_opencc, "t2s"))

    @property
    def opened(self) -> bool:
        """Whether the converter has been created in this process."""
        return self._converter.made

    def __call__(self, text: str) -> str:
        listed_only = t2s_listed_only()
        if listed_only is not None and not text.translate(listed_only):
            return text
        return str(self._converter.get().convert(text))


def _open_opencc(config: str) -> Any:
    # One of OpenCC's converters (its dictionaries take a few ms to open): opened once, in a ``Once``, and shared by
    # every thread without a lock, as OpenCC converts with a converter it never changes.
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=1)
def t2s_listed_only() -> _TranslationTable | None:
    """A table deleting every character but those without which t2s changes nothing, or None when the installed
    OpenCC is not the version the list was made from (its dictionaries may differ: then every text is converted)."""
    import opencc

    version, _, listed = read_data("t2s.txt").partition("\n")
    if version != opencc.__version__:
        return None
    listed = listed.rstrip("\n")
    return _TranslationTable(lambda char: char if char in listed else None)


_to_simplified = _TraditionalToSimplified()


def t2s_opened() -> bool:
    """Whether OpenCC's t2s converter has been opened in this process: a text in simplified characters alone never
    opens it (``t2s_listed_only``)."""
    return _to_simplified.opened


def simplified(text: str) -> str:
    """Return ``text`` with its traditional characters made simplified (OpenCC's t2s), punctuation and all kept
    (``clean`` does this too, and drops the punctuation); ``text`` itself when it holds none. A lone surrogate
    (not text, but a Python string may hold one) is read as "?", as ``clean`` reads it."""
    if not any(map(is_chinese, text)):
        return text
    return _to_simplified(text.encode("utf-8", "replace").decode("utf-8"))


_to_mainland: Once[Any] = Once(partial(_open_opencc, "tw2sp"))
"""OpenCC's conversion of Taiwan's words to the mainland's, opened on first need."""


def taiwan_to_mainland(text: str) -> str:
    """Return ``text`` with Taiwan's words put as the mainland's (OpenCC's tw2sp: 程式 → 程序); as it is when the
    conversion changes its length (the words' places would move)."""
    converted = str(_to_mainland.get().convert(text))
    if len(converted) != len(text):
        return text
    # 么 is also a character of its own (幺), which OpenCC 1.1 reads it as everywhere (怎幺) and later ones alone
    return "".join(old if old == "么" else new for old, new in zip(text, converted))


def is_chinese(char: str) -> bool:
    """True when ``char`` (one character) is a Chinese character: a CJK unified ideograph, one of extension A,
    or a compatibility ideograph. The package's one definition: every module asks this one."""
    # Compared by code point: a regular expression's class of these 28,000 characters is slow to compile.
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def _is_unspaced(char: str) -> bool:
    # A script written without spaces between its words: Chinese characters, kana, and (as the index has always
    # read them) Hangul syllables. Each is a unit of its own and gets no space next to another.
    return is_chinese(char) or "\u3040" <= char <= "\u30ff" or "\uac00" <= char <= "\ud7af"


def _is_spaced(char: str) -> bool:
    return not _is_unspaced(char)


def clean(text: str) -> str:
    """Return ``text`` in its comparable form, before synonyms are applied.

    NFKC (full-width digits and letters become ASCII), case folding, traditional → simplified,
    every character that is not a letter or a digit dropped, and Chinese numerals before a unit made
    digits. Returns an empty string when nothing comparable is left (only punctuation or emoji).
    """
    cached = _CLEANED.get(text)
    if cached is not None:
        return cached
    cleaned = _clean(text)
    if len(_CLEANED) < _CLEANED_MAX:
        _CLEANED[text] = cleaned
    return cleaned


# The loader's checks and the matcher both normalize every phrasing: remember the results once.
_CLEANED: dict[str, str] = {}
_CLEANED_MAX = 20_000


def _clean(text: str) -> str:
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = strip_escapes(text, " ")
    text = unicodedata.normalize("NFKC", text).casefold()
    if any(map(is_chinese, text)):
        text = _to_simplified(text)
        if "帐" in text:
            text = re.sub(_ACCOUNT_CHARACTER, "账", text)
    if "," in text or "，" in text:
        text = re.sub(_DIGIT_GROUPS, "", text)
    kept = "".join(c if unicodedata.category(c)[0] in "LNM" else " " for c in text)
    words = kept.split()
    if not words:
        return ""
    # Numerals are read word by word: 借一万，一年后还 holds no numeral 一万一
    words = [_half_years_in_months(_numerals_to_digits(word)) for word in words]
    out = [words[0]]
    for word in words[1:]:
        if _is_spaced(out[-1][-1]) and _is_spaced(word[0]):
            out.append(" ")
        out.append(word)
    return "".join(out)


def _without_final_particles(text: str) -> str:
    # Only after a Chinese character, and never down to one character: 啊 alone is still something said, and 是啊
    # or 对呀 a reply, whose 是 or 对 alone would be offered every entry holding it ("您是不是想问…").
    end = len(text)
    while end > 2 and text[end - 1] in FINAL_PARTICLES and is_chinese(text[end - 2]):
        end -= 1
    # A word or two before 不 (好不, 我不, 可以不) is as often a reply or a refusal as a question: made 好吗 or 我吗,
    # it would be answered with whatever entry ends in 吗.
    if end > 3 and text[end - 1] == "不" and is_chinese(text[end - 2]):
        return text[:end - 1] + "吗"
    return text[:end]


class Normalizer:
    """Turns text into its comparable form, with a knowledge base's synonyms mapped to canonical terms.

    >>> normalize = Normalizer({"逾期": ["晚还", "没按时还"]})
    >>> normalize("微粒貸晚還了４天，會怎樣？？😭")
    '微粒贷逾期了4天会怎样'
    """

    def __init__(self, synonyms: Mapping[str, Iterable[str]] | None = None) -> None:
        self.replacements: dict[str, str] = {}
        for canonical, variants in (synonyms or {}).items():
            target = clean(canonical)
            for variant in variants:
                source = clean(variant)
                if source and source != target:
                    self.replacements[source] = target
        self._ordered = sorted(self.replacements, key=len, reverse=True)
        # A base's few synonyms are found with str.find: compiling them into one pattern costs more than the rest
        # of reading a matcher from the cache (the README's Benchmarks). Many are matched with that pattern.
        self._pattern = (re.compile("|".join(map(re.escape, self._ordered)))
                         if len(self._ordered) > FOUND_SYNONYMS else None)

    def __call__(self, text: str) -> str:
        """Return the comparable form of ``text`` (see ``clean``), its final particles dropped
        (``FINAL_PARTICLES``) and synonyms replaced."""
        cleaned = _without_final_particles(clean(text))
        if self._pattern is not None:
            return self._pattern.sub(lambda m: self.replacements[m.group(0)], cleaned)
        present = [variant for variant in self._ordered if variant in cleaned]
        if not present:
            return cleaned
        # As the pattern would: the leftmost variant, the longest of those starting there, then on after it.
        out: list[str] = []
        position = 0
        while True:
            start, found = len(cleaned), ""
            for variant in present:  # longest first: at the same place the first found stays
                place = cleaned.find(variant, position, start + len(variant))
                if place >= 0 and place < start:
                    start, found = place, variant
            if not found:
                break
            out += (cleaned[position:start], self.replacements[found])
            position = start + len(found)
        out.append(cleaned[position:])
        return "".join(out)


@lru_cache(maxsize=1)
def _sound_table() -> _TranslationTable:
    text = read_data("pinyin.tsv")  # lines of "syllable<TAB>characters", the first character standing for all

    def representative(char: str) -> str:
        # Only Chinese characters are listed (syllables are ASCII); the last line listing one has the final say.
        position = text.rfind(char) if is_chinese(char) else -1
        return char if position < 0 else text[text.rfind("\t", 0, position) + 1]

    return _TranslationTable(representative)


@lru_cache(maxsize=1)
def pinyin_syllables() -> dict[str, str]:
    """Return every toneless pinyin syllable (``ü`` written ``v``) with the character that stands for it in
    sound keys: ``sound_key`` of any character read that way is this character."""
    found: dict[str, str] = {}
    for line in read_data("pinyin.tsv").splitlines():
        syllable, _, characters = line.partition("\t")
        if characters:
            found[syllable] = characters[0]
    return found


def sound_key(normalized: str) -> str:
    """Return ``normalized`` with each Chinese character replaced by one standing for its toneless pinyin.

    Two strings that sound alike when typed in pinyin (逾期 and 预期, 征信 and 正信) get the same key;
    other characters are kept. The key has the same length as the input.
    """
    return normalized.translate(_sound_table())


def units(text: str) -> list[str]:
    """Split comparable text into units: each Chinese character alone, each run of other characters whole."""
    found: list[str] = []
    run = ""  # the run of other characters being read
    for char in text:
        if _is_unspaced(char):
            if run:
                found.append(run)
                run = ""
            found.append(char)
        elif char.isspace():
            if run:
                found.append(run)
                run = ""
        else:
            run += char
    if run:
        found.append(run)
    return found


def terms(text: str) -> set[str]:
    """Return the unigrams and bigrams of ``units(text)``, the terms the keyword overlap is measured on."""
    if text and min(text) >= "\u3400" and max(text) <= "\u4dbf":
        # A sound key of Chinese text, all of whose characters have pinyin: each character is a unit. Made
        # by C loops, much faster than reading it character by character; a large knowledge base
        # recomputes the terms of every phrasing it scores.
        found = set(text)
        found.update(map(PAIR_JOINER.join, pairwise(text)))
        return found
    parts = units(text)
    found = set(parts)
    found.update(a + PAIR_JOINER + b for a, b in pairwise(parts))
    return found
