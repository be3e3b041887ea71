"""The index: the tables a knowledge base is matched with, built once from ``Knowledge`` and shared read-only.

An ``Index`` is a value: the knowledge base, its normalizer, and tables of plain data (arrays of numbers,
lists of strings, dicts from a term to numbers) computed from them and from nothing else. It is what the cache
stores, and what the candidate strategies (``candidates``) and the signals (``signals``) read. Its fields:

* ``entries``: the knowledge base's entries, then (when it declares out-of-scope questions) one small-talk
  pseudo-entry holding them, at ``negative`` (-1 without); ``entry_index``: an entry's place by id;
  ``smalltalk``: the places of the small-talk entries; ``foreign_terms``: the normalized out-of-scope terms;
* per phrasing (an entry's question and alternates, normalized, duplicates dropped), in entry order:
  ``raw`` (as written), ``texts`` (normalized), ``owner`` (its entry), ``weights`` (the IDF sum of its terms),
  and on bases up to 50,000 phrasings ``keys`` (sound keys) and ``phrasing_terms``; ``first_phrasing[e]`` to
  ``first_phrasing[e + 1]`` are entry e's;
* per term (character unigrams and bigrams of sound keys; in a bare list, ``joins_across``, the bigram across 的
  in place of the two holding it: ``joined_terms``): ``idf`` (a bigram's at ``BARE_PAIR_WEIGHT`` of it in a list
  asked once: ``asked_once``) and ``postings`` (the phrasings holding it,
  all terms' in one array: ``postings.Postings``);
  ``unknown_idf`` for a term no entry holds (a question's term of fillers only weighs ``FILLER_IDF``); per entry
  ``entry_length`` (BM25's) and ``average_length``;
* per entry ``answer_keys``, the sound key of its normalized answer, and per term ``answer_idf``, the IDF of the
  terms across answers (``unknown_idf`` for a term no answer holds): the ``answer`` signal's tables;
* a small base (``exact`` False, under ``EXACT_FROM`` phrasings): ``term_entries``, ``entry_term_counts`` and
  ``inverse_weights`` for pre-selection; a large one: the entry postings (``entry_number``, ``entry_starts``,
  ``entry_owners``, ``entry_counts``) and ``common_weight`` per ``COMMON_LEVELS`` (``bound_tables``) and, up to
  50,000 phrasings, ``entry_terms``, for the bounds.

``consistent()`` says whether the tables agree with each other, as a cached index must before it is used.
``index_data`` turns the index into plain data (what the cache stores) and back.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Set
from functools import cached_property
from itertools import chain, pairwise, repeat
from operator import sub
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

from ..models import Entry, Knowledge
from ..normalize import PAIR_JOINER, Normalizer, sound_key, terms
from ..plain_data import all_below
from .bound_tables import COMMON_LEVELS, common_weights, entry_postings
from .postings import Postings

EXACT_FROM = 5_000
"""Bases of at least this many phrasings choose the entries to score by bounds (``candidates.ScoreBounds``)."""

JOINED_ACROSS = sound_key("的")
"""In a bare list, the characters on either side of 的 (as a sound key: 得 and 地 too) make one bigram, in place of
the two holding it (``joined_terms``): 柚付的额度 and 柚付额度 then share 付额, and 的 does not make 的额 a term
of its own that 我的额度 shares with every question about 额度. A base whose entries have alternates keeps them:
its alternates say its questions in many ways, and there the two bigrams holding 的 tell what is asked."""

BARE_PAIR_WEIGHT = 0.6
"""In a list of questions each asked in one way (``asked_once``), a pair of characters (a bigram term) weighs this share
of its IDF. Its questions hold nearly every pair once, so each pair weighed as the rarest term and a phrasing's weight
was mostly its pairs: a question putting an entry's words in another order or with a word between them
(柚借额度给冻住了咋整 for 柚借额度被冻结了怎么办, 柚付咋开 for 怎么开通柚付) lost to a shorter question sharing one run
of common characters (柚借额度怎么提). A pair no question holds still weighs as the rarest term: counted lighter too, it
raised the scores of questions in words of their own and answered more of them wrongly. Lighter still, the pairs that
tell a list's questions apart count too little. A base whose entries have alternates (a small bot author's base of one
or two each among them) is untouched: its alternates already put an entry's words in other orders, and there the lighter
pairs let a question naming another entry's topic word in the place of its own (年卡怎么退 for 月卡怎么退, in a base
that also asks 年卡多少钱) be answered with that other entry."""

FEW_ALTERNATES = 4
"""A base whose real entries have at most this many alternates each on average is a bare list (``bare_list``)."""

FEWEST = 4
"""An entry with fewer phrasings than this (a bare question) says too little of what it is about: no topic word is
measured of it (``topic``; but see ``topic.RECURRING`` for bare ones), nor is it told apart by the base's names
(``names``), nor by a thing it never names of which a detail is asked (``asked``: 青柚客服电话多少 of a wallet's
客服电话是多少), nor by another entry's word it never writes (``others_words``)."""


