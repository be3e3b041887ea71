"""The signals that score an entry for a question, their weights, and the one function that turns them into a score.

An entry is scored on those of its phrasings (question and alternates) that share a term with the question.
Each signal is named in ``SIGNALS``, in the order of ``Features.vector``, with the range it takes (its upper
bound, which ``candidates.ScoreBounds`` relies on) written beside it:

* ``lexical`` (0–1): the best of ``fuzz.ratio`` on the normalized texts and on their toneless-pinyin keys (less
  ``PINYIN_DISCOUNT``), so 预期 scores like 逾期 but the right characters win;
* ``recall``, ``precision`` (0–1) and ``balance`` (0–1, the square root of their product): the overlap of
  character unigrams and bigrams, weighted by how rare each is across entries (IDF), best over the phrasings
  (a bare entry's recall also counts, in part, the question's terms it lacks that are rarer than all it holds,
  ``lacking_rarer``, and a short phrasing counts as half the average one, ``BARE_SHORT``);
* ``coverage`` (0–1) and ``bm25`` (0–1): the question's term weight found anywhere in the entry, and BM25 over
  the entry's phrasings taken together, as a share of the most the question could score;
* ``length`` (0–1): the question's length, up to 60 characters;
* ``answer`` (0–1): the share of the question's term weight (IDF across answers) found in the entry's answer,
  divided by the entry's number of phrasings, squared: what tells the entries of a bare list of questions apart
  when the question uses other words than the entry's one phrasing, and nearly nothing where alternates already
  do (``answer_signal.answer_share``); a bare entry's also counts, unsquared, the question's terms that no
  phrasing of the base holds and its answer does (``answer_signal.ANSWER_ONLY``);
* two products, ``lexical_coverage`` and ``recall_coverage`` (0–1), and ``bias`` (always 1).

Not signals here (the README's figures tell how each did): a general-corpus prior on the terms' weights, for words
such as 怎么, 多少 and 哪里 are what tell many entries apart; related words from a general thesaurus (同义词词林),
which answered none of the paraphrases it was for (逾期留下的污点要咋弥补 …); a question-type signal (how, how many,
how long, where, whether, why, what), for a kind is often asked only by one alternate, and most entries ask three
of the seven kinds; spoken question words read as written ones (咋, 啥, 如何, 怎样 → 怎么/什么), which tell the
way a question is put as much as what it asks; and the bigrams across 的 left out in every base, for a base's
alternates need them (a bare list joins the characters around 的 instead: ``index.joined_terms``).

``score(features)`` is the logistic of ``Σ WEIGHTS[name] · signal``, on 0–100: the only place it is written.
Adding a signal is one entry in ``SIGNALS`` with its bound, its value in ``Features.vector`` and in ``score``'s
written-out sum, and a refit (``tools/fit_weights.py``). An entry's score depends only on the question and the
entry.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import chain

from rapidfuzz import fuzz

from ..normalize import is_chinese, sound_key
from ..replies import ScoreParts
from .answer_signal import AnswerTerms, answer_share
from .index import Index, bare_entry
from .resemblance import COMMONEST
from .words import dictionary

SIGNALS: tuple[tuple[str, float], ...] = (
    ("lexical", 1.0),
    ("recall", 1.0),
    ("precision", 1.0),
    ("balance", 1.0),
    ("coverage", 1.0),
    ("length", 1.0),
    ("lexical_coverage", 1.0),
    ("recall_coverage", 1.0),
    ("bm25", 1.0),
    ("answer", 1.0),
    ("bias", 1.0),
)
"""Each signal's name and upper bound (every signal is at least 0), in the order of ``Features.vector``."""

NAMES: tuple[str, ...] = tuple(name for name, _ in SIGNALS)

FITTED: Mapping[str, float] = {
    "lexical": 0.31, "recall": 5.12, "precision": -0.16, "balance": 1.86, "coverage": 5.64, "length": 2.7,
    "lexical_coverage": -0.34, "recall_coverage": 1.95, "bm25": 1.83, "answer": 8.82, "bias": -6.57,
}
"""Logistic weights of the signals by name, fitted by ``tools/fit_weights.py``.

The fit had one more signal, an entry's BM25 relative to the best candidate's. It made an entry's score depend
on which other entries were candidates, so it was folded into ``coverage`` (its weight added to coverage's: the
signal was 1 for the winning entries). Refitting without it answered fewer held-out questions right, so the folded
weights stay.

``answer`` was fitted alone, the other weights kept (``python tools/fit_weights.py tests/eval/questions.yaml
--plain --free answer``): on the tuning questions asked of the bundled base and of the same base reduced to bare
questions, so no bundled alternate and no held-out question was fitted on. A free refit of every weight on that
data answered fewer held-out questions right at the thresholds tuned for these weights.
"""


