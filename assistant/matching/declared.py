"""Declared out-of-scope questions: whether the one a question reads like speaks for it, or the entries do.

A base declares questions it does not answer (车贷逾期会怎样); the index holds them as one entry
(``Index.negative``). Scoring close to one is not enough to hold a question back: ``Declared.says_more`` tells
whether the declared question holds words the closest entries lack. It does not speak for the declared question
asked of the base's own thing: a question holding, where the declared one names a thing no entry holds (蚂蚁 of
蚂蚁借呗还不上了怎么处理), only characters the closest entries hold (微粒贷还不上了怎么办)."""

from __future__ import annotations

from ..normalize import PAIR_JOINER, terms
from .candidates import features_of
from .index import Index, PerEntry
from .words import chinese_words, dictionary

SLACK = 1e-6
"""How far below a score the declared questions scored alone may fall and still reach it scored among the other
candidates (``Declared.may_reach``): the same sums, added in another order, may differ in their last digits."""

GRAMMAR = frozenset("了吗呢吧啊呀嘛怎么办样")
"""Particles and the characters of 怎么办 and 怎么样: a term made of them only (了怎 of 还不上了怎么办) is how a
question is put, and tells no declared out-of-scope question from an entry."""


def worded(found: set[str]) -> set[str]:
    """The terms of ``found`` (``normalize.terms``: characters and pairs of them joined by ``PAIR_JOINER``) but for
    those made of ``GRAMMAR`` only; an empty set when all are."""
    return {term for term in found if not set(term.replace(PAIR_JOINER, "")) <= GRAMMAR}


def _phrasing_terms(index: Index, owner: int) -> frozenset[str]:
    """The terms (``normalize.terms``) of entry ``owner``'s phrasings."""
    return frozenset().union(*map(terms, index.phrasing_texts(owner)))


_terms_of = PerEntry(_phrasing_terms)


