"""Going through the misses log with the maintainer (``assistant learn`` without a question): each logged
question the knowledge base still does not answer is shown with the entries it reads most like, and what the
maintainer decides is applied at once, by ``learn`` (an alternate added, or the question listed as out of
scope); a question answered by now, listed already, holding nothing to match, or a phrasing already, is passed
over without asking.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .errors import LearnError
from .learn import Learned, add_alternate, add_out_of_scope, base_path, phrasing_owner, sound_base
from .normalize import clean
from .replies import Match

if TYPE_CHECKING:
    from .misses import MissSummary


@dataclass(frozen=True)
class Review:
    """One logged miss offered to the maintainer: the question, how often it was asked, and the entries it
    reads most like (best first, with scores)."""

    query: str
    count: int
    candidates: tuple[Match, ...]
    entries: tuple[str, ...] = ()
    """Every entry's id (small talk's too, the built-in left out): the right entry may be none of the candidates."""


@dataclass(frozen=True)
class Decision:
    """The maintainer's choice for a ``Review``: ``learn`` (with ``entry_id``), ``skip``, ``out_of_scope`` or
    ``stop`` (end the review)."""

    action: Literal["learn", "skip", "out_of_scope", "stop"]
    entry_id: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What came of one ``Review``: the edit made (``learned``), or why none was (``error``), or neither:
    skipped, or passed over without asking (``decision`` None) because ``answered_by`` names the entry that
    answers the question by now or because it is ``listed`` as out of scope already."""

    review: Review
    decision: Decision | None
    learned: Learned | None = None
    error: str | None = None
    answered_by: str | None = None
    listed: bool = False
    phrasing_of: str | None = None
    """The entry the question is already a phrasing of, although the matcher holds its answer back (the reply's
    ``held_back`` says why): nothing the base can be taught, so it is passed over."""
    empty: bool = False
    """The question holds nothing to match (only punctuation or emoji): passed over."""


def review_misses(misses: Iterable[MissSummary], decide: Callable[[Review], Decision],
                  path: str | os.PathLike[str] | None = None, *, report: Callable[[Outcome], None] | None = None,
                  limit: int = 5) -> list[Outcome]:
    """Walk logged misses with the maintainer: for each, ``decide`` is shown the question and its ``limit``
    best candidate entries and returns a ``Decision``, which is applied at once (an alternate added, the
    question listed as out of scope, or nothing).

    A question that the knowledge base answers by now (thanks to an earlier decision), or lists as out of
    scope already, is passed over.
    ``report`` is called with each ``Outcome`` as it happens; a refused edit is an outcome with ``error``
    and the walk goes on. Returns every outcome, in order; stops early on a ``stop`` decision.
    """
    from .matcher import Matcher
    from .misses import reask

    base = base_path(path)
    knowledge = sound_base(base)
    matcher = Matcher(knowledge)
    ids = tuple(entry.id for entry in knowledge.entries if not entry.builtin)
    outcomes: list[Outcome] = []

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if report is not None:
            report(outcome)

    for miss in misses:
        query = miss.query
        reply = reask(matcher, miss)  # a follow-up as it was asked, after its previous answer
        builtin = sum(entry.builtin for entry in knowledge.entries)
        written = [match for match in matcher.search(query, limit + builtin) if not match.entry.builtin]
        review = Review(query, miss.count, tuple(written[:limit]), ids)  # only an entry of a file can learn
        if reply.status == "answer" and reply.entry is not None:
            done(Outcome(review, None, answered_by=reply.entry.id))
            continue
        if query in knowledge.out_of_scope:
            done(Outcome(review, None, listed=True))
            continue
        if not clean(query):
            done(Outcome(review, None, empty=True))
            continue
        owner = phrasing_owner(query, knowledge)
        if owner is not None:
            done(Outcome(review, None, phrasing_of=owner.id))
            continue
        decision = decide(review)
        if decision.action == "stop":
            break
        if decision.action == "skip":
            done(Outcome(review, decision))
            continue
        try:
            if decision.action == "out_of_scope":
                learned = add_out_of_scope(query, base)
            else:
                learned = add_alternate(query, decision.entry_id or "", base)
        except LearnError as error:
            done(Outcome(review, decision, error=str(error)))
            continue
        done(Outcome(review, decision, learned=learned))  # before reading the base again: Ctrl-C there counts it
        knowledge = sound_base(base)
        matcher = Matcher(knowledge)
        ids = tuple(entry.id for entry in knowledge.entries if not entry.builtin)
    return outcomes