class Weights:
    """Named weights, readable by name (``weights.recall``) or in signal order (``weights.vector``)."""

    __slots__ = ("by_name", "vector")

    def __init__(self, by_name: Mapping[str, float]) -> None:
        self.by_name: dict[str, float] = {}
        self.vector: tuple[float, ...] = ()
        self.set(by_name)

    def set(self, by_name: Mapping[str, float]) -> None:
        """Replace the weights, in place: every reader (scores, bounds, pre-selection's estimate) sees the new
        ones at once (``tools/fit_weights.py`` does this to measure a refit). Raises ``ValueError`` unless
        ``by_name`` names exactly the signals."""
        missing = set(NAMES) ^ set(by_name)
        if missing:
            raise ValueError(f"weights must name exactly the signals; these differ: {sorted(missing)}")
        self.by_name = dict(by_name)
        self.vector = tuple(by_name[name] for name in NAMES)

    def __getattr__(self, name: str) -> float:
        try:
            return self.by_name[name]
        except KeyError:
            raise AttributeError(name) from None


WEIGHTS = Weights(FITTED)
"""The weights every score, bound and estimate reads (``tools/fit_weights.py`` refits ``FITTED``)."""

PINYIN_DISCOUNT = 2.0
"""Points taken off a pinyin-only similarity, so that with equal sound the right characters win."""

K1, B = 1.2, 0.75
"""BM25's usual term-frequency saturation and length normalization."""

TEMPERATURE = 3.0
"""Spreads the logistic's top end so that close candidates stay apart on the 0–100 scale."""


def logistic(z: float) -> float:
    """The 0–100 score of a weighted sum ``z`` of signals."""
    return 100.0 / (1.0 + math.exp(-max(min(z / TEMPERATURE, 40.0), -40.0)))


# The two per-query records are plain classes: making a dataclass would slow every start.
class Scored:
    """An entry's score for one query, the phrasing that earned it, and the score's parts.

    Made with ``parts``, or with the ``features`` they are read from when first asked for: the decision shows
    the parts of a handful of entries, of the dozens scored for a question."""

    __slots__ = ("_features", "_parts", "phrasing", "score")

    def __init__(self, score: float, phrasing: int, parts: ScoreParts | None = None,
                 features: Features | None = None) -> None:
        self.score = score
        self.phrasing = phrasing
        self._parts = parts
        self._features = features

    @property
    def parts(self) -> ScoreParts:
        """The score's parts, rounded to one decimal as a ``Match`` shows them."""
        if self._parts is None:
            features = self._features
            if features is None:
                raise ValueError("a Scored is made with its parts or its features")
            self._parts = ScoreParts(round(features.characters, 1), round(features.pinyin, 1),
                                     round(100 * features.recall, 1), round(100 * features.coverage, 1),
                                     answer=round(100 * features.answer, 1))
        return self._parts


class Features:
    """An entry's signals for one query: the best of each over its phrasings, then entry-wide coverage and BM25,
    and the question's length."""

    __slots__ = ("answer", "balance", "bm25", "characters", "coverage", "length", "lexical", "phrasing", "pinyin",
                 "precision", "recall")

    def __init__(self, phrasing: int, characters: float, pinyin: float, lexical: float, recall: float,
                 precision: float, balance: float, coverage: float, bm25: float, answer: float = 0.0) -> None:
        self.phrasing = phrasing
        self.characters = characters
        self.pinyin = pinyin
        self.lexical = lexical
        self.recall = recall
        self.precision = precision
        self.balance = balance
        self.coverage = coverage
        self.bm25 = bm25
        self.answer = answer
        self.length = 0.0

    def vector(self) -> tuple[float, ...]:
        """The signals, in the order of ``SIGNALS``."""
        return (self.lexical, self.recall, self.precision, self.balance, self.coverage, self.length,
                self.lexical * self.coverage, self.recall * self.coverage, self.bm25, self.answer, 1.0)

    def scored(self) -> Scored:
        """The entry's score from these signals (``score``), with the phrasing and the parts shown."""
        return Scored(score(self), self.phrasing, None, self)


