"""Which entries a question scores: candidate strategies behind one interface, ``Candidates.score``.

Every strategy returns, for a normalized question, the score of the entries it looked at, by entry place; an
entry's score never depends on which other entries were looked at (``signals``). They differ in which entries:

* ``Preselection`` (a small base, under ``index.EXACT_FROM`` phrasings, as the bundled one): an inverted index
  over the terms is read within a budget of postings, the entries met are ranked by an estimate built like the
  score (recall and coverage), the likeliest have their coverage measured on all their phrasings, and the best
  of those are scored (see ``Preselection.entries``); then, unless a phrasing is left out, every other entry met
  whose bound (``recall_bounds``) reaches the lowest score the reply reads, so the reply is the one scoring every
  entry would give. Pure Python, so ``assistant ask`` imports no numpy;
* ``Bounded`` (a large base): bounds the score of every entry from the postings of the question's terms, with
  numpy (``bounds.ScoreBounds``), and scores entries in decreasing order of bound until the next bound is below
  the lowest score the reply reads: the reply is the one scoring every entry would give;
* ``Exhaustive``: scores every entry sharing a term with the question. The reference the others are checked
  against (tests, benchmarks); slow on a large base.

``for_index`` picks the strategy an index needs.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from ..normalize import PAIR_JOINER, sound_key
from .answer_signal import AnswerTerms, answer_terms
from .bound_tables import COMMON_LEVELS
from .cutoff import CutOff, RankedAfter
from .foreign import may_name_another_product
from .index import Index
from .recall_bounds import EntryTables, RecallBounds, best_recalls, found_anywhere, least_sum, met_recalls
from .signals import WEIGHTS, Features, QueryPostings, Scored, entry_features, query_postings

if TYPE_CHECKING:
    from .bounds import ScoreBounds

TERM_READS = 10
"""Pre-selection reads at most this many times ``candidate_limit`` postings of any one term."""

LEAST_ENTRIES, LEAST_CANDIDATES, LEAST_POSTINGS = 7, 64, 3_000
"""Pre-selection's ``entry_limit``, ``candidate_limit`` and ``posting_budget`` on a small base (up to ~900 entries
and 14,400 phrasings): a larger one raises them, never lowers them (see ``Preselection``)."""

SCORED_FIRST = 5
"""A small base scores this many of the entries pre-selection ranks first, then the others whose bound reaches
the cut-off those scores set (``Preselection.score``): more is scored than needed, fewer leaves the cut-off low."""

READINGS_KEPT = 8
"""How many questions' readings (``Reading``) a strategy keeps (a few per thread asking at once)."""


def estimate_weights() -> tuple[float, float, float]:
    """Pre-selection's estimate of an entry: the weights of recall, coverage (bm25 taken as coverage, which
    bounds it) and their product, the signals that weigh most in the score."""
    return WEIGHTS.recall, WEIGHTS.coverage + WEIGHTS.bm25, WEIGHTS.recall_coverage


class Reading:
    """What scoring works out of one normalized question, whatever the cut-off: what ``Index.query`` gives, its
    answer terms, the postings of its terms (``Bounded``), pre-selection's choice (``Preselection``) and each
    entry's signals, found on first need. A reply after an answer scores its question alone and read after that
    answer (``Matcher.replies``), each with its own cut-off: the entries scored by both are scored once."""

    __slots__ = ("answer", "chosen", "found", "key", "length", "postings", "query_terms", "query_weight", "text")

    def __init__(self, index: Index, text: str) -> None:
        self.text = text
        self.key, self.query_terms, self.query_weight, self.length = index.query(text)
        self.answer = answer_terms(index, self.query_terms)
        self.postings: QueryPostings | None = None
        self.chosen: tuple[list[int], list[float] | None, RecallBounds | None] | None = None
        self.found: dict[int, Features | None] = {}

    def features(self, index: Index, owner: int, shared_weights: list[float] | None) -> Features | None:
        """Entry ``owner``'s signals for the question (``signals.entry_features``, nothing left out), worked out
        once; None when no phrasing of it shares a term with the question."""
        if owner in self.found:
            return self.found[owner]
        features = entry_features(index, owner, self.text, self.key, self.query_terms, self.query_weight, -1,
                                  shared_weights, self.answer, self.postings)
        if features is not None:
            features.length = self.length
        self.found[owner] = features
        return features


def readings(index: Index) -> Callable[[str], Reading]:
    """``reading(text)``: the ``Reading`` of normalized ``text`` in ``index``, kept for the last ``READINGS_KEPT``
    questions. Safe to share across threads (two may read the same question at once: the same signals)."""
    return lru_cache(maxsize=READINGS_KEPT)(lambda text: Reading(index, text))


