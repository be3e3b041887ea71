"""How a query as typed becomes the normalized text the matcher reads: shortened, full-width ASCII made ASCII,
pinyin typed without a Chinese input method read as its words (in a Chinese base; a lone syllable, wo, left as
typed), normalized, a polite opening dropped (``clauses.without_opening``), a day of the weekend or a holiday named
as the base names it (``calendar_words``: 星期六 → 周末 where only 周末 is written), and a thing said to be affected
put after the verb (``affected_read``: in a long question, in its last clause)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..lazy_regex import LazyPattern
from ..normalize import MAX_QUERY_CHARS, is_chinese, shortened
from .calendar_words import CalendarWords
from .clauses import last_clause, without_opening
from .index import Index

if TYPE_CHECKING:
    from ..pinyin_input import PinyinReader

_FULL_WIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
"""Full-width ASCII forms and the ideographic space, to their ASCII characters (as NFKC makes them)."""

LABEL = re.compile(r"\s*[A-Za-z\uFF21-\uFF3A\uFF41-\uFF5A]{1,2}\s*[:\uFF1A]\s*(?=\S)")
"""A label opening a question: one or two letters before a colon (Q：, QQ：), as a forum or a chat group heads what
is asked; no word of it (typed QQ密码忘了, QQ is what is asked about, and a pinyin reader must not make it one of the
base's words either)."""


_AFFECTED = LazyPattern(r"(?:(?P<before>.*了))?(?P<thing>[^了]+?)(?P<adverb>也|都|还)?(?P<modal>会|能|可能)?"
                        r"(?P<either>不(?P=modal))?受(?P<either_affected>不受)?到?影响了?(?P<asks>吗|么|嘛|呢|不|没|没有)?",
                        needs=("影响",))
"""A thing said to be affected, the whole question or after a clause ending in 了: 征信会受影响吗, 额度会不会受到影响,
利率受不受影响, 逾期了征信会受影响吗."""


_TOWARD = LazyPattern(r"(?P<before>.*?)(?<!不)对(?![不了])(?P<thing>[^对]+?)(?P<adverb>也|都|还)?(?P<modal>会|能|可能)?"
                      r"(?P<either>不(?P=modal))?有(?P<either_had>没有)?影响了?(?P<asks>吗|么|嘛|呢|不|没|没有)?",
                      needs=("影响",))
"""A thing said to be affected as what an effect is on, after what has it: 对征信有影响吗, 逾期对征信有没有影响,
对额度会不会有影响. (Not 对征信有什么影响: what the effect is, not whether there is one; nor 对不起, 对了 or 不对.)"""


def affected_read(text: str, *, toward: bool = True) -> str:
    """Normalized ``text`` saying or asking that a thing is affected (X会受影响吗, X会不会受影响, X受不受影响;
    对X有影响吗, 对X有没有影响) put as the base's phrasings say it, the verb first and an either-or read as 吗
    (会影响X吗); ``text`` itself when it is not that. Phrasings name the thing after 影响 (会影响征信吗): read in
    the passive order, the thing's place alone keeps them apart. A clause before it ending in 了 (逾期了), or
    what has the effect (逾期 of 逾期对征信有影响吗), stays in front; 有影响 is read as 会影响 (what will be).
    ``toward`` False: the passive shapes only, not 对X有影响."""
    found = _AFFECTED.fullmatch(text)
    if found is not None:
        return _verb_first(found, "either_affected", "")
    found = _TOWARD.fullmatch(text) if toward else None
    if found is not None:
        return _verb_first(found, "either_had", "会")
    return text


def _verb_first(found: re.Match[str], either: str, modal: str) -> str:
    # The thing put after 影响, what stands before it kept in front; ``either``: the shape's group of its either-or
    # (受不受, 有没有), read as 吗; ``modal``: what it says when it names none (有影响 is 会影响).
    asks = found["asks"] or found["either"] or found[either]
    return (f"{found['before'] or ''}{found['adverb'] or ''}{found['modal'] or modal}影响{found['thing']}"
            + ("吗" if asks else ""))


def _one_character_read(typed: str, read: str) -> bool:
    # Whether the reader made ``typed``, which holds no Chinese character, one Chinese character beside no letter or
    # digit (wo, wo?).
    return (not any(map(is_chinese, typed)) and sum(map(is_chinese, read)) == 1
            and not any(char.isalnum() and not is_chinese(char) for char in read))


class QueryText:
    """Prepares queries for one index. Built for nothing: the pinyin reader is built on the first question
    holding Latin letters the base does not use. Safe to share across threads."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.knowledge = index.knowledge
        self.normalize = index.normalize
        self._reads_pinyin = (self.knowledge.language or "").lower().startswith("zh")
        """A Chinese base reads pinyin typed without a Chinese input method (weilidai yuqi, wld) as its words."""
        self._pinyin: PinyinReader | None = None
        self._latin: frozenset[str] | None = None  # the Latin words the reader keeps as typed (pinyin.latin)
        self._calendar: CalendarWords | None = None

    def gathered(self) -> dict[str, Any]:
        """The Latin words the pinyin reader keeps as typed (``pinyin_input.latin_words``: 微粒贷app needs no
        reader), gathered now, under the cache's key ``pinyin.latin``. ``adopt`` takes it back."""
        return {"pinyin.latin": sorted(self.latin_words())}

    def adopt(self, data: Mapping[str, Any]) -> None:
        """Take what ``gathered`` returned (read back from the cache), before the first question. Raises
        ``TypeError`` or ``KeyError`` when ``data`` does not hold it."""
        latin = data["pinyin.latin"]
        if type(latin) is not list or not set(map(type, latin)) <= {str}:
            raise TypeError("the pinyin reader's Latin words are not a list of text")
        self._latin = frozenset(latin)

    def prepare(self, query: str) -> str:
        """The normalized text of ``query`` (see the module's docstring); empty when nothing of it is left. Raises
        ``TypeError`` when ``query`` is not a str."""
        if not isinstance(query, str):
            raise TypeError(f"query must be a str, not {type(query).__name__}")
        query = shortened(query, MAX_QUERY_CHARS)
        query = query[label.end():] if (label := LABEL.match(query)) is not None else query
        if self._reads_pinyin:
            # An input method in full-width mode types its pinyin as ｗｅｉｌｉｄａｉ　ｙｕｑｉ: read as ASCII.
            query = query.translate(_FULL_WIDTH_ASCII)
            if any("a" <= char <= "z" or "A" <= char <= "Z" for char in query):
                from ..pinyin_input import kept_as_typed

                if not kept_as_typed(query, self.latin_words()):
                    read = self._pinyin_reader()(query)
                    # One syllable typed alone (wo, le) is too little to tell its character (我, 窝, 握) or that it is
                    # pinyin at all: read as one character it would be taken for a whole phrase holding it (我先走了).
                    # Left as typed, it gets what any input the base cannot read gets.
                    if not _one_character_read(query, read):
                        query = read
        calendar = self.calendar
        text = calendar.read(without_opening(self.normalize(query)))
        # Normalizing takes away the punctuation ending a long question's clauses: its last clause, where it
        # asks whether a thing is affected (…，征信会受影响吗), is read alone, or the story before would be taken for
        # the thing (逾期了三天征信: 会影响3天征信吗).
        last = last_clause(query)
        if last is not None:
            asked = calendar.read(self.normalize(last))
            read = affected_read(asked)
            if read != asked and text.endswith(asked):
                return text[:len(text) - len(asked)] + read
            # 对 in an earlier clause is no effect's object (我对逾期不太了解，会有影响吗: not 会影响逾期不太了解).
            return affected_read(text, toward=False)
        return affected_read(text)

    @property
    def calendar(self) -> CalendarWords:
        """The base's reading of calendar words (``calendar_words``), built on the first question from its
        phrasings (two threads may both build it: the same reading)."""
        if self._calendar is None:
            self._calendar = CalendarWords(self.index.texts)
        return self._calendar

    def _pinyin_reader(self) -> PinyinReader:
        # Built on the first question holding Latin letters the base does not use: most questions never need it.
        # Two threads may both build it; either result is the same immutable reader.
        if self._pinyin is None:
            from ..pinyin_input import PinyinReader

            self._pinyin = PinyinReader.from_knowledge(self.knowledge, self.normalize)
        return self._pinyin

    def latin_words(self) -> frozenset[str]:
        """The Latin words a reader of the base keeps as typed (app), without building one (a tenth of a second):
        gathered into the cache; empty for a base the reader is not for."""
        if self._latin is None:
            from ..pinyin_input import latin_words, reader_texts

            self._latin = (latin_words(reader_texts(self.knowledge, self.normalize)) if self._reads_pinyin
                           else frozenset())
        return self._latin