def bare_list(entries: Iterable[Entry]) -> bool:
    """True when ``entries`` (small talk left out) have at most ``FEW_ALTERNATES`` alternates each on average: a bot
    author's list of questions, asked in few ways; False when there is no real entry."""
    real = [entry for entry in entries if not entry.smalltalk]
    return bool(real) and sum(len(entry.alternates) for entry in real) <= FEW_ALTERNATES * len(real)


def asked_once(entries: Iterable[Entry]) -> bool:
    """True when ``entries`` (small talk left out) have fewer than one alternate each on average: a list of questions
    each asked in one way (``BARE_PAIR_WEIGHT``); False when there is no real entry."""
    real = [entry for entry in entries if not entry.smalltalk]
    return bool(real) and sum(len(entry.alternates) for entry in real) < len(real)


_Found = TypeVar("_Found")
_Key = TypeVar("_Key", bound=Hashable)


class PerIndex(Generic[_Key, _Found]):
    """What ``find(index, key)`` works out of an index for ``key`` (an entry, a term), found on the first question
    that needs it and kept for every later one: one matcher serves many questions, and its entries do not change.
    Kept per index (weakly: a matcher let go takes its tables along); threads asking at once may each find it, the
    same value, and either one is kept. Nothing is let go while the index lives: keys are of a few the index names
    (its entries, its synonyms' terms), never a question's; and a ``find`` giving None is called again each time."""

    def __init__(self, find: Callable[[Index, _Key], _Found]) -> None:
        self._find = find
        self._found: WeakKeyDictionary[Index, dict[_Key, _Found]] = WeakKeyDictionary()

    def __call__(self, index: Index, key: _Key) -> _Found:
        """What ``find`` gives for ``key`` of ``index``, found once."""
        known = self._found.get(index)
        if known is None:
            known = self._found.setdefault(index, {})
        found = known.get(key)
        if found is None:
            found = known[key] = self._find(index, key)
        return found


class PerEntry(PerIndex[int, _Found]):
    """What ``find(index, owner)`` works out of entry ``owner`` of an index, found once (``PerIndex``)."""


def _normalized_answer(index: Index, owner: int) -> str:
    """Entry ``owner``'s answer, normalized."""
    return index.normalize(index.entries[owner].answer)


normalized_answer = PerEntry(_normalized_answer)
"""``normalized_answer(index, owner)``: entry ``owner``'s answer, normalized once per index."""


def bare_entry(index: Index, owner: int) -> bool:
    """True when entry ``owner`` (a place in ``index.entries``) is bare: a real entry (not small talk) of one
    phrasing, as a bot author's plain list gives them; False otherwise. Its answer is then the only other text
    saying what it is about, and counts as its own wording (``salience``'s step 4; ``kinds`` as ``Matcher`` reads
    it)."""
    return index.first_phrasing[owner + 1] - index.first_phrasing[owner] == 1 and not index.entries[owner].smalltalk


def read_texts(index: Index, owner: int) -> tuple[str, ...]:
    """Entry ``owner``'s phrasings, and its answer in a small base (a large base's answers are not read: see
    ``Index.exact``), as written."""
    entry = index.entries[owner]
    return entry.phrasings if index.exact else (*entry.phrasings, entry.answer)


def joined_terms(key: str) -> set[str]:
    """The terms of sound key ``key`` (``normalize.terms``) with each bigram holding ``JOINED_ACROSS`` replaced by
    the bigram of the characters on either side of it."""
    found = terms(key)
    if JOINED_ACROSS not in key:
        return found
    found = {term for term in found if PAIR_JOINER not in term or JOINED_ACROSS not in term.split(PAIR_JOINER)}
    apart = key.replace(JOINED_ACROSS, "")
    found.update(terms(apart) - set(apart))
    return found