class Declared:
    """The declared out-of-scope check for one index. Built for nothing: the best entries' terms and the base's
    characters are gathered on the first question that needs them. Safe to share across threads (two threads may
    gather the same)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._base_characters: frozenset[str] | None = None
        self._named: dict[int, tuple[frozenset[str], ...]] = {}

    def may_reach(self, text: str, least: float) -> bool:
        """False when the declared out-of-scope questions, scored alone against normalized ``text``, fall short of
        ``least`` (or share no term with it, or the base declares none): as every entry's score, theirs depends
        only on the question, so no reply scoring them among the candidates finds them at ``least``. True
        otherwise."""
        index = self.index
        negative = index.negative
        if negative < 0:
            return False
        key, query_terms, weight, length = index.query(text)
        found = features_of(index, text, [negative], -1, -1, None, key, query_terms, weight, length).get(negative)
        return found is not None and found.scored().score >= least - SLACK

    def _held_anywhere(self) -> frozenset[str]:
        # The characters any entry's phrasings hold (not the declared questions', nor small talk's): all that
        # ``_things_named`` asks of a word's characters, without the terms of every phrasing.
        if self._base_characters is None:
            index = self.index
            self._base_characters = frozenset("".join(
                "".join(index.phrasing_texts(owner)) for owner, entry in enumerate(index.entries)
                if owner != index.negative and not entry.smalltalk))
        return self._base_characters

    def _asked_of_own(self, text: str, declared: str, best: list[str]) -> bool:
        # Whether the words of ``text`` (the general dictionary's cut) that ``declared`` does not write are all
        # written whole in a phrasing of the best entry, the first of ids ``best`` (微粒|贷 of 微粒贷还不上了怎么办),
        # and there are some (not 信用卡 of 信用卡还不上了怎么办, though its characters are the entry's one by one, nor
        # though a runner-up as close says 按时还信用卡).
        index, table = self.index, dictionary()
        phrasings = index.phrasing_texts(index.entry_index[best[0]]) if best else []
        instead = [word for _, word in chinese_words(text, table) if word not in declared]
        return bool(instead) and all(any(word in phrasing for phrasing in phrasings) for word in instead)

    def _things_named(self, phrasing: int) -> tuple[frozenset[str], ...]:
        # The characters of each thing the declared question of ``phrasing`` names (a noun or name of the general
        # dictionary, or characters it does not know) that holds a character no entry holds.
        named = self._named.get(phrasing)
        if named is None:
            table, held = dictionary(), self._held_anywhere()
            named = self._named[phrasing] = tuple(
                frozenset(word) for _, word in chinese_words(self.index.texts[phrasing], table)
                if len(word) > 1 and table.noun_like(word) and set(word) - held)
        return named

    def _names_another(self, phrasing: int, text: str) -> bool:
        # Whether the declared question of ``phrasing`` names a thing (``_things_named``) that ``text`` lacks every
        # character of.
        return any(not characters & set(text) for characters in self._things_named(phrasing))

    def _asked_without_its_thing(self, text: str, declared: str, best: list[str]) -> bool:
        # Whether ``text`` is the declared question ``declared`` asked without the thing that puts it out of scope:
        # ``declared`` names a thing (a noun or name of the general dictionary, of two characters or more) that no
        # phrasing of the best entry, the first of ids ``best``, writes and ``text`` lacks every character of (信用卡
        # of 信用卡分期怎么申请), and every word of ``text`` but function words is one the best entry writes whole
        # (分期, 申请 of 分期怎么申请; not 起诉 of 逾期多少天会被起诉, which the entry on the details of a debt never
        # writes: the suit is what the declared question asks about).
        if not best:
            return False
        table = dictionary()
        phrasings = self.index.phrasing_texts(self.index.entry_index[best[0]])
        if not any(len(word) > 1 and table.noun_like(word) and set(word).isdisjoint(text)
                   and not any(word in phrasing for phrasing in phrasings)
                   for _, word in chinese_words(declared, table)):
            return False
        return all(any(word in phrasing for phrasing in phrasings)
                   for _, word in chinese_words(text, table) if not table.function_word(word))

    def says_more(self, text: str, phrasing: int, best: list[str], *, on_topic: bool = False) -> bool:
        """True when the declared question of ``phrasing`` (a place in ``index.texts``) speaks for normalized
        ``text`` rather than the entries of ids ``best``: ``text`` shares words with it that those entries lack,
        or holds words that neither it nor they hold. ``on_topic``: ``text`` holds the topic word of the first of
        ``best`` (``topic.Topics.holds_topic``); the declared question asked without its thing then does not speak
        for it."""
        # A declared out-of-scope question (车贷逾期会怎样) speaks for a question that holds words of its own the best
        # entries lack (车贷), or words that neither it nor they hold (小米贷款逾期会怎样: another lender put in
        # its place); not for one that differs from it only by their own words (微粒贷逾期会怎样). The best entries
        # are the best one and those as close to the question (within the wide margin): 还不上了怎么办 shares 还不上
        # with 蚂蚁借呗还不上了怎么处理, and so does communicate-early, as close as overdue-what-to-do.
        # Characters, not sound keys: 利 of 利息 sounds like 粒 of 微粒贷.
        index = self.index
        entry_terms: set[str] = set()
        for owner in map(index.entry_index.__getitem__, best):
            entry_terms |= _terms_of(index, owner)
        question, declared = worded(terms(text)), worded(terms(index.texts[phrasing]))
        # The declared question asked of the base's own thing (微粒贷还不上了怎么办 of 蚂蚁借呗还不上了怎么处理): the
        # question holds, in the place of the words that no entry holds and make the declared one out of scope,
        # only words the best entry writes.
        written = index.texts[phrasing]
        if self._names_another(phrasing, text) and self._asked_of_own(text, written, best):
            return False
        # The declared question asked without its thing (分期怎么申请 of 信用卡分期怎么申请) about the best entry's
        # own topic is that entry's question. Not without the topic: 还不上会被起诉吗 lacks 信用卡 too, but the
        # entry on suits during an extension answers it only of an extension, which the question never names.
        if on_topic and self._asked_without_its_thing(text, written, best):
            return False
        return bool((question & declared) - entry_terms or question - declared - entry_terms)