class Candidates(Protocol):
    """A way of choosing the entries a question scores."""

    def score(self, text: str, exclude: int = -1, skip_entry: int = -1, keep: int = 4,
              floor: float = 0.0, after: RankedAfter | None = None) -> dict[int, Scored]:
        """Score the candidate entries for normalized ``text`` (phrasing ``exclude`` left out, entry
        ``skip_entry`` not scored); return them by entry place. ``keep``, ``floor`` and ``after``: the caller reads
        the best ``keep`` real entries scoring at least ``floor``, those ``after`` tells ranked after all others
        coming last (``cutoff.CutOff``; a strategy may use it to stop early)."""
        ...


def features_of(index: Index, text: str, owners: list[int], exclude: int, skip_entry: int,
                shared_weights: list[float] | None, key: str, query_terms: set[str], query_weight: float,
                length: float, answer: AnswerTerms | None = None) -> dict[int, Features]:
    """The signals of exactly the entries ``owners`` (but ``skip_entry``) for normalized ``text``, whose sound
    ``key``, terms, their weight and length signal ``index.query`` gives; an entry no phrasing of which shares a
    term with it is left out. ``answer``: the question's ``answer_signal.answer_terms``, when the caller has it."""
    found: dict[int, Features] = {}
    if answer is None:
        answer = answer_terms(index, query_terms)
    for owner in owners:
        if owner == skip_entry:
            continue
        features = entry_features(index, owner, text, key, query_terms, query_weight, exclude, shared_weights,
                                  answer)
        if features is not None:
            features.length = length
            found[owner] = features
    return found