def score(features: Features) -> float:
    """The 0–100 score of an entry's signals: 100 for a phrasing asked word for word (once normalized), and
    only for that; else the logistic of the weighted signals, at most 99.9."""
    if features.characters >= 100.0:
        return 100.0
    # Σ w · x written out, in the order of SIGNALS (the same sum as over ``vector()``, at a third of the cost)
    w, f = WEIGHTS.vector, features
    lexical, recall, coverage = f.lexical, f.recall, f.coverage
    z = (w[0] * lexical + w[1] * recall + w[2] * f.precision + w[3] * f.balance + w[4] * coverage
         + w[5] * f.length + w[6] * (lexical * coverage) + w[7] * (recall * coverage) + w[8] * f.bm25
         + w[9] * f.answer + w[10] * 1.0)
    return min(logistic(z), 99.9)


def entry_signals(frequencies: Mapping[str, int], length: int, average_length: float, idf: Mapping[str, float],
                  query_weight: float) -> tuple[float, float]:
    """The entry-wide signals, from how many of the entry's phrasings hold each of the question's terms and
    the entry's length: ``coverage``, the share of the query's term weight found anywhere in the entry, and
    ``bm25`` over the entry's phrasings taken together (a term many phrasings share counts more), as a share
    of the most the query could score."""
    length_ratio = length / (average_length or 1.0)
    covered = bm25 = 0.0
    # In sorted order, not the mapping's (built from sets, whose order is the hash seed's): the same sums to the last
    # bit in every process.
    for term, frequency in sorted(frequencies.items()):
        weight = idf[term]
        covered += weight
        bm25 += weight * frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length_ratio))
    return covered / query_weight, bm25 / (query_weight * (K1 + 1))


QueryPostings = list[tuple[str, Sequence[int]]]
"""The postings of a question's terms that some phrasing holds (``query_postings``)."""


def query_postings(index: Index, query_terms: set[str]) -> QueryPostings:
    """Each of the question's terms that some phrasing holds, with its postings: looked up once per question,
    not once per entry scored (``held_terms``)."""
    return list(index.postings.of(query_terms).items())


def held_terms(index: Index, start: int, end: int, query_terms: set[str],
               postings: QueryPostings | None = None) -> list[set[str]]:
    """For each phrasing from ``start`` to ``end`` (an entry's) of a large base, the question's terms it holds.
    ``postings``: ``query_postings(index, query_terms)``, when the caller has it.

    Found in the postings, which a large base keeps in phrasing order: the phrasings of the entry holding a term
    are one slice of its posting, found by bisection. A large base keeps no phrasing's terms, and working them
    out for every phrasing of every entry scored took a third of a question's time at 10,000 entries."""
    span = end - start
    held: list[set[str]] = [set() for _ in range(span)]
    for term, posting in postings if postings is not None else query_postings(index, query_terms):
        first = bisect_left(posting, start)
        if first == len(posting) or posting[first] >= end:  # most terms are in none of the entry's phrasings
            continue
        # A posting names a phrasing once, in increasing order: the entry's are among the next ``span``
        # (read there, not found by a second bisection)
        for phrasing in posting[first:first + span]:
            if phrasing >= end:
                break
            held[phrasing - start].add(term)
    return held


