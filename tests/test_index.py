"""The index: tables built once from a knowledge base, consistent with each other, the same whichever way built."""

from __future__ import annotations

import copy
from array import array

import pytest

from assistant import Matcher, Normalizer, load_knowledge
from assistant.matching.index import EXACT_FROM, Index

KNOWLEDGE = load_knowledge()


@pytest.fixture(scope="module", params=[False, True], ids=["small", "large"])
def index(request: pytest.FixtureRequest) -> Index:
    return Index(KNOWLEDGE, Normalizer(KNOWLEDGE.synonyms), exact=request.param)


def test_every_phrasing_belongs_to_its_entry_in_order(index: Index) -> None:
    assert index.consistent()
    for owner, entry in enumerate(index.entries):
        for phrasing in range(index.first_phrasing[owner], index.first_phrasing[owner + 1]):
            assert index.owner[phrasing] == owner
            assert index.raw[phrasing] in entry.phrasings
            assert index.texts[phrasing] == index.normalize(index.raw[phrasing])


def test_the_out_of_scope_questions_are_one_small_talk_entry_at_the_end(index: Index) -> None:
    assert index.negative == len(index.entries) - 1
    assert index.entries[index.negative].smalltalk
    assert index.entries[:index.negative] == KNOWLEDGE.entries


def test_postings_and_weights_agree(index: Index) -> None:
    for term, posting in index.postings.items():
        assert all(term in index.terms(phrasing) for phrasing in posting)
    for phrasing in range(len(index.texts)):
        assert index.weights[phrasing] == pytest.approx(sum(index.idf[t] for t in index.terms(phrasing)))


def test_the_size_decides_which_tables_are_kept() -> None:
    assert EXACT_FROM == 5_000
    small = Matcher().index
    assert not small.exact and small.term_entries is not None and small.entry_starts == array("q")


@pytest.mark.parametrize("damage", ["owner out of range", "posting out of range", "term without weight",
                                    "phrasing count", "entry order"])
def test_inconsistent_tables_are_told(index: Index, damage: str) -> None:
    broken = copy.copy(index)
    if damage == "owner out of range":
        broken.owner = array("i", index.owner)
        broken.owner[-1] = len(index.entries)
    elif damage == "posting out of range":
        term = next(iter(index.postings))
        broken.postings = {**index.postings, term: array("i", [len(index.texts)])}
    elif damage == "term without weight":
        broken.idf = dict(list(index.idf.items())[1:])
    elif damage == "phrasing count":
        broken.raw = index.raw[:-1]
    else:
        broken.entries = index.entries[1:] + index.entries[:1]
    assert not broken.consistent()
