"""How a query as typed becomes the normalized text the matcher reads: shortened, full-width ASCII made ASCII,
pinyin typed without a Chinese input method read as its words (in a Chinese base), normalized, and a polite
opening dropped (``clauses.without_opening``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..normalize import MAX_QUERY_CHARS, shortened
from .clauses import without_opening
from .index import Index

if TYPE_CHECKING:
    from ..pinyin_input import PinyinReader

_FULL_WIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
"""Full-width ASCII forms and the ideographic space, to their ASCII characters (as NFKC makes them)."""


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
        if self._reads_pinyin:
            # An input method in full-width mode types its pinyin as ｗｅｉｌｉｄａｉ　ｙｕｑｉ: read as ASCII.
            query = query.translate(_FULL_WIDTH_ASCII)
            if any("a" <= char <= "z" or "A" <= char <= "Z" for char in query):
                from ..pinyin_input import kept_as_typed

                if not kept_as_typed(query, self.latin_words()):
                    query = self._pinyin_reader()(query)
        return without_opening(self.normalize(query))

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
