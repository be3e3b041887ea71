"""The ``answer`` signal: how much of a question an entry's answer says (``signals.SIGNALS``).

A bare list of questions (what a bot author starts with) has one phrasing per entry, and its answer is the only
other text saying what the entry is about: where a question uses other words than the entry's one phrasing, the
answer's words tell the entries apart. ``answer_terms`` reads the question once; ``answer_share`` is the signal of
one entry (``signals.entry_features``, and the bounds of ``recall_bounds`` where it is worked out exactly).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..normalize import PAIR_JOINER

if TYPE_CHECKING:
    from .index import Index


AnswerTerms = tuple[list[tuple[str, float]], float, list[str]]
"""A question's terms as the ``answer`` signal reads them (``answer_terms``)."""


def answer_terms(index: Index, query_terms: set[str]) -> AnswerTerms:
    """The question's terms that some answer holds, each as the substring of an answer's sound key it is, with
    its IDF across the answers; the question's whole weight so counted (a term no answer holds counting as the
    rarest); and, as substrings, those of the terms some answer holds that no phrasing does (``ANSWER_ONLY``).
    The terms come in sorted order, whatever the set's. The same for every entry: worked out once per question, not
    once per entry scored."""
    weight_of, unknown = index.answer_idf.get, index.unknown_idf
    held_by_phrasings = index.idf
    # A term only built-in small talk holds counts as held by no phrasing: the base's entries score the same
    # with that small talk or without it
    start, end = index.builtin_phrasings()
    searched: list[tuple[str, float]] = []
    answers_only: list[str] = []
    total = 0.0
    # In a defined order, not the set's (which the hash seed sets): the sums, this one and ``answer_share``'s over
    # ``searched``, then come out the same to the last bit in every process.
    for term in sorted(query_terms):
        weight = weight_of(term)
        if weight is None:
            total += unknown
            continue
        total += weight
        # A term is a unit or two units joined by ``PAIR_JOINER``: as a substring of the key, the units side by side
        substring = term.replace(PAIR_JOINER, "")
        searched.append((substring, weight))
        if term not in held_by_phrasings or index.only_builtin(term, start, end):
            answers_only.append(substring)
    return searched, total, answers_only


def answer_share(index: Index, owner: int, query_terms: set[str], terms: AnswerTerms | None = None) -> float:
    """The ``answer`` signal: the share of the question's term weight, each term weighed by its IDF across the
    answers (a term no answer holds by the rarest's), that entry ``owner``'s answer holds, divided by the entry's
    number of phrasings (an entry with alternates is told apart by them), squared; for a bare entry, plus
    ``ANSWER_ONLY`` times the share of that weight, each weighing the rarest's, of the question's terms that its
    answer holds and no phrasing of the base does; at most 1; 0.0 without answer.
    ``terms``: ``answer_terms(index, query_terms)``, when the caller has it."""
    answer_key = index.answer_keys[owner]
    if not answer_key:
        return 0.0
    searched, total, answers_only = terms if terms is not None else answer_terms(index, query_terms)
    found = 0.0
    for substring, weight in searched:
        if substring in answer_key:
            found += weight
    phrasings = index.first_phrasing[owner + 1] - index.first_phrasing[owner]
    # Squared: it then counts for an entry whose answer holds most of the question, and barely at all for one
    # with alternates (the square of a share over 15 phrasings), whose alternates already say what the answer does:
    # the share itself, unsquared, answered their out-of-scope questions more.
    if not total or not phrasings:
        return 0.0
    share = (found / (total * phrasings)) ** 2
    if phrasings == 1 and answers_only:
        # Unsquared: a word of the question that only answers say names this entry among the few whose answers
        # say it, however little of the question it is (剪毛 of 给狗剪毛多少钱, in the grooming answer)
        only = sum(1 for substring in answers_only if substring in answer_key)
        share = min(share + ANSWER_ONLY * only * index.unknown_idf / total, 1.0)
    return share


ANSWER_ONLY = 0.4
"""How much a bare entry's ``answer`` signal counts, unsquared, the share of the question's weight (across answers)
that its answer holds of terms no phrasing of the base holds (each weighing the rarest's: no phrasing says it).
Squared in the share of the whole question, such a word counted for next to nothing against the question words
(多少钱, 什么时候) another entry's phrasing shares. Counted more, an answer naming a thing beside its own (a
bookshop beside a print shop's hours) answers questions about that thing; only a bare entry's counts, for an
entry with alternates has them say its words."""
