"""Listed values: a question asking of a value of a unit (十二寸 of 十二寸蛋糕多少钱) that an entry lists other
values of (六寸128元，八寸168元，十寸228元) without that one is not answered by the entry; the asked check
(``asked``) reads it.

A unit is one of ``LISTED_UNITS`` (a size, a measure, a number of people or things, an age or a price). An entry
lists its values when its phrasings (and its answer, in a small base) name two or more of them, each exact: a value
beside a word of ``RANGE`` (十六岁以上, 五公里内) gives a range, which may well hold the value asked (十五岁 of an
entry saying 十六岁以上), so its unit is not read as listed.

>>> from assistant import Matcher
>>> quantities(Matcher().normalize("两个人三张票多少钱"))
((2, '人'), (3, '张'))
"""

from __future__ import annotations

from functools import lru_cache

from ..lazy_regex import LazyPattern
from ..models import Entry
from ..normalize import number_value
from .index import Index, PerEntry, read_texts

LISTED_UNITS = "寸|公里|米|斤|公斤|克|码|层|楼|人|位|份|张|瓶|盒|岁|元|块"
"""Units of a size, a measure, a number of people or things, an age or a price: an answer may list the values it
has (六寸、八寸、十寸)."""

QUANTITY = LazyPattern(rf"(\d+|[零一二两三四五六七八九十百千万]+)个?({LISTED_UNITS})")
"""A number with one of ``LISTED_UNITS`` (十二寸, 15岁, 128元), written in digits or in Chinese numerals."""

RANGE = LazyPattern(r"以[上下内外后前]|之内|内|起|到|至|~|超过|不到|不满|未满|满|不超|多|左右|前|后|每|一?共")
"""Words making a value a bound or a rate (十六岁以上, 五公里内, 三到五公里, 每人): an answer saying them gives a
range, not a list of values."""

QUESTIONS_KEPT = 8
"""How many questions' ``quantities`` are kept (a few per thread asking at once, as ``asked.asks`` keeps)."""


@lru_cache(maxsize=QUESTIONS_KEPT)
def quantities(text: str) -> tuple[tuple[int, str], ...]:
    """The values normalized ``text`` names of the units of ``LISTED_UNITS`` (十二寸蛋糕多少钱: ``((12, "寸"),)``), in
    the order it names them; empty when it names none. Kept for the last ``QUESTIONS_KEPT`` texts: a question is
    read once, not once for each entry ``unlisted`` checks it against."""
    return tuple((number_value(number), unit) for number, unit in QUANTITY.findall(text))


def unlisted(index: Index, text: str, entry: Entry) -> bool:
    """True when normalized ``text`` asks of a value (十二寸 of 十二寸蛋糕多少钱) of a unit whose values ``entry`` of
    ``index`` lists (its phrasings, and its answer in a small base: 六寸128元，八寸168元，十寸228元), two or more, each
    exact (none beside a word of ``RANGE``: 十六岁以上 gives a range), without that one: the entry does not say it.
    False otherwise. Never raises for any text."""
    asked = quantities(text)
    if not asked:
        return False
    listed = _listed(index, index.entry_index[entry.id])
    return any(len(listed.get(unit, ())) >= 2 and value not in listed[unit] for value, unit in asked)


def _find_listed(index: Index, owner: int) -> dict[str, frozenset[int]]:
    """The values entry ``owner`` lists of each of ``LISTED_UNITS`` (``unlisted``), read from its phrasings (and
    answer in a small base), normalized: a unit any of whose values stands beside a word of ``RANGE`` is left out (a
    range, not a list)."""
    values: dict[str, set[int]] = {}
    ranged: set[str] = set()
    for text in map(index.normalize, read_texts(index, owner)):
        for found in QUANTITY.finditer(text):
            unit = found.group(2)
            values.setdefault(unit, set()).add(number_value(found.group(1)))
            if RANGE.match(text, found.end()) or RANGE.search(text[max(0, found.start() - 2):found.start()]):
                ranged.add(unit)
    return {unit: frozenset(found) for unit, found in values.items() if unit not in ranged}


_listed = PerEntry(_find_listed)
