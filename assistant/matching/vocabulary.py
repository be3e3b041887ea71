"""Vocabulary: what a knowledge base writes and holds, the tables the salience check reads a question against.

Whether two characters (as sound keys) stand side by side somewhere in the base (``Vocabulary.held``), whether
a word is written in the base's own characters (``written``), whether a sound stands within one of its words
(``said_as_word``), and the stems of a base in a spaced script (``spaced``). Read from the index's terms, and
from the answers and synonyms on the first question that needs them (what ``gathered`` gives the cache)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..models import Knowledge
from ..normalize import PAIR_JOINER, is_chinese, sound_key
from ..once import Once
from ..plain_data import text_list
from .index import Index
from .spaced import spaced_words, stem
from .words import adjacent_pairs, dictionary, uncut

GATHERED = ("elsewhere", "spaced", "written")
"""The names (after ``salience.``) of the tables ``Vocabulary.gathered`` returns, in order."""


def written_texts(knowledge: Knowledge, *, phrasings: bool = True, answers: bool = True) -> list[str]:
    """Return the base's own texts as written: its entries' questions and alternates (with ``phrasings``; not
    the questions it declares out of scope), their answers (with ``answers``) and its synonyms, canonical and
    variants."""
    texts = [text for entry in knowledge.entries for text in entry.phrasings] if phrasings else []
    if answers:
        texts += [entry.answer for entry in knowledge.entries]
    for canonical, variants in knowledge.synonyms.items():
        texts += [canonical, *variants]
    return texts


class Vocabulary:
    """What one knowledge base writes and holds (see the module's docstring). Built for nothing: it reads the
    index's terms, and gathers what the answers and synonyms hold on the first question that needs them. Safe to
    share across threads."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.normalize = index.normalize
        self._elsewhere = Once(self._gather_elsewhere)
        self._spaced = Once(self._gather_spaced)
        self._written_pairs = Once(self._gather_written)
        self._written_characters = Once(lambda: frozenset("".join(self._written_pairs.get())))
        self._said: dict[str, bool] = {}
        self._keyed: list[tuple[str, str]] | None = None

    def gathered(self) -> dict[str, list[str] | None]:
        """What this vocabulary gathers from the base on first need, all gathered now, as lists of strings (None
        for what a large base never gathers), under the keys ``salience.`` + each of ``GATHERED``: what the cache
        stores beside the index. ``adopt`` takes them back."""
        self.written("")  # gathers the written pairs (a large base has none: every word counts as written)
        written = self._written_pairs.get() if self._written_pairs.made else None
        tables = (self._pairs_elsewhere(), self.spaced(), written)
        return {f"salience.{name}": None if table is None else sorted(table) for name, table in zip(GATHERED, tables)}

    def adopt(self, data: Mapping[str, Any]) -> None:
        """Take the tables ``gathered`` returned (read back from the cache), before the first question. Raises
        ``TypeError`` or ``KeyError`` when ``data`` does not hold them."""
        elsewhere, spaced = text_list(data, "salience.elsewhere"), text_list(data, "salience.spaced")
        self._elsewhere.set(frozenset(elsewhere))
        self._spaced.set(frozenset(spaced))
        if data["salience.written"] is None:
            self._written_pairs.forget()
        else:
            self._written_pairs.set(frozenset(text_list(data, "salience.written")))
        self._written_characters.forget()

    def held(self, pair: str) -> bool:
        """True when the two characters of sound key ``pair`` stand side by side somewhere in the base: in
        a phrasing of an entry (not a declared out-of-scope question), an answer or a synonym."""
        index = self.index
        term = pair[0] + PAIR_JOINER + pair[1]
        if term in index.idf:
            negative = index.negative
            if negative < 0:
                return True
            if index.term_entries is not None:
                if any(owner != negative for owner in index.term_entries[term]):
                    return True
            elif any(index.owner[phrasing] != negative for phrasing in index.postings[term]):
                return True
        return pair in self._pairs_elsewhere()

    def _pairs_elsewhere(self) -> frozenset[str]:
        """The pairs of adjacent characters (as sound keys) of the synonyms and, in a small base, the answers
        (a large base's phrasings hold its words; reading 100,000 answers would stall a question seconds)."""
        return self._elsewhere.get()

    def _gather_elsewhere(self) -> frozenset[str]:
        # The answers' sound keys are the index's: no need to normalize the answers again.
        answers = [] if self.index.exact else self.index.answer_keys[:len(self.index.knowledge.entries)]
        synonyms = written_texts(self.index.knowledge, phrasings=False, answers=False)
        keys = map(sound_key, map(self.normalize, synonyms))
        return adjacent_pairs([*answers, *keys])

    def written(self, word: str) -> bool:
        """True when every two adjacent characters of ``word`` stand side by side in the base's own text (its
        entries' phrasings, answers and synonyms), as written; always in a large base (see
        ``_pairs_elsewhere``)."""
        if self.index.exact:
            return True
        pairs = self._written_pairs.get()
        return all(word[i:i + 2] in pairs for i in range(len(word) - 1))

    def _gather_written(self) -> frozenset[str]:
        texts = written_texts(self.index.knowledge, answers=not self.index.exact)
        return adjacent_pairs(self.normalize(text) for text in texts)

    def said_as_word(self, key: str) -> bool:
        """True when sound key ``key`` stands in the base's own text (its entries' phrasings, answers and synonyms)
        within one word, or as whole words, as the dictionary cuts the text around it (征信 for 正信), not across a
        cut (贷|账号 for 呆账). Read around the places the key stands only, once per key."""
        said = self._said.get(key)
        if said is None:
            if self._keyed is None:
                texts = [self.normalize(text) for text in written_texts(self.index.knowledge)]
                self._keyed = [(text, sound_key(text)) for text in texts]
            table, size = dictionary(), len(key)
            said = False
            for text, sounds in self._keyed:
                at = sounds.find(key)
                while at >= 0 and not said:
                    said = uncut(text, at, size, table)
                    at = sounds.find(key, at + 1)
                if said:
                    break
            if len(self._said) > 10_000:
                self._said.clear()
            self._said[key] = said
        return said

    def side_by_side(self, pair: str, key: str, single: bool) -> bool:
        """True when the base holds the two characters ``pair`` (sound key ``key``) side by side, in sounds alike;
        of a pair with a character the base never writes, only within a word or as whole words (柚付 is no
        有|服务费's 有服: single characters the base never writes, sounding like a pair across the dictionary's cut,
        are still a name; 贷借, both written, is the base's own two words); only between ``single`` characters."""
        return self.held(key) and (not single or self.written(pair) or all(map(self.written_character, pair))
                                   or self.said_as_word(key))

    def written_character(self, char: str) -> bool:
        """True when the base's own text (as ``written`` reads it) holds ``char``; always in a large base."""
        if self.index.exact:
            return True
        return char in self._written_characters.get()

    def spaced(self) -> frozenset[str]:
        """The stems of the words of a base written in a spaced script (most phrasings without a Chinese
        character): of its phrasings, synonyms and (but in a large base, see ``_pairs_elsewhere``) answers.
        Empty for any other base."""
        return self._spaced.get()

    def _gather_spaced(self) -> frozenset[str]:
        knowledge = self.index.knowledge
        phrasings = [p for entry in knowledge.entries for p in entry.phrasings]
        stems: set[str] = set()
        if sum(not any(map(is_chinese, p)) for p in phrasings) * 2 > len(phrasings):
            texts = written_texts(knowledge, answers=not self.index.exact)
            stems = {stem(word) for text in texts for word in spaced_words(self.normalize(text))}
        return frozenset(stems)