def entry_features(index: Index, owner: int, text: str, key: str, query_terms: set[str], query_weight: float,
                   exclude: int = -1, shared_weights: list[float] | None = None,
                   answer: AnswerTerms | None = None, postings: QueryPostings | None = None) -> Features | None:
    """Return entry ``owner``'s signals for a question (normalized ``text``, its sound ``key``, terms and
    weight): the best of each over its phrasings (all but ``exclude``), then entry-wide coverage and BM25.
    None when no phrasing left shares a term with it.

    ``shared_weights`` (from pre-selection): the weight of the question's terms in each phrasing, which spares
    intersecting term sets; ignored with ``exclude`` (they count every phrasing). ``answer``: the question's
    ``answer_signal.answer_terms``, worked out here when not given; ``postings``: its ``query_postings``, likewise.
    """
    term_counts = index.entry_term_counts
    if exclude != -1 or term_counts is None:  # (the entry's term frequencies come from term_counts)
        shared_weights = None
    # Plain locals and comparisons rather than attributes and max(): this loop is where a question's time goes.
    best = -1
    characters = pinyin = lexical = recall = precision = balance = 0.0
    shared_sets: list[set[str]] = []
    length = index.entry_length[owner]
    weight_of = index.idf.__getitem__
    weights, texts = index.weights, index.texts
    # A small base keeps every phrasing's sound key and terms: read straight from the tables, not by a method call
    key_of = index.keys.__getitem__ if index.keys is not None else index.key
    all_terms = index.phrasing_terms
    ratio = fuzz.ratio
    start, end = index.first_phrasing[owner], index.first_phrasing[owner + 1]
    # A bare entry's one phrasing (not small talk): its recall also counts what the question holds that it lacks
    bare = bare_entry(index, owner)
    short_floor = BARE_SHORT * index.average_weight if bare else 0.0
    held = None
    if shared_weights is None and exclude == -1 and index.exact and all_terms is None:
        held = held_terms(index, start, end, query_terms, postings)
    # zip over the entry's slices: quicker than indexing the tables once per phrasing
    for phrasing, phrasing_text, its_weight in zip(range(start, end), texts[start:end], weights[start:end]):
        # As with whole entries, only phrasings sharing a term with the question count.
        if shared_weights is not None:
            shared = shared_weights[phrasing]
            if not shared:
                continue
            phrasing_key = key_of(phrasing)
        elif held is not None:
            shared_terms = held[phrasing - start]
            if not shared_terms:
                continue
            shared_sets.append(shared_terms)
            shared = math.fsum(map(weight_of, shared_terms))  # in any order alike: sets iterate as built
            phrasing_key = key_of(phrasing)
        else:
            phrasing_key = key_of(phrasing)
            phrasing_terms = all_terms[phrasing] if all_terms is not None else index.terms(phrasing, phrasing_key)
            if phrasing == exclude:
                length -= len(phrasing_terms)
                continue
            shared_terms = query_terms & phrasing_terms
            if not shared_terms:
                continue
            shared_sets.append(shared_terms)
            shared = math.fsum(map(weight_of, shared_terms))  # in any order alike: sets iterate as built
        # A phrasing of one character (嗨) is compared only when asked with that character: by sound alone,
        # every 还 (hai) of a question would hold all of it. (The entry-wide coverage and BM25 still count it.)
        if len(phrasing_text) == 1 and phrasing_text not in text:
            continue
        if bare:
            its_weight = max(its_weight, short_floor) + lacking_rarer(index, query_terms, phrasing, phrasing_key)
        its_recall = shared / (its_weight or 1.0)
        its_precision = shared / query_weight
        its_characters = ratio(text, phrasing_text)
        its_pinyin = ratio(key, phrasing_key)
        its_lexical = (its_characters if its_characters > its_pinyin - PINYIN_DISCOUNT
                       else its_pinyin - PINYIN_DISCOUNT) / 100.0
        if best < 0 or its_lexical + its_recall > lexical + recall:
            best = phrasing
        if its_characters > characters:
            characters = its_characters
        if its_pinyin > pinyin:
            pinyin = its_pinyin
        if its_lexical > lexical:
            lexical = its_lexical
        if its_recall > recall:
            recall = its_recall
        if its_precision > precision:
            precision = its_precision
        if its_recall * its_precision > balance:
            balance = its_recall * its_precision
    if best < 0:
        return None
    # How many of the entry's phrasings hold each of the question's terms
    frequencies: Mapping[str, int]
    if shared_weights is not None and term_counts is not None:
        counts = term_counts[owner]
        frequencies = {term: counts[term] for term in query_terms & counts.keys()}
    else:
        frequencies = Counter(chain.from_iterable(shared_sets))
    coverage, bm25 = entry_signals(frequencies, length, index.average_length, index.idf, query_weight)
    # A term only built-in small talk holds counts in the question at what it would weigh without that small talk
    # (``Index.query``), which may be less than its phrasings count it at (好的 to the built-in 好的): what it
    # shares is then at most the whole question.
    precision, balance, coverage, bm25 = (min(precision, 1.0), min(balance, 1.0), min(coverage, 1.0),
                                          min(bm25, 1.0))
    return Features(best, characters, pinyin, lexical, recall, precision, math.sqrt(balance), coverage, bm25,
                    answer_share(index, owner, query_terms, answer))