class Preselection:
    """A small base's strategy: pre-selection chooses at most ``entry_limit`` entries per question, the best of
    ``candidate_limit`` entries whose coverage of the question is measured (see ``entries``). By default both
    grow with the knowledge base (7 and 64 up to 899 entries, 8 and 64 at 1,000). A reply (``score``) scores the
    first ``SCORED_FIRST`` of them and any other entry whose bound reaches the cut-off; the leave-one-out check
    (``score`` with ``exclude``) and ``features`` read the chosen entries only."""

    def __init__(self, index: Index, *, candidate_limit: int | None = None, entry_limit: int | None = None,
                 posting_budget: int | None = None) -> None:
        self.index = index
        # At most ``entry_limit`` entries are scored per question, the likeliest of ``candidate_limit``
        # entries measured closely, met by reading about ``posting_budget`` postings (3,000 up to 14,400
        # phrasings, then 25 per square root of the phrasings). A larger base has more near neighbours to tell
        # apart, so all three grow with it.
        automatic = min(max(round(math.sqrt(len(index.entries)) / 4), LEAST_ENTRIES), 60)
        self.entry_limit = entry_limit if entry_limit is not None else automatic
        self.candidate_limit = (candidate_limit if candidate_limit is not None
                                else max(LEAST_CANDIDATES, 7 * automatic, len(index.entries) // 100))
        self.posting_budget = (posting_budget if posting_budget is not None
                               else max(LEAST_POSTINGS, round(25 * math.sqrt(len(index.texts)))))
        self._tables: EntryTables | None = None
        self.reading: Callable[[str], Reading] = readings(index)
        """The ``Reading`` of a normalized question, kept for the last few; shared with the large-base strategy
        built on this pre-selection (``Bounded``), so that a question both read is worked out once."""

    def tables(self) -> EntryTables:
        """What a small base's bounds read of every entry (``recall_bounds.EntryTables``), made at first use."""
        if self._tables is None:  # two threads may both make it: the same either way
            self._tables = EntryTables(self.index)
        return self._tables

    def capped(self) -> Preselection:
        """Return this pre-selection with its limits no higher than a small base's (``LEAST_ENTRIES`` …): the
        work per question then no longer grows with the base, so asking every alternate of a base (the
        leave-one-out check, ``confusables``) takes time in proportion to its size. On a small base, the same
        limits (and so the same results)."""
        return Preselection(self.index, candidate_limit=min(self.candidate_limit, LEAST_CANDIDATES),
                            entry_limit=min(self.entry_limit, LEAST_ENTRIES),
                            posting_budget=min(self.posting_budget, LEAST_POSTINGS))

    def features(self, text: str, exclude: int = -1, skip_entry: int = -1) -> dict[int, Features]:
        """Return the signals of every candidate entry for normalized ``text`` (phrasing ``exclude`` left out):
        what ``score`` scores, and what ``tools/fit_weights.py`` fits on."""
        key, query_terms, query_weight, length = self.index.query(text)
        owners, shared_weights = self.entries(query_terms, query_weight)
        return features_of(self.index, text, owners, exclude, skip_entry, shared_weights, key, query_terms,
                            query_weight, length)

    def score(self, text: str, exclude: int = -1, skip_entry: int = -1, keep: int = 4,
              floor: float = 0.0, after: RankedAfter | None = None) -> dict[int, Scored]:
        """See ``Candidates.score``: the pre-selected entries (``entries``), and on a small base, unless a
        phrasing is left out, every other entry whose bound (``RecallBounds``) reaches the cut-off
        (``cutoff.CutOff``: the ``keep``-th best real score so far of the entry's rank, or ``floor`` if higher;
        ``floor`` alone for small talk). The best ``keep`` real entries reaching ``floor`` are then the ones scoring
        every entry would give."""
        index = self.index
        if exclude != -1:  # (the leave-one-out check: each phrasing left out is asked once)
            key, query_terms, query_weight, length = index.query(text)
            owners, shared_weights, _ = self._choose(query_terms, query_weight)
            return {owner: features.scored() for owner, features in features_of(
                index, text, owners, exclude, skip_entry, shared_weights, key, query_terms, query_weight,
                length).items()}
        reading = self.reading(text)
        if reading.chosen is None:
            chosen = self._choose(reading.query_terms, reading.query_weight)
            if chosen[2] is not None:
                chosen[2].read_unread()
            reading.chosen = chosen
        owners, shared_weights, unchosen = reading.chosen
        if unchosen is not None:
            # The others only when their bound reaches the cut-off. Built-in small talk takes no place of the
            # first: the base's own entries are scored the same with it or without.
            builtin = [owner for owner in owners[:SCORED_FIRST + len(index.smalltalk)] if index.entries[owner].builtin]
            owners = [owner for owner in owners if not index.entries[owner].builtin][:SCORED_FIRST] + builtin
        scored: dict[int, Scored] = {}
        for owner in owners:
            if owner != skip_entry and (features := reading.features(index, owner, shared_weights)) is not None:
                scored[owner] = features.scored()
        if unchosen is None:
            return scored
        entries = index.entries
        cut = CutOff(keep, floor, may_name_another_product(index, text), after)
        for owner, found in scored.items():
            if not entries[owner].smalltalk:
                cut.add(owner, found.score)
        query_terms, query_weight, answer = reading.query_terms, reading.query_weight, reading.answer
        for bound, owner in unchosen.above(query_weight, reading.length, cut.lowest(), floor):
            if owner in scored or owner == skip_entry:
                continue
            smalltalk = entries[owner].smalltalk
            least = least_sum(floor if smalltalk else cut.of(owner))
            if bound < least or unchosen.closer(owner, query_terms, query_weight, answer) < least:
                continue
            features = reading.features(index, owner, shared_weights)
            if features is None:
                continue
            found = scored[owner] = features.scored()
            if not smalltalk:
                cut.add(owner, found.score)
        return scored

    def entries(self, query_terms: set[str], query_weight: float) -> tuple[list[int], list[float] | None]:
        """Return the entries worth scoring for a question with these terms, likeliest first, and on a small
        base whose postings of these terms were all read, the weight of the question's terms in each phrasing
        (0.0 in one sharing none), so that ``_entry_features`` need not work it out again; else None.

        Three steps, each narrower and closer to the final score:

        1. Postings are read within a budget, so the work per question is bounded at any size: rarest terms
           first, each term reading at most an equal share of what is left of the budget, and at most a few
           times ``candidate_limit`` postings. A common term's share goes to the phrasings it weighs most in,
           since postings come lightest phrasing first.
        2. Each entry met is estimated from what was read: its best phrasing's recall and the query weight
           found in it, combined as the score combines them. The best ``candidate_limit`` go on.
        3. Their coverage is measured on all their phrasings (on a small base, from the entries holding
           each term; on a larger one, from each entry's terms, kept up to 50,000 phrasings, or a substring
           test per query term on the entry's joined sound keys), the estimate redone, and the best
           ``entry_limit`` are scored.

        A small base adds up the terms' weights per phrasing in a list over all its phrasings (cheaper than
        a dict of those met when most are), and hands that list on to scoring.
        """
        owners, shared_weights, _ = self._choose(query_terms, query_weight)
        return owners, shared_weights

    def _choose(self, query_terms: set[str], query_weight: float) -> tuple[list[int], list[float] | None,
                                                                           RecallBounds | None]:
        """What ``entries`` returns, and on a small base that met more entries than it chose, what bounds the
        others' scores (``RecallBounds``); else None."""
        index = self.index
        found_postings: Mapping[str, Sequence[int]]
        # A small base reads all or most of its question's postings: copies are quicker to iterate than views
        found_postings = (index.postings.copies_of(query_terms) if index.inverse_weights is not None
                          else index.postings.of(query_terms))
        present = sorted((len(posting), term) for term, posting in found_postings.items())
        owner_of, idf = index.owner, index.idf
        reads: list[tuple[float, Sequence[int]]] = []
        unread_parts: list[tuple[float, Sequence[int], int]] = []  # each term's posting the budget left unread
        unread = self.posting_budget
        most = TERM_READS * self.candidate_limit
        for left, (size, term) in zip(range(len(present), 0, -1), present):
            share = min(size, unread // left, most)
            unread -= share
            posting = found_postings[term]
            reads.append((idf[term], posting if share == size else posting[:share]))
            if share < size:
                unread_parts.append((idf[term], posting, share))
        recall: dict[int, float] = {}  # entry -> the best recall of its phrasings read
        shared_weights: list[float] | None = None
        partial: list[float] | dict[int, float] = []
        inverse_weights = index.inverse_weights
        if inverse_weights is not None:
            # Small base: a list over all phrasings is cheaper to add to than a dict of those met, and each
            # entry's best recall is then the max of its slice
            partial = [0.0] * len(inverse_weights)
            for weight, read in reads:
                for phrasing in read:
                    partial[phrasing] += weight
            recall = best_recalls(index, partial)
            shared_weights = None if unread_parts else partial
        else:
            shared_by: dict[int, float] = {}  # phrasing -> the weight of the question's terms read in it
            for weight, read in reads:
                for phrasing in read:
                    shared_by[phrasing] = shared_by.get(phrasing, 0.0) + weight
            partial = shared_by
            recall = met_recalls(index, shared_by)
        unchosen: RecallBounds | None = None
        if len(recall) <= self.entry_limit:
            # every entry met is chosen, but entries holding only what the budget left unread may be missing
            if unread_parts and index.term_entries is not None:
                unchosen = RecallBounds(index, recall, found_anywhere(index, present), partial, unread_parts,
                                        self.tables())
            return list(recall), shared_weights, unchosen
        w_recall, w_coverage, w_both = estimate_weights()
        # The estimate, w_recall·r + w_coverage·c + w_both·r·c, written out: it is computed for every entry met.
        w_coverage /= query_weight
        w_both /= query_weight
        if len(recall) <= self.candidate_limit:
            likely = list(recall)
        else:
            found_in: dict[int, float] = {}  # entry -> the weight of the question's terms read in it
            for weight, read in reads:
                for owner in set(map(owner_of.__getitem__, read)):
                    found_in[owner] = found_in.get(owner, 0.0) + weight
            likely = [-negated for _, negated in heapq.nlargest(self.candidate_limit, (
                ((w_recall + w_both * found) * recall[owner] + w_coverage * found, -owner)
                for owner, found in found_in.items()))]
        # The question's weight found anywhere in each likely entry
        if index.term_entries is not None:
            found = found_anywhere(index, present)
            found_all = [found[owner] for owner in likely]
            unchosen = RecallBounds(index, recall, found, partial, unread_parts, self.tables())
        elif index.entry_terms is not None:
            entry_terms = index.entry_terms
            found_all = [math.fsum(map(idf.__getitem__, query_terms & entry_terms[owner])) for owner in likely]
        else:
            # A bigram term a+b is the substring ab of a key (the newline keeps phrasings apart): close
            # enough for an estimate, without the terms of every phrasing kept.
            searched = [(term.replace(PAIR_JOINER, ""), idf[term]) for _, term in present]
            texts, first = index.texts, index.first_phrasing
            found_all = []
            for owner in likely:
                joined = sound_key("\n".join(texts[first[owner]:first[owner + 1]]))
                found_all.append(sum(weight for substring, weight in searched if substring in joined))
        # sorted()[:n], what nlargest(n) gives, is quicker for the few dozen likely entries
        return [-negated for _, negated in sorted([
            ((w_recall + w_both * found) * recall[owner] + w_coverage * found, -owner)
            for owner, found in zip(likely, found_all)], reverse=True)[:self.entry_limit]], shared_weights, unchosen


class Bounded:
    """A large base's strategy: every entry that can be among the best ``keep`` real entries and reach
    ``floor`` is scored, so those are the ones scoring every entry would give. With ``exclude`` (a phrasing
    left out, as the confusables check does), it pre-selects (``preselection``) as a small base does."""

    def __init__(self, index: Index, preselection: Preselection) -> None:
        self.index = index
        self.preselection = preselection
        self._bounds: ScoreBounds | None = None  # built at the first question (it imports numpy)
        self._reading = preselection.reading

    def bounds(self) -> ScoreBounds:
        """The bounds on this index's scores (numpy views of its tables), made at the first call."""
        if self._bounds is None:
            from .bounds import ScoreBounds

            index = self.index
            # built twice at worst, by two threads at once: both the same
            self._bounds = ScoreBounds(
                owner=index.owner, first_phrasing=index.first_phrasing, weights=index.weights,
                entry_length=index.entry_length, average_length=index.average_length,
                real=[not entry.smalltalk for entry in index.entries], postings=index.postings,
                entry_number=index.entry_number, entry_starts=index.entry_starts, entry_owners=index.entry_owners,
                entry_counts=index.entry_counts, levels=COMMON_LEVELS, common_weight=index.common_weight,
                idf=index.idf)
        return self._bounds

    def score(self, text: str, exclude: int = -1, skip_entry: int = -1, keep: int = 4,
              floor: float = 0.0, after: RankedAfter | None = None) -> dict[int, Scored]:
        """Score, for normalized ``text``, every small-talk entry, any entry with a phrasing equal to it (it
        scores 100, above any bound), and the real entries in decreasing order of bound until the next bound
        is below the cut-off (``cutoff.CutOff``): the ``keep``-th best real score so far of an entry's rank
        (``after``), or ``floor`` if higher.

        A short question naming another product reads the best real entry (``_candidates``), so that one is
        found even below ``floor``.
        """
        if exclude != -1:  # leave-one-out: bounds count every phrasing, so pre-select as a small base does
            return self.preselection.score(text, exclude, skip_entry, keep, floor, after)
        index = self.index
        bounds = self.bounds()
        reading = self._reading(text)
        query_terms, query_weight, length = reading.query_terms, reading.query_weight, reading.length
        if reading.postings is None:
            reading.postings = query_postings(index, query_terms)
        entries = index.entries
        scored: dict[int, Scored] = {}
        cut = CutOff(keep, floor, may_name_another_product(index, text), after)

        def score(owner: int) -> None:
            if owner == skip_entry or owner in scored:
                return
            features = reading.features(index, owner, None)
            if features is None:  # no phrasing shares a term with the question
                return
            found = scored[owner] = features.scored()
            if not entries[owner].smalltalk:
                cut.add(owner, found.score)

        for owner in index.smalltalk:
            score(owner)
        for phrasing in bounds.verbatim(query_weight):
            if index.texts[phrasing] == text:
                score(index.owner[phrasing])
        for owner in bounds.candidates(query_terms, query_weight, length, cut.lowest):
            score(owner)
        return scored


class Exhaustive(Preselection):
    """The reference strategy: pre-selection with no limit, so every entry with a phrasing sharing a term with
    the question is scored (on any base: no bounds)."""

    UNLIMITED = 1 << 62

    def __init__(self, index: Index) -> None:
        super().__init__(index, candidate_limit=self.UNLIMITED, entry_limit=self.UNLIMITED,
                         posting_budget=self.UNLIMITED)

    def _choose(self, query_terms: set[str], query_weight: float) -> tuple[list[int], list[float] | None, None]:
        """What ``Preselection.entries`` returns with no limit, worked out directly: every entry with a phrasing
        holding one of the terms, in the same order (a small base's in entry order, a large one's as the
        postings, rarest term first, meet them), and on a small base the weight of the terms in each phrasing.
        No estimate is needed to rank entries that are all scored, nor a bound on the others (there are none)."""
        index = self.index
        present = sorted((len(posting), term) for term in query_terms
                         if (posting := index.postings.get(term)) is not None)
        owner_of = index.owner.__getitem__
        if index.inverse_weights is None:
            met: dict[int, None] = {}
            for _, term in present:
                met.update(dict.fromkeys(map(owner_of, index.postings[term])))
            return list(met), None, None
        shared_weights = [0.0] * len(index.inverse_weights)
        for _, term in present:
            weight = index.idf[term]
            for phrasing in index.postings[term]:
                shared_weights[phrasing] += weight
        held = {owner_of(phrasing) for _, term in present for phrasing in index.postings[term]}
        return sorted(held), shared_weights, None


def for_index(index: Index, *, candidate_limit: int | None = None, entry_limit: int | None = None) -> Candidates:
    """The strategy ``index`` needs: ``Bounded`` from ``EXACT_FROM`` phrasings, else ``Preselection``."""
    preselection = Preselection(index, candidate_limit=candidate_limit, entry_limit=entry_limit)
    return Bounded(index, preselection) if index.exact else preselection