class Index:
    """The tables of one knowledge base (see the module's docstring). Read-only once built: share it."""

    def __init__(self, knowledge: Knowledge, normalize: Normalizer, *, exact: bool | None = None) -> None:
        """Build the tables. ``exact``: build a large base's tables (for ``candidates.Bounded``) or a small
        one's; by default, large from ``EXACT_FROM`` phrasings."""
        self.knowledge = knowledge
        self.normalize = normalize
        self.entries: tuple[Entry, ...] = knowledge.entries
        # Questions the knowledge base declares out of scope are matched like one more entry; when it
        # wins, the reply is "none". It is marked small talk so it is never offered as a suggestion.
        self.negative = -1
        self.foreign_terms = tuple(t for t in map(self.normalize, self.knowledge.out_of_scope_terms) if t)
        if self.knowledge.out_of_scope:
            self.negative = len(self.entries)
            first, *rest = self.knowledge.out_of_scope
            self.entries += (Entry(id="(out of scope)", question=first, answer=self.knowledge.fallback,
                                    alternates=tuple(rest), smalltalk=True),)
        self.entry_index = {entry.id: index for index, entry in enumerate(self.entries)}
        self.smalltalk = tuple(index for index, entry in enumerate(self.entries) if entry.smalltalk)
        self.raw: list[str] = []
        self.texts: list[str] = []
        self.owner = array("i")
        for index, entry in enumerate(self.entries):
            seen: set[str] = set()
            for raw in entry.phrasings:
                text = self.normalize(raw)
                if text and text not in seen:
                    seen.add(text)
                    self.raw.append(raw)
                    # Most phrasings are already in normalized form: one string object then serves as both.
                    self.texts.append(raw if text == raw else text)
                    self.owner.append(index)
        self.first_phrasing = array("i", [0] * (len(self.entries) + 1))
        for phrasing, owner in enumerate(self.owner):
            self.first_phrasing[owner + 1] = phrasing + 1
        for owner in range(len(self.entries)):  # entries with no phrasing left
            self.first_phrasing[owner + 1] = max(self.first_phrasing[owner + 1], self.first_phrasing[owner])
        # One entry's terms at a time: a set per phrasing kept for the whole build takes gigabytes at
        # 100,000 entries, for tables that then hold a tenth of that.
        postings: dict[str, array[int]] = {}
        entries_with: dict[str, int] = {}
        builtin_with: dict[str, int] = {}
        # An entry's length for BM25: its phrasings' terms, counted once per phrasing holding each.
        self.entry_length = array("i", [0] * len(self.entries))
        # Each phrasing's sound key and terms: kept for small bases, where scoring an entry is then a few
        # set operations; recomputed, cheaply, for the few candidate entries of a large one,
        # where keeping them would take gigabytes.
        keep = len(self.texts) <= 50_000
        keys: list[str] = []
        phrasing_terms: list[frozenset[str]] = []
        entry_terms: list[frozenset[str]] = []
        entry_term_counts: list[dict[str, int]] = []
        term_entries: dict[str, list[int]] = {}
        self.exact = len(self.texts) >= EXACT_FROM if exact is None else exact
        self.joins_across = bare_list(self.entries)
        for owner in range(len(self.entries)):
            counts: Counter[str] = Counter()
            heard: Counter[str] = Counter()
            given = frozenset(self.entries[owner].heard)
            for phrasing in range(self.first_phrasing[owner], self.first_phrasing[owner + 1]):
                key = sound_key(self.texts[phrasing])
                found = self.terms_of(key)
                if keep:  # terms interned: one string per term, shared by every table
                    keys.append(key)
                    phrasing_terms.append(frozenset(map(sys.intern, found)))
                if self.raw[phrasing] in given:
                    heard.update(found)
                else:
                    self.entry_length[owner] += len(found)
                    counts.update(found)
                for term in found:
                    posting = postings.get(term)
                    if posting is None:
                        postings[term] = posting = array("i")
                    posting.append(phrasing)
            # Built-in small talk (``default_smalltalk``, and its phrasings given to a base's own: ``Entry.heard``)
            # weighs no term of the base's own entries; a term only it holds counts as held by one entry.
            tally = builtin_with if self.entries[owner].builtin else entries_with
            for term in counts:
                tally[term] = tally.get(term, 0) + 1
            for term in heard.keys() - counts.keys():
                builtin_with[term] = builtin_with.get(term, 0) + 1
            counts.update(heard)
            if not self.exact:
                entry_term_counts.append({sys.intern(term): count for term, count in counts.items()})
                for term in counts:
                    holders = term_entries.get(term)
                    if holders is None:
                        term_entries[term] = holders = []
                    holders.append(owner)
            elif keep:
                entry_terms.append(frozenset(map(sys.intern, counts)))
        builtin = [index for index, entry in enumerate(self.entries) if entry.builtin]
        count = max(len(self.entries) - len(builtin), 1)
        entries_with.update((term, 1) for term in builtin_with if term not in entries_with)
        self.idf = {term: math.log(1 + count / owners) for term, owners in entries_with.items()}
        if _pairs_scaled(self):
            for term in self.idf:
                if PAIR_JOINER in term:
                    self.idf[term] *= BARE_PAIR_WEIGHT
        self.unknown_idf = math.log(1 + count)
        weights = array("d", bytes(8 * len(self.texts)))  # 8 bytes a phrasing, not 32 in a list
        # Each phrasing's terms added lightest first (those of one weight in any order): phrasings whose terms weigh
        # alike (恢复额度要多久, 额度恢复要多久) then weigh the same to the last bit and tie, rather than as the
        # order the terms were found in (a set's, which the process's hash seed decides) rounds their sums.
        idf = self.idf
        for term in sorted(postings, key=idf.__getitem__):
            weight = idf[term]
            for phrasing in postings[term]:
                weights[phrasing] += weight
        self.weights = weights
        if not self.exact:
            # Each term's postings lightest phrasing first: those where the term is the largest share of the
            # weight, so a common term's first postings are the phrasings it matters most to (see
            # _candidate_entries). One term at a time, to keep the build's peak memory low.
            for term, posting in postings.items():
                postings[term] = array("i", sorted(posting, key=weights.__getitem__))
        # (A large base keeps them in phrasing order, as built: bounds read them all at once.)
        self.postings = Postings.from_lists(postings)  # (empties the dict: the numbers are not held twice)
        # A large base bounds every entry's score from its entry postings and common weights (``bound_tables``);
        # a small one keeps them empty.
        self.entry_number: dict[str, int] = {}
        self.entry_starts = array("q")
        self.entry_owners: array[int] = array("i")
        self.entry_counts = array("B")
        self.common_weight: list[array[float]] = []
        if self.exact:
            self.entry_starts, self.entry_owners, self.entry_counts = entry_postings(
                self.postings, self.owner, self.first_phrasing, sum(entries_with.values()))
            self.entry_number = self.postings.number  # the entry postings are numbered as the terms
            self.common_weight = common_weights(self.idf, self.postings, len(self.texts))
        self.average_length = (sum(self.entry_length) - sum(self.entry_length[index] for index in builtin)) / count
        # The answers: a bare list of questions (what a bot author starts with) has one phrasing per entry, and
        # its answer is the only other text saying what the entry is about. Keys, not term sets: a set per
        # answer would take gigabytes on a large base; the few entries a question scores look terms up in them.
        self.answer_keys: list[str] = []
        answers_with: Counter[str] = Counter()
        for entry in self.entries:
            answer_key = sound_key(self.normalize(entry.answer)) if entry.answer else ""
            self.answer_keys.append(answer_key)
            if not entry.builtin:
                answers_with.update(self.terms_of(answer_key))
        self.answer_idf = {term: math.log(1 + count / owners) for term, owners in answers_with.items()}
        self.keys: list[str] | None = keys if keep else None
        self.phrasing_terms: list[frozenset[str]] | None = phrasing_terms if keep else None
        # Pre-selection measures an entry's coverage of the question (step 3 of _candidate_entries) from
        # its terms: a large base keeps each entry's set (up to 50,000 phrasings); a small one the entries
        # holding each term, and per entry how many of its phrasings hold each term, for scoring.
        self.entry_terms: list[frozenset[str]] | None = entry_terms if keep and self.exact else None
        self.term_entries: dict[str, tuple[int, ...]] | None = None  # tuples: quicker to read from the cache
        self.entry_term_counts: list[dict[str, int]] | None = None
        # … and adds up the question's term weights per phrasing in a list over all phrasings, which needs
        # each phrasing's 1 / weight.
        self.inverse_weights: array[float] | None = None
        if not self.exact:
            self.term_entries = {term: tuple(holders) for term, holders in term_entries.items()}
            self.entry_term_counts = entry_term_counts
            self.inverse_weights = array("d", (1.0 / (weight or 1.0) for weight in weights))

    def consistent(self) -> bool:
        """True when the matcher's tables agree with each other and with its entries: every phrasing has an
        entry, every posting a phrasing and every term a weight. A matcher read from a cache file is used only
        then (a same-user file with a valid checksum may still hold anything)."""
        phrasings, entries = len(self.texts), len(self.entries)
        first = self.first_phrasing
        try:
            if not (len(self.raw) == len(self.owner) == len(self.weights) == phrasings
                    and len(first) == entries + 1 and first[0] == 0 and first[-1] == phrasings
                    and len(self.answer_keys) == entries
                    and all(a <= b for a, b in pairwise(first)) and len(self.entry_length) == entries
                    and self.entry_index == {entry.id: index for index, entry in enumerate(self.entries)}
                    and self.entries[:len(self.knowledge.entries)] == self.knowledge.entries
                    and self.postings.keys() == self.idf.keys()):
                return False
            if not -1 <= self.negative < entries or any(not 0 <= owner < entries for owner in self.smalltalk):
                return False
            # each phrasing's owner is the entry whose range holds it (so every owner is an entry)
            if self.owner != array("i", chain.from_iterable(map(repeat, range(entries), map(sub, first[1:], first)))):
                return False
            if type(self.postings) is not Postings or not self.postings.consistent(phrasings):
                return False
            for table in (self.keys, self.phrasing_terms, self.inverse_weights):
                if table is not None and len(table) != phrasings:
                    return False
            if self.entry_term_counts is not None and len(self.entry_term_counts) != entries:
                return False
            if self.term_entries is not None and (
                    self.term_entries.keys() != self.idf.keys()
                    or any(owner < 0 or owner >= entries for held in self.term_entries.values() for owner in held)):
                return False
            if self.entry_terms is not None and len(self.entry_terms) != entries:
                return False
            if self.exact and (len(self.entry_starts) != len(self.postings) + 1
                                or not (self.entry_number is self.postings.number
                                        or self.entry_number == self.postings.number)
                                or len(self.entry_owners) != len(self.entry_counts)
                                or self.entry_starts[-1] != len(self.entry_owners)
                                or not all_below((self.entry_owners,), entries)
                                or len(self.common_weight) != len(COMMON_LEVELS)
                                or any(len(level) != phrasings for level in self.common_weight)):
                return False
        except (TypeError, ValueError, AttributeError, IndexError, KeyError):
            return False
        return True

    def phrasing_texts(self, owner: int) -> list[str]:
        """The normalized texts of entry ``owner``'s phrasings (its question first)."""
        return self.texts[self.first_phrasing[owner]:self.first_phrasing[owner + 1]]

    @cached_property
    def average_weight(self) -> float:
        """The mean weight (IDF sum of its terms) of a phrasing, over the phrasings but the built-in small talk's
        (``builtin_phrasings``: the base's entries weigh the same with it or without); 0.0 without any."""
        start, end = self.builtin_phrasings()
        count = len(self.weights) - (end - start)
        return (sum(self.weights) - sum(self.weights[start:end])) / count if count > 0 else 0.0

    def key(self, phrasing: int) -> str:
        """The sound key of a phrasing's normalized text."""
        return self.keys[phrasing] if self.keys is not None else sound_key(self.texts[phrasing])

    def terms(self, phrasing: int, key: str | None = None) -> Set[str]:
        """The terms of a phrasing (``key``: its sound key, when the caller already has it)."""
        if self.phrasing_terms is not None:
            return self.phrasing_terms[phrasing]
        return self.terms_of(key if key is not None else self.key(phrasing))

    def builtin_phrasings(self) -> tuple[int, int]:
        """The range of the phrasings of the built-in small talk (``default_smalltalk``), which ``build_knowledge``
        puts after the base's own entries: a question's terms that only they hold weigh what they would in the
        base without them, so that the base's own entries score the same with them or without. (0, 0) when none."""
        end = len(self.knowledge.entries)
        start = end
        while start > 0 and self.entries[start - 1].builtin:
            start -= 1
        return self.first_phrasing[start], self.first_phrasing[end]

    def only_builtin(self, term: str, start: int, end: int) -> bool:
        """Whether only the built-in small talk's phrasings (``start`` to ``end``: ``builtin_phrasings``) hold
        ``term``, which some phrasing holds."""
        return end > start and len(held := self.postings[term]) <= end - start and all(
            start <= phrasing < end for phrasing in held)

    def entries_holding(self, term: str) -> int:
        """How many entries' phrasings hold ``term``, its document frequency (a term only the built-in small talk
        holds counts as held by one); 0 when no entry holds it. Read back from its IDF (``BARE_PAIR_WEIGHT``
        undone), so that no count is kept."""
        weight = self.idf.get(term)
        if weight is None:
            return 0
        if PAIR_JOINER in term and _pairs_scaled(self):
            weight /= BARE_PAIR_WEIGHT
        return round(self.entries_counted() / math.expm1(weight))

    def entries_counted(self) -> int:
        """How many entries the IDF is computed over: the base's own, built-in small talk left out (at least 1)."""
        return round(math.expm1(self.unknown_idf))

    def terms_of(self, key: str) -> set[str]:
        """The terms of sound key ``key`` as this index reads them: ``joined_terms`` in a bare list
        (``joins_across``), else ``normalize.terms``."""
        return joined_terms(key) if self.joins_across else terms(key)

    def query(self, text: str) -> tuple[str, set[str], float, float]:
        """What scoring needs of normalized ``text``: its sound key, its terms, their weight (IDF, an unknown
        term counting as the rarest, but one of fillers only as ``FILLER_IDF``) and the length signal."""
        key = sound_key(text)
        query_terms = self.terms_of(key)
        idf, unknown = self.idf, self.unknown_idf
        # A term only built-in small talk holds weighs what it would without it (see ``builtin_phrasings``).
        start, end = self.builtin_phrasings()
        unheld = [term for term in query_terms if term not in idf or self.only_builtin(term, start, end)]
        # math.fsum: the same to the last bit in any order (a set's order is the hash seed's)
        query_weight = (math.fsum(idf[term] for term in query_terms if term in idf)
                        - math.fsum(idf.get(term, 0.0) for term in unheld))
        if unheld:
            light = _filler_units(text, key)
            query_weight += math.fsum(FILLER_IDF if light and light.issuperset(term.split(PAIR_JOINER)) else unknown
                                for term in unheld)
        return key, query_terms, query_weight or 1.0, min(len(text), 60) / 60.0