BARE_LACKING = 0.15
"""How much of the question's weight a bare entry's phrasing lacks, rarer than all it holds, counts against its
``recall`` (``lacking_rarer``)."""

BARE_SHORT = 0.5
"""A bare entry's recall divides what its phrasing shares with the question by at least this share of the average
phrasing's weight (``Index.average_weight``): a phrasing of a few common words (微粒贷是什么), held whole by many
a longer question, no longer reaches the recall of a long phrasing held whole; a larger share holds back short
phrasings asked whole."""


def lacking_rarer(index: Index, query_terms: set[str], phrasing: int, key: str) -> float:
    """``BARE_LACKING`` times the weight of the question's terms that phrasing ``phrasing`` (sound ``key``)
    lacks and that are rarer than every term of the question it holds; 0.0 when it holds none of them.

    A short bare question (微粒贷是什么) is held whole by many a longer question that merely names the product and
    asks what: its recall is then 1 whatever else the question says, while the entry holding the question's rare
    word (微信 of 微粒贷微信号是啥) holds a smaller share of its own longer phrasing. Only terms rarer than all it
    holds count, so that an entry holding the question's distinguishing word loses next to nothing. Terms no
    phrasing holds, or only the built-in small talk's (the base's entries score the same with it or without), count
    for nothing: they tell no entry apart (weighed, they lowered every long question's scores and cost right
    answers on the plain benchmarks)."""
    terms = index.phrasing_terms[phrasing] if index.phrasing_terms is not None else index.terms(phrasing, key)
    idf = index.idf
    shared = query_terms & terms
    if not shared:
        return 0.0
    rarest = max(idf[term] for term in shared)
    start, end = index.builtin_phrasings()
    return BARE_LACKING * math.fsum(weight for term in query_terms - shared if (weight := idf.get(term, 0.0)) > rarest
                                    and not index.only_builtin(term, start, end))


CORROBORATION = 0.03
"""How much more of the question (``bm25``, 0–1) the leading entry's phrasings taken together must hold than the
runner-up's for ``corroborates``."""


def corroborates(index: Index, text: str, leader: int, runner_up: int, exclude: int = -1) -> bool:
    """Whether entry ``leader``'s lead over entry ``runner_up`` for normalized ``text`` holds on both kinds of
    evidence: its closest phrasing is closer (``lexical``), and its phrasings taken together hold
    more of the question (``bm25``, by ``CORROBORATION``) while the runner-up's lack some of it (``coverage``
    under 1). False when either shares nothing with the question, and when the runner-up holds all of it (a
    keyword both entries hold, 分期还款: how often each phrases it tells nothing of which was meant). ``exclude``:
    a phrasing left out, as in ``entry_features``."""
    key, query_terms, query_weight, _ = index.query(text)
    first = entry_features(index, leader, text, key, query_terms, query_weight, exclude)
    second = entry_features(index, runner_up, text, key, query_terms, query_weight, exclude)
    return (first is not None and second is not None and second.coverage < 1.0 - 1e-9
            and written_lexical(index, leader, text, exclude) > written_lexical(index, runner_up, text, exclude)
            and first.bm25 >= second.bm25 + CORROBORATION)


def written_lexical(index: Index, owner: int, text: str, exclude: int = -1) -> float:
    """``lexical`` of entry ``owner`` for normalized ``text`` (over its phrasings but ``exclude``), with the
    commonest characters (``resemblance.COMMONEST``: 有, 是, 的) compared as written, not by sound: 有 of 有券吗
    sounding like 邮 of 包邮吗 says nothing of which entry was meant; a typo is of a rarer character (预期 for 逾期)."""
    question = _content_key(text)
    best = 0.0
    for phrasing in range(index.first_phrasing[owner], index.first_phrasing[owner + 1]):
        written = index.texts[phrasing]
        if phrasing == exclude or (len(written) == 1 and written not in text):
            continue
        best = max(best, fuzz.ratio(text, written), fuzz.ratio(question, _content_key(written)) - PINYIN_DISCOUNT)
    return best / 100.0


def _content_key(text: str) -> str:
    # The sound key with the commonest characters left as written (see written_lexical).
    table = dictionary()
    return "".join(char if is_chinese(char) and table.surprisal(char) < COMMONEST else sound
                   for char, sound in zip(text, sound_key(text)))