_SCALED: WeakKeyDictionary[Index, bool] = WeakKeyDictionary()


def _pairs_scaled(index: Index) -> bool:
    # Whether the index's pairs weigh BARE_PAIR_WEIGHT of their IDF (in a list asked once): told once per index,
    # as a large base's entries take a while to count, and kept aside as the index holds only the tables it stores.
    scaled = _SCALED.get(index)
    if scaled is None:
        scaled = _SCALED[index] = asked_once(index.entries)
    return scaled


FILLER_IDF = math.log(2)
"""The weight of a question's term that no phrasing holds and that only fillers of the question hold (你们, 我, 那,
了, 一下: ``words.fillers``), as if every entry held it: a small base's phrasings, few and short, hold none of
them, and counted as the rarest they outweighed what the question asks (钥匙丢在你们那了怎么办). A question word
(几, 哪里: ``words.QUESTION_WORDS``) is no filler: 还款日当天几点前还不算逾期 asks what the base does not say."""


def _filler_units(text: str, key: str) -> frozenset[str]:
    # The units of sound key ``key`` that only fillers of ``text`` hold (none when the key is no character for
    # character one, or the question is all fillers: 哈哈哈 says nothing lighter)
    from .words import fillers

    found = fillers(text) if len(key) == len(text) else None
    if found is None:
        return frozenset()
    light = {unit for unit, filler in zip(key, found) if filler}
    return frozenset(light.difference(unit for unit, filler in zip(key, found) if not filler))
